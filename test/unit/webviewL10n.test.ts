/**
 * The panels' own words in another language: the host sends VS Code's translation bundle with the state
 * (`webview/protocol.ts`, validated by `parseStateL10n`), the page configures `@vscode/l10n` (its browser build, in
 * each page bundle) with it before drawing. Here the real panel scripts run in headless Chromium under the shell's
 * HTML and CSP and get the pseudo-localized bundle (`@vscode/l10n-dev`'s `qps-ploc` transform of
 * l10n/bundle.l10n.json) with Japanese as the display language (so dates and counts have no Latin letters): what is
 * drawn — text, accessible names, tooltips, placeholders, counts, empty and no-match states — has no English word
 * left once the data is taken out. A hostile translation cannot turn data into markup. Skipped, with a message, only
 * when chromium is not installed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import type { BrowserContext, Page } from 'playwright-core';
import type { ClusterInfo, LifecycleResource } from '../../src/aws/types';
import { buildEcsTaskDefinitionState } from '../../src/inspector/ecsTaskDefinitionPanel';
import { buildEksWorkloadsState } from '../../src/inspector/eksWorkloadsPanel';
import { buildSnapshotStatesState } from '../../src/imagebuilder/snapshotStatesPanel';
import type { PanelKind, PanelStateOf } from '../../src/panels';
import { parseStateL10n } from '../../src/webview/protocol';
import { postPanelState, usePanelBrowser } from '../support/panelPage';

const ROOT = path.resolve(__dirname, '..', '..');
const english = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<
  string,
  string | { message: string; comment: string[] }
>;
/** What `vscode.l10n.bundle` holds in the pseudo-locale: English message (with its comment) → translation. */
const pseudo = getL10nPseudoLocalized(english) as Record<string, string>;

const NOW = Date.now();
const DAY = 24 * 3600_000;
const IMG = '<img src=x onerror="window.__pwned=1">';

const eksCluster: ClusterInfo = {
  clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/shop',
  details: [
    {
      lastInUse: new Date(NOW - 3 * DAY),
      runningUnitCount: 4,
      stoppedUnitCount: 1,
      metadata: {
        kind: 'eks',
        namespace: 'payments',
        workloads: [
          { name: 'billing-api', type: 'Deployment' },
          { name: IMG, type: 'StatefulSet' },
        ],
      },
    },
    {
      lastInUse: new Date(NOW - 2 * DAY),
      runningUnitCount: 1234,
      metadata: { kind: 'eks', namespace: 'web', workloads: [{ name: 'storefront', type: 'Deployment' }] },
    },
    {
      metadata: {
        kind: 'ecs',
        detailsGroup: 'g',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/x:1',
      },
    },
  ],
};

const ecsCluster: ClusterInfo = {
  clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/orders',
  details: [
    {
      lastInUse: new Date(NOW - 5 * DAY),
      runningUnitCount: 3,
      stoppedUnitCount: 0,
      metadata: {
        kind: 'ecs',
        detailsGroup: 'service:orders-web',
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/orders-web:42',
      },
    },
    { metadata: { kind: 'ecs', detailsGroup: 'service:x', taskDefinitionArn: 'not-an-arn' } },
    { metadata: { kind: 'unknown', tag: 'awsNewMetadata' } },
    { metadata: { kind: 'unknown', tag: 'awsOtherMetadata' } },
  ],
};

const amiResource: LifecycleResource = {
  accountId: '111122223333',
  region: 'us-east-1',
  resourceId: 'ami-0123456789abcdef0',
  state: { status: 'FAILED', reason: 'Snapshot is in use' },
  action: { name: 'DELETE' },
  snapshots: [
    { snapshotId: 'snap-0b', state: { status: 'SUCCESS' } },
    { snapshotId: 'snap-0a', state: { status: 'FAILED', reason: 'Quota exceeded' } },
    { state: { status: 'IN_PROGRESS' } },
  ],
  imageUris: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/shop:1'],
  startTime: new Date(NOW - 8 * DAY),
  endTime: new Date(NOW - 7 * DAY),
};

/** Every string in a state: data, shown as it is, never translated. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** Words of three letters or more in plain ASCII, once the data is taken out: English the bundle did not cover. */
function englishWords(text: string, data: readonly string[]): string[] {
  let rest = text;
  for (const d of [...data].sort((a, b) => b.length - a.length)) if (d) rest = rest.split(d).join(' ');
  return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
}

describe('panels in a pseudo-locale (chromium + the page bundle of @vscode/l10n)', function () {
  this.timeout(60_000);

  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  const panels = usePanelBrowser('the pseudo-locale panels', 'panels-l10n-');

  beforeEach(async () => {
    pageErrors = [];
    context = await panels.newContext();
  });

  afterEach(async () => {
    await context?.close();
  });

  async function open<K extends PanelKind>(
    kind: K,
    state: PanelStateOf<K>,
    l10n: unknown = pseudo,
    locale = 'ja',
  ): Promise<Page> {
    const page = await context!.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`${m.type()}: ${m.text()}`);
    });
    await page.goto(`${panels.origin}/panel/${kind}`);
    await page.waitForFunction(() =>
      ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'),
    );
    await postPanelState(page, { type: 'state', kind, state, locale, l10n });
    return page;
  }

  /** What a user reads or hears in the page: its text, and the accessible names, tooltips and placeholders. */
  const shownText = (page: Page) =>
    page.evaluate(() => {
      const attrs = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
      );
      return [document.body.textContent ?? '', ...attrs].join('\n');
    });

  async function assertNoEnglish(page: Page, state: object, what: string, typed: string[] = []): Promise<void> {
    const text = await shownText(page);
    assert.deepEqual(
      englishWords(text, [...strings(state), ...typed]),
      [],
      `${what}: ${text.replace(/\s+/g, ' ').slice(0, 600)}`,
    );
    assert.deepEqual(pageErrors, []);
  }

  it('EKS: headings, facts, buttons, summary, both tables, counts and the note are translated', async () => {
    const { state } = buildEksWorkloadsState({
      imageLabel: 'shop:1',
      resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/shop',
      cluster: eksCluster,
      consoleUrl: 'https://console.aws.amazon.com/eks/home',
    });
    assert.ok(state.namespaces.length > 1 && state.otherDetailCount > 0, 'the state shows every part of the panel');
    const page = await open('eksWorkloads', state);
    assert.match((await page.textContent('h1')) ?? '', /^Ẇǿǿřķŀǿǿȧȧḓş īƞ shop$/, 'a translated heading with its data');
    await assertNoEnglish(page, state, 'EKS');

    await page.locator('input[type=search]').last().fill('nothing-like-this');
    await assertNoEnglish(page, state, 'EKS, filtered to nothing', ['nothing-like-this']);
    assert.ok((await shownText(page)).includes('nothing-like-this'), 'the filter text is shown in the no-match line');

    const empty = buildEksWorkloadsState({
      imageLabel: 'shop:1',
      resourceId: 'r',
      cluster: { clusterArn: eksCluster.clusterArn, details: [] },
      namespace: 'payments',
    }).state;
    await postPanelState(page, { type: 'state', kind: 'eksWorkloads', state: empty, locale: 'ja', l10n: pseudo });
    await assertNoEnglish(page, empty, 'EKS, empty');
  });

  it('ECS: cards, their buttons and accessible names, and the empty state are translated', async () => {
    const { state } = buildEcsTaskDefinitionState({
      imageLabel: 'orders:42',
      resourceId: 'r',
      cluster: ecsCluster,
      consoleUrls: {
        cluster: 'https://console.aws.amazon.com/ecs/v2/clusters/orders',
        taskDefinition: () => 'https://console.aws.amazon.com/ecs/td',
      },
    });
    const page = await open('ecsTaskDefinition', state);
    const names = await page.$$eval('article.card button.action', (b) => b.map((x) => x.getAttribute('aria-label')));
    assert.ok(
      names.every((n) => n !== null && !/\b(Copy|Open)\b/.test(n)),
      `accessible names: ${names.join(' | ')}`,
    );
    assert.ok(
      names.some((n) => n?.includes('orders-web:42')),
      'the name still says what the button acts on',
    );
    await assertNoEnglish(page, state, 'ECS');

    const empty = buildEcsTaskDefinitionState({
      imageLabel: 'x',
      resourceId: 'r',
      cluster: { clusterArn: ecsCluster.clusterArn, details: [] },
    }).state;
    await postPanelState(page, { type: 'state', kind: 'ecsTaskDefinition', state: empty, locale: 'ja', l10n: pseudo });
    await assertNoEnglish(page, empty, 'ECS, empty');
  });

  it('snapshot states: facts, status counts, table, copy buttons and a filtered count are translated', async () => {
    const { state } = buildSnapshotStatesState({ lifecycleExecutionId: 'lce-1234', resource: amiResource });
    const page = await open('snapshotStates', state);
    await assertNoEnglish(page, state, 'snapshots');
    await page.locator('input[type=search]').fill('success');
    await assertNoEnglish(page, state, 'snapshots, filtered', ['success']);
    assert.match((await page.textContent('.row-count')) ?? '', /^1 .+ 3 /, 'shown of total, counts as arguments');

    const none = buildSnapshotStatesState({
      lifecycleExecutionId: 'lce-x',
      resource: { snapshots: [], imageUris: [] },
    }).state;
    await postPanelState(page, { type: 'state', kind: 'snapshotStates', state: none, locale: 'ja', l10n: pseudo });
    await assertNoEnglish(page, none, 'snapshots, none');
  });

  it('a translation cannot turn data into markup; a later state without a bundle is English again', async () => {
    const { state } = buildEksWorkloadsState({
      imageLabel: IMG,
      resourceId: 'r',
      cluster: { clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/<b>x</b>', details: [] },
    });
    const hostile = {
      'Workloads in {0}': '<img src=x onerror="window.__pwned=1">{0} & {0}',
      'Image {0}': '<script>window.__pwned=1</script>{0}',
    };
    const page = await open('eksWorkloads', state, hostile);
    const counts = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      b: document.querySelectorAll('b').length,
      scripts: document.querySelectorAll('script').length,
    }));
    assert.deepEqual(counts, { img: 0, b: 0, scripts: 1 }, 'no element was made from the translation or the data');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(
      await page.textContent('h1'),
      `<img src=x onerror="window.__pwned=1">${state.clusterName} & ${state.clusterName}`,
      'the translation is text, the data is text, a repeated placeholder repeats it',
    );
    assert.equal(await page.textContent('header .subtitle'), `<script>window.__pwned=1</script>${IMG}`);

    await postPanelState(page, { type: 'state', kind: 'eksWorkloads', state, locale: 'en' });
    assert.equal(await page.textContent('h1'), `Workloads in ${state.clusterName}`, 'no bundle: English');
    assert.deepEqual(pageErrors, []);
  });

  it('ignores a malformed bundle (English), and drops the entries that are not strings', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'i', resourceId: 'r', cluster: eksCluster });
    for (const bad of [['Workloads in {0}'], 'Workloads in {0}', 42, null]) {
      const page = await open('eksWorkloads', state, bad);
      assert.equal(await page.textContent('h1'), 'Workloads in shop', JSON.stringify(bad));
      await page.close();
    }
    const mixed = await open('eksWorkloads', state, { 'Workloads in {0}': 7, 'Image {0}': 'Bild {0}' });
    assert.equal(await mixed.textContent('h1'), 'Workloads in shop', 'a non-string entry is dropped');
    assert.equal(await mixed.textContent('header .subtitle'), 'Bild i', 'the other entries are kept');
    assert.deepEqual(pageErrors, []);
  });
});

describe('parseStateL10n (the bundle a state message carries)', () => {
  it('keeps string translations in an object without a prototype, and rejects anything else', () => {
    const parsed = parseStateL10n({ l10n: { a: 'A', b: 2, constructor: 'C', long: 'x'.repeat(5000) } });
    assert.deepEqual({ ...parsed }, { a: 'A', constructor: 'C' });
    assert.equal(Object.getPrototypeOf(parsed), null);
    assert.equal(parseStateL10n({ l10n: {} })?.toString, undefined, 'no inherited members');
    for (const bad of [undefined, null, 'x', { l10n: 'x' }, { l10n: ['a'] }, { l10n: null }, { l10n: 3 }]) {
      assert.equal(parseStateL10n(bad), undefined, JSON.stringify(bad));
    }
    const flood = Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`m${i}`, 't']));
    assert.equal(parseStateL10n({ l10n: flood }), undefined, 'a flood of messages is refused');
  });
});
