/**
 * The manifest as the Marketplace and VS Code read it: the PNG icon, categories, banner and preview flag; which
 * commands each tree row offers (the `view/item/context` when-clauses evaluated for every contextValue our trees
 * set, so that collapsing entries into patterns changes nothing a user sees, and nothing shows in other extensions'
 * views); the walkthrough's steps, media and completion events.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import manifest from '../../package.json';

const root = path.resolve(__dirname, '..', '..');

/** The English text VS Code shows for a manifest string: `%key%` looked up in package.nls.json. */
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
function english(value: string): string {
  const key = /^%([^%]+)%$/.exec(value)?.[1];
  return key === undefined ? value : (nls[key] ?? value);
}

interface MenuEntry {
  readonly command: string;
  readonly when?: string;
  readonly group?: string;
}

/** VS Code's allowed extension categories (extensions/categories in the product). */
const ALLOWED_CATEGORIES = [
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
];

/**
 * Evaluates the when-clauses our item menus use: terms `view == x`, `view =~ /re/`, `viewItem == x`,
 * `viewItem =~ /re/` joined by `&&`. Anything else fails the test, so a new form is noticed rather than misread.
 */
function matches(when: string, context: { view: string; viewItem: string }): boolean {
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    const m = /^(view|viewItem) (==|=~) (.+)$/.exec(term);
    assert.ok(m, `unsupported when-clause term: ${term}`);
    const value = context[m[1] as 'view' | 'viewItem'];
    if (m[2] === '==') return value === m[3];
    const re = /^\/(.*)\/([a-z]*)$/.exec(m[3] as string);
    assert.ok(re, `not a regular expression: ${m[3]}`);
    return new RegExp(re[1] as string, re[2]).test(value);
  });
}

function offered(view: string, viewItem: string): { inline: string[]; menu: string[] } {
  const entries = manifest.contributes.menus['view/item/context'] as MenuEntry[];
  const shown = entries.filter((e) => matches(e.when ?? '', { view, viewItem }));
  const name = (e: MenuEntry) => e.command.replace(/^imageFootprint\./, '');
  return {
    inline: shown
      .filter((e) => e.group?.startsWith('inline'))
      .map(name)
      .sort(),
    menu: shown
      .filter((e) => !e.group?.startsWith('inline'))
      .map(name)
      .sort(),
  };
}

const CLUSTERS = 'imageFootprint.clusters';
const LIFECYCLE = 'imageFootprint.lifecycle';
const WORKSPACE = 'imageFootprint.workspaceImages';
const EXPORT_CLUSTERS = ['copyClustersAsMarkdown', 'exportClustersCsv'];
const EXPORT_RESOURCES = ['copyLifecycleResourcesAsMarkdown', 'exportLifecycleResourcesCsv'];

/** What each row offers: [view, contextValue, inline buttons, context menu]. */
const EXPECTED: readonly [string, string, string[], string[]][] = [
  [
    CLUSTERS,
    'image',
    ['refresh', 'removeImage'],
    ['copyArn', 'openInConsole', 'refresh', 'removeImage', ...EXPORT_CLUSTERS],
  ],
  [
    CLUSTERS,
    'ecsCluster',
    ['showEcsTaskDefinition'],
    ['copyArn', 'copyTaskDefinitionArn', 'openInConsole', 'showEcsTaskDefinition'],
  ],
  [CLUSTERS, 'eksCluster', ['showEksWorkloads'], ['copyArn', 'openInConsole', 'showEksWorkloads']],
  [
    CLUSTERS,
    'ecsDetail',
    ['showEcsTaskDefinition'],
    ['copyTaskDefinitionArn', 'openInConsole', 'showEcsTaskDefinition'],
  ],
  [CLUSTERS, 'eksNamespace', ['showEksWorkloads'], ['showEksWorkloads']],
  [CLUSTERS, 'cluster', [], []],
  [CLUSTERS, 'eksWorkload', [], []],
  [CLUSTERS, 'unknownDetail', [], []],
  [CLUSTERS, 'retryableError', ['retry'], []],
  [CLUSTERS, 'error', [], []],
  [CLUSTERS, 'loadMore', ['loadAll'], ['loadAll']],
  [CLUSTERS, 'loadingAll', [], []],
  [
    LIFECYCLE,
    'openedExecutionActive',
    ['closeExecution', 'refresh'],
    ['copyResourceId', 'refresh', ...EXPORT_RESOURCES],
  ],
  [LIFECYCLE, 'openedExecution', ['closeExecution'], ['copyResourceId', 'refresh', ...EXPORT_RESOURCES]],
  [LIFECYCLE, 'lifecycleExecutionActive', ['refresh'], ['copyResourceId', 'refresh', ...EXPORT_RESOURCES]],
  [LIFECYCLE, 'lifecycleExecution', [], ['copyResourceId', 'refresh', ...EXPORT_RESOURCES]],
  [LIFECYCLE, 'lifecycleResourceWithSnapshots', ['showSnapshotStates'], ['copyResourceId', 'showSnapshotStates']],
  [LIFECYCLE, 'lifecycleResource', [], ['copyResourceId']],
  [LIFECYCLE, 'lifecyclePolicy', [], ['copyResourceId', 'openPolicyInConsole', 'refresh']],
  [LIFECYCLE, 'lifecyclePolicies', [], ['refresh']],
  [LIFECYCLE, 'retryableError', ['retry'], []],
  [LIFECYCLE, 'loadMore', ['loadAll'], ['loadAll']],
  [LIFECYCLE, 'inUse', [], []],
  [LIFECYCLE, 'snapshots', [], []],
  // Workspace Images: its "Where it runs" rows are the Image Clusters rows, with the same commands.
  [WORKSPACE, 'workspaceImage', [], []],
  [WORKSPACE, 'imageReference', [], []],
  [WORKSPACE, 'workspaceImageRuns', ['refresh'], []],
  [
    WORKSPACE,
    'ecsCluster',
    ['showEcsTaskDefinition'],
    ['copyArn', 'copyTaskDefinitionArn', 'openInConsole', 'showEcsTaskDefinition'],
  ],
  [WORKSPACE, 'eksCluster', ['showEksWorkloads'], ['copyArn', 'openInConsole', 'showEksWorkloads']],
  [
    WORKSPACE,
    'ecsDetail',
    ['showEcsTaskDefinition'],
    ['copyTaskDefinitionArn', 'openInConsole', 'showEcsTaskDefinition'],
  ],
  [WORKSPACE, 'eksNamespace', ['showEksWorkloads'], ['showEksWorkloads']],
  [WORKSPACE, 'retryableError', ['retry'], []],
  [WORKSPACE, 'loadMore', ['loadAll'], ['loadAll']],
  // Another extension's rows, even with our words: nothing of ours.
  ['someone.elses.view', 'retryableError', [], []],
  ['someone.elses.view', 'image', [], []],
  ['someone.elses.view', 'loadMore', [], []],
  ['imageFootprint.clustersOfSomeoneElse', 'retryableError', [], []],
];

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('manifest', () => {
  it('has a 128 or 256 px square PNG icon, allowed categories, keywords, a gallery banner and the preview flag', () => {
    const icon = path.join(root, manifest.icon);
    assert.ok(manifest.icon.endsWith('.png') && existsSync(icon));
    const { width, height } = pngSize(icon);
    assert.equal(width, height);
    assert.ok(width === 128 || width === 256, `icon is ${width} px`);
    assert.ok(manifest.categories.length > 1);
    for (const c of manifest.categories) assert.ok(ALLOWED_CATEGORIES.includes(c), `category ${c}`);
    assert.ok(manifest.keywords.length >= 5 && manifest.keywords.length <= 30);
    assert.match(manifest.galleryBanner.color, /^#[0-9A-Fa-f]{6}$/);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
    assert.equal(manifest.preview, true);
  });

  it('gives each view an icon file that exists', () => {
    for (const view of manifest.contributes.views.imageFootprint) {
      assert.ok(view.icon && existsSync(path.join(root, view.icon)), `icon of ${view.id}`);
    }
  });

  it('offers each tree row exactly its commands, and nothing in views of other extensions', () => {
    for (const [view, viewItem, inline, menu] of EXPECTED) {
      assert.deepEqual(
        offered(view, viewItem),
        { inline: [...inline].sort(), menu: [...menu].sort() },
        `${view} ${viewItem}`,
      );
    }
  });

  it('scopes every tree row entry to our own views', () => {
    const entries = manifest.contributes.menus['view/item/context'] as MenuEntry[];
    assert.ok(entries.length <= 24, `${entries.length} entries: collapse them with viewItem patterns`);
    for (const e of entries) assert.match(e.when ?? '', /^view (==|=~) \/?\^?imageFootprint\\?\./, e.command);
  });

  it('names only contributed commands in its menus', () => {
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries as MenuEntry[]) assert.ok(commands.has(e.command), `${menu}: ${e.command}`);
    }
  });

  it('has a walkthrough of at least four steps, each with media that exists and a completion event that can happen', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.ok(walkthrough);
    const commands = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.ok(walkthrough.steps.length >= 4);
    const titles = walkthrough.steps.map((s) => english(s.title).toLowerCase());
    for (const topic of [/profile|sign in/, /look up/, /hover/, /lifecycle execution/]) {
      assert.ok(
        titles.some((t) => topic.test(t)),
        `a step about ${topic}`,
      );
    }
    for (const step of walkthrough.steps) {
      const media = step.media.markdown;
      assert.ok(existsSync(path.join(root, media)), `${step.id}: ${media}`);
      // Images in the step's Markdown resolve from the Markdown file.
      for (const [, src] of readFileSync(path.join(root, media), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)) {
        assert.ok(existsSync(path.resolve(root, path.dirname(media), src as string)), `${media}: ${src}`);
      }
      assert.ok(step.completionEvents.length > 0, step.id);
      for (const event of step.completionEvents) {
        const [kind, value] = event.split(/:(.*)/s) as [string, string];
        if (kind === 'onCommand') assert.ok(commands.has(value), `${step.id}: ${event}`);
        else assert.ok(['onContext', 'onSettingChanged', 'onView'].includes(kind), `${step.id}: ${event}`);
      }
      // The buttons in the description run contributed commands (or a workbench command).
      for (const [, command] of english(step.description).matchAll(/\]\(command:([\w.]+)/g)) {
        assert.ok(commands.has(command as string) || command?.startsWith('workbench.'), `${step.id}: ${command}`);
      }
    }
  });
});
