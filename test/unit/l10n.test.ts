/**
 * Localization of our strings (README "Localization"):
 *
 * - No text of ours bypasses l10n: `l10nScan.ts` (next to this file; run it alone for the list of what is left:
 *   `node --import tsx test/unit/l10nScan.ts`) scans every file of src/ for string and template literals holding
 *   English words outside an `l10n.t(…)` message — tree labels, descriptions and tooltips, hovers, CodeLens, Problems
 *   messages and quick fixes, quick pick items, notifications, error messages and hints, export headers, panels —
 *   with a few principled exceptions for what never reaches a user (module names, keys, ids, the log, programmer
 *   errors, CSS/HTML names, patterns; the list is in l10nScan.ts) and an explicit `// l10n-ignore: <reason>` marker.
 *   Every `l10n.t` message is a string literal (the only form `@vscode/l10n-dev export` extracts).
 * - The committed bundle l10n/bundle.l10n.json is exactly what the export produces from src/ now: a message added or
 *   changed without `npm run l10n:export` fails here.
 * - A pseudo-locale run: the pseudo-localized bundle (`@vscode/l10n-dev`'s `qps-ploc` transform) is loaded into the
 *   vscode stand-in's `l10n` (host code) and into `@vscode/l10n` (pure modules and panels); every message, with or
 *   without a translator comment, comes back translated with its placeholders kept, and real code (status bar, a
 *   notification) shows no English. The panels' pseudo-locale run is test/unit/webviewL10n.test.ts (Chromium).
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as pureL10n from '@vscode/l10n';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { l10n, l10nBundle, standIn } from '../support/vscodeStandIn';
import { formatReport, nonLiteralMessages, scanFiles, scanSource, sourceFiles } from './l10nScan';

const root = path.resolve(__dirname, '..', '..');
const sources = sourceFiles();
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

/** One bypass of each kind users meet; the scan must report each (a line may hold more than one). */
const BYPASSES: Readonly<Record<string, string>> = {
  'tree label': "const item = new vscode.TreeItem('Load more…');",
  'tree description': 'item.description = `${n} images shown`;',
  tooltip: 'item.tooltip = new vscode.MarkdownString(`**Cluster** ${name}`);',
  'Markdown hover': "md.appendMarkdown('$(circle-slash) **Not in use**: no cluster runs it.');",
  'CodeLens title': "new vscode.CodeLens(range, { title: '$(server) not in use', command: 'x.show' });",
  'diagnostic message': 'new vscode.Diagnostic(range, `Deleted by ${policy} on ${when}`, severity);',
  'quick fix title': "new vscode.CodeAction('Show where it runs', kind);",
  'quick pick item': "const items = [{ label: 'All regions', description: 'every region', detail: x }];",
  notification: "void vscode.window.showWarningMessage('Could not open it.', 'Retry');",
  'error message': "throw new FootprintError('auth', 'The credentials have expired.');",
  'webview text': "h('h2', {}, 'Workloads');",
  'webview accessible name': "h('ul', { attrs: { 'aria-label': 'Snapshots per status' } });",
  'webview button': "actionButton(host, 'Copy ARN', 'copy', message);",
  'export header': "const COLUMNS = [{ header: 'Cluster ARN', value: (r) => r.arn }];",
  'glued fragment': 'const s = `${shown} of ${total}`;',
  'a word to glue': "const verb = n === 1 ? 'is' : 'are';",
  'a word beside a value': 'item.description = `${this.shown} ${this.noun} shown`;',
  'l10n.t argument': "vscode.l10n.t('Open {0}', 'the console');",
  'marker without a reason': "const x = 'Some words'; // l10n-ignore:",
};

/** Text in every accepted form: through l10n.t, or in a use that never reaches a user. None may be reported. */
const ACCEPTED: readonly string[] = [
  "vscode.l10n.t('Load more…'); vscode.l10n.t('Deleted by {0} on {1}', policy, when);",
  "l10n.t('{0} of {1} workloads', shown, total);",
  "l10n.t({ message: 'Running', args: [n], comment: ['A count: tasks running now'] });",
  "import * as l10n from '@vscode/l10n'; export { x } from './Some Module'; import type { T } from 'Other Module';",
  "const m = require('Some Module'); const p = import('./Lazy Thing');",
  `const o = { 'Load more': 1, "Other Key": 2 }; o['Some key'] = 2; if ('Some key' in o) f();`,
  "type Kind = 'Running now' | 'Stopped now'; let k: 'Some Words' = x; interface I { 'Quoted Key': string }",
  "item.contextValue = 'Some Value'; const c = { contextValue: 'Policy Row', command: 'x.y', when: 'view == a' };",
  "vscode.commands.registerCommand('Some Command', f); void vscode.commands.executeCommand('setContext', 'Some Key', true);",
  "this.log.warn(`Ignored a malformed message from the ${kind} panel.`); log.info('Loading the AWS layer');",
  "output.appendLine('Some line'); console.error('Panel failed'); this.logger.debug(`Took ${ms} ms`);",
  "log(`Took ${ms} ms`); warn?.(`AWS SDK warning: ${line}`); const name = typeof e.name === 'string' ? e.name : 'Error';",
  "throw new Error('WebviewPanels is disposed'); const e = new TypeError(`Expected a string, got ${typeof x}`);",
  "el.setAttribute('aria-label', label); el.className = 'Big Title'; el.addEventListener('Some Event', f);",
  `h('span', { className: 'codicon codicon-info' }); document.querySelector('table[aria-label="Some Table"]');`,
  "el.classList.add('Is Open'); document.createElement('Some Tag');",
  "const re = new RegExp('Some Pattern here');",
  "h('td', { attrs: { 'data-testid': 'Row Title', 'data-action': 'Copy Thing' } });",
  "const ids = ['lce-xxxxxxxx', 'imageFootprint.clusters', 'snapshotStates', 'AWS::ECS::TaskDefinition', 'DELETE'];",
  "const more = ['arn:aws:ecs:us-east-1:1:cluster/Some', 'https://docs.aws.amazon.com/Some/Page', 'ready', 'a_b c_d'];",
  "if (kind === 'Deployment' || name !== 'Some Name') f(); switch (x) { case 'Not Found': break; }",
  "text.includes('Resources'); kind.endsWith('List'); get(doc, 'Resources', 'Type'); s.split('Some Sep');",
  "const THROTTLED = new Set(['Throttling', 'Too Many']); new vscode.ThemeIcon('more'); new vscode.ThemeColor('A b');",
  "const brand = 'Image Footprint'; // l10n-ignore: the product's name is not translated",
  "// l10n-ignore: CloudFormation function names, matched in templates\nconst TAGS = [\n  'Ref',\n  'Sub',\n  'Equals',\n];",
];

describe('localization: no text of ours bypasses l10n.t', function () {
  this.timeout(60_000);

  for (const [kind, line] of Object.entries(BYPASSES)) {
    it(`reports a bypass: ${kind}`, () => {
      const found = scanSource('probe.ts', line);
      assert.ok(found.length >= 1, `${kind}: ${line}`);
      assert.ok(
        found.every((f) => f.file === 'probe.ts' && f.line === 1),
        'with its file and line',
      );
    });
  }

  it('accepts every l10n.t form and each use that never reaches a user', () => {
    for (const source of ACCEPTED) assert.deepEqual(scanSource('probe.ts', source), [], source);
  });

  it('reports where, and what: file:line: text, then the count per folder', () => {
    const found = scanSource('src/ui/probe.ts', "const a = 1;\nconst label = 'Show Log';\n");
    assert.deepEqual(found, [{ file: 'src/ui/probe.ts', line: 2, text: "'Show Log'" }]);
    assert.equal(formatReport(found), "src/ui/probe.ts:2: 'Show Log'\n\n    1  src/ui/\n    1  total");
  });

  it('finds l10n.t messages that are not string literals (the export would miss them)', () => {
    const bad = nonLiteralMessages(
      'probe.ts',
      "vscode.l10n.t(`Dynamic ${key}`); l10n.t(message); l10n.t({ message: m, comment: [] }); l10n.t('Fine {0}', x);",
    );
    assert.equal(bad.length, 3, bad.map((b) => b.text).join('\n'));
  });

  it('finds no text in src/ that bypasses l10n.t (the list: node --import tsx test/unit/l10nScan.ts)', () => {
    assert.ok(sources.length >= 100, `${sources.length} files: the scan must see src/`);
    const findings = scanFiles(sources);
    assert.equal(findings.length, 0, `text written in place: wrap it in l10n.t\n${formatReport(findings)}`);
  });

  it('finds no text in the panels (pages and shell) that bypasses l10n.t', () => {
    const panels = sourceFiles(['src/webview', 'src/inspector/ui', 'src/imagebuilder/ui']);
    assert.ok(panels.length >= 10, `${panels.length} files`);
    const findings = scanFiles(panels);
    assert.equal(findings.length, 0, formatReport(findings));
  });

  it('has only string literals as l10n.t messages in src/', () => {
    const bad = sources.flatMap((f) => nonLiteralMessages(path.relative(root, f), readFileSync(f, 'utf8')));
    assert.deepEqual(bad, [], 'l10n.t needs a string literal (the export extracts only those)');
  });

  it('has committed the bundle that `npm run l10n:export` produces from src/ now', async () => {
    const exported = await getL10nJson(sources.map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
    const committed = JSON.parse(readFileSync(bundlePath, 'utf8')) as Record<string, unknown>;
    assert.ok(Object.keys(exported).length >= 50, 'the export finds our messages');
    assert.deepEqual(committed, exported, 'l10n/bundle.l10n.json is stale: run npm run l10n:export');
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { l10n?: string };
    assert.equal(path.resolve(root, manifest.l10n ?? ''), path.dirname(bundlePath));
  });

  describe('in a pseudo-locale', () => {
    type Entry = string | { message: string; comment: string[] };
    const english = JSON.parse(readFileSync(bundlePath, 'utf8')) as Record<string, Entry>;
    const pseudo = getL10nPseudoLocalized(english) as Record<string, string>;
    before(() => {
      l10nBundle.contents = pseudo;
      pureL10n.config({ contents: pseudo });
    });
    after(() => {
      l10nBundle.contents = undefined;
      pureL10n.config({ contents: {} });
    });

    /** Words of three letters or more in plain ASCII: English that the pseudo-locale did not transform. */
    function englishWords(text: string, data: readonly string[]): string[] {
      let rest = text.replace(/\\/g, ''); // Markdown escapes in tooltips
      for (const d of data) rest = rest.split(d).join(' ');
      return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
    }

    /** Each message as code asks for it: the message, with its translator comment when it has one. */
    const messages = Object.entries(english).map(([key, entry]) =>
      typeof entry === 'string' ? { key, message: entry } : { key, message: entry.message, comment: entry.comment },
    );
    const ARGS = ['ARG0', 'ARG1', 'ARG2', 'ARG3', 'ARG4', 'ARG5'];

    function assertTranslated(shown: string, message: string, what: string): void {
      assert.deepEqual(englishWords(shown, [...ARGS, 'imageFootprint.problems.lifecycle']), [], `${what}: ${message}`);
      for (const placeholder of message.match(/\{\d+\}/g) ?? []) {
        assert.ok(shown.includes(`ARG${placeholder.slice(1, -1)}`), `${what}: ${message}: ${placeholder}`);
      }
    }

    it('translates every message, with or without a comment, and keeps its placeholders (host: vscode.l10n)', () => {
      assert.ok(
        messages.some((m) => m.comment),
        'the bundle has messages with translator comments',
      );
      for (const { message, comment } of messages) {
        const shown = comment ? l10n.t({ message, args: ARGS, comment }) : l10n.t(message, ...ARGS);
        assertTranslated(shown, message, 'vscode.l10n');
      }
    });

    it('translates every message the same way in pure modules and panels (@vscode/l10n with the same bundle)', () => {
      for (const { message, comment } of messages) {
        const shown = comment ? pureL10n.t({ message, args: ARGS, comment }) : pureL10n.t(message, ...ARGS);
        assertTranslated(shown, message, '@vscode/l10n');
        assert.equal(shown, comment ? l10n.t({ message, args: ARGS, comment }) : l10n.t(message, ...ARGS));
      }
    });

    it('gives the English text, formatted, once the bundle is cleared (an English VS Code has none)', () => {
      pureL10n.config({ contents: {} });
      try {
        assert.equal(pureL10n.t('{0} of {1} workloads', '3', '7'), '3 of 7 workloads');
        assert.equal(pureL10n.t({ message: 'Running', comment: ['A count: tasks or pods running now'] }), 'Running');
      } finally {
        pureL10n.config({ contents: pseudo });
      }
    });

    it('renders the status bar (text, tooltip, screen reader label) in the pseudo-locale', async () => {
      const { renderStatusBar } = await import('../../src/ui/connection');
      const data = ['work-prod', 'eu-west-1', 'default', 'Image Footprint'];
      for (const state of [
        { profile: 'work-prod', effectiveProfile: 'work-prod', region: 'eu-west-1', regionSource: 'setting' as const },
        { effectiveProfile: 'default', regionSource: 'none' as const },
        { profile: 'work-prod', effectiveProfile: 'work-prod', regionSource: 'none' as const, sessionProblem: 'x' },
      ]) {
        const view = renderStatusBar(state);
        const shown = [view.text, view.tooltip.value, view.accessibilityInformation.label].map(
          (t) => t.replace(/\$\([a-z-]+\)/g, ''), // codicons are not words
        );
        for (const text of shown) assert.deepEqual(englishWords(text, data), [], text);
      }
    });

    it('shows a real notification in the pseudo-locale, not in English', async () => {
      const { showSettingIsOff } = await import('../../src/imagebuilder/lifecycleConsent');
      standIn.messagesShown.length = 0;
      showSettingIsOff();
      const [shown] = standIn.messagesShown;
      assert.ok(shown);
      assert.deepEqual(englishWords(shown, ['imageFootprint.problems.lifecycle']), [], shown);
    });
  });
});
