/**
 * Localization of the extension host's strings (README "Localization"):
 *
 * - Every `vscode.l10n.t` message is a plain string literal (the only form `@vscode/l10n-dev export` extracts), and
 *   the committed bundle l10n/bundle.l10n.json is exactly what the export produces from src/ now: a message added or
 *   changed without `npm run l10n:export` fails here.
 * - No notification, input box, save dialog, quick pick title/placeholder or progress title bypasses l10n: a
 *   TypeScript AST scan of src/ finds every `vscode.window.show{Information,Warning,
 *   Error}Message` call and fails when its message, its detail or a button is English text written in place (a
 *   string or template literal, also through `notificationText(…)`, a conditional, `+`, or a `const` of the same
 *   file) instead of a `vscode.l10n.t(…)` result. Data (names, ids, AWS messages) reaches the text as an argument.
 * - A pseudo-locale run: the pseudo-localized bundle (`@vscode/l10n-dev`'s `qps-ploc` transform) is loaded into the
 *   vscode stand-in's `l10n`, real notification code runs, and what it shows has no English word left.
 */
import '../support/useStandIn';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import ts from 'typescript';
import { findTestFiles } from '../support/testFiles';
import { l10n, l10nBundle, standIn } from '../support/vscodeStandIn';

const root = path.resolve(__dirname, '..', '..');
const sources = findTestFiles([path.join(root, 'src')], '.ts');
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');
/** The `vscode.window` calls checked, and which of their arguments carry our text (undefined: all of them). */
const CHECKED_CALLS = new Map<string, number | undefined>([
  ['showInformationMessage', undefined],
  ['showWarningMessage', undefined],
  ['showErrorMessage', undefined],
  ['showInputBox', undefined],
  ['showSaveDialog', undefined],
  ['showQuickPick', 1],
  ['withProgress', 0],
]);
/** Option properties whose text users read (message detail, titles, prompts, placeholders, dialog buttons). */
const SHOWN_OPTIONS = new Set(['detail', 'title', 'prompt', 'placeHolder', 'saveLabel', 'openLabel']);

function isL10nCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 't' &&
    /(^|\.)l10n$/.test(node.expression.expression.getText())
  );
}

/** English text written in place in `expr` (not inside `vscode.l10n.t(…)`), or undefined when there is none. */
function literalText(expr: ts.Expression, consts: ReadonlyMap<string, ts.Expression>, depth = 0): string | undefined {
  if (depth > 8 || isL10nCall(expr)) return undefined;
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) {
    const text = ts.isTemplateExpression(expr)
      ? [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(' ')
      : expr.text;
    // Words, not an example id such as `lce-xxxxxxxx-xxxx` (kebab-case tokens are not language).
    return /[A-Za-z]{2,}/.test(text) && !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(text) ? expr.getText() : undefined;
  }
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) {
    return literalText(expr.expression, consts, depth + 1);
  }
  if (ts.isConditionalExpression(expr)) {
    return literalText(expr.whenTrue, consts, depth + 1) ?? literalText(expr.whenFalse, consts, depth + 1);
  }
  if (ts.isBinaryExpression(expr)) {
    return literalText(expr.left, consts, depth + 1) ?? literalText(expr.right, consts, depth + 1);
  }
  if (ts.isCallExpression(expr) && /(^|\.)notificationText$/.test(expr.expression.getText())) {
    return expr.arguments[0] && literalText(expr.arguments[0], consts, depth + 1);
  }
  if (ts.isObjectLiteralExpression(expr)) {
    for (const p of expr.properties) {
      // `validateInput: (v) => … 'message'`: the message it returns is shown under the input box.
      const validator =
        ts.isPropertyAssignment(p) && p.name.getText() === 'validateInput' && ts.isArrowFunction(p.initializer)
          ? p.initializer.body
          : undefined;
      if (validator && !ts.isBlock(validator)) {
        const found = literalText(validator, consts, depth + 1);
        if (found) return found;
      }
      if (ts.isPropertyAssignment(p) && SHOWN_OPTIONS.has(p.name.getText())) {
        const found = literalText(p.initializer, consts, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (ts.isIdentifier(expr)) {
    const init = consts.get(expr.text);
    return init && literalText(init, consts, depth + 1);
  }
  if (ts.isSpreadElement(expr) || ts.isArrayLiteralExpression(expr)) {
    const items = ts.isSpreadElement(expr) ? [expr.expression] : expr.elements;
    for (const item of items) {
      const found = literalText(item, consts, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

interface Scan {
  readonly messageCalls: number;
  readonly bypasses: string[];
  readonly nonLiteralKeys: string[];
}

function scan(file: string, text: string): Scan {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const consts = new Map<string, ts.Expression>();
  const calls: ts.CallExpression[] = [];
  const nonLiteralKeys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      if (ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const) consts.set(node.name.text, node.initializer);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && CHECKED_CALLS.has(callee.name.text)) calls.push(node);
      if (isL10nCall(node)) {
        const first = node.arguments[0];
        if (!first || !ts.isStringLiteral(first)) nonLiteralKeys.push(where(source, node));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const bypasses: string[] = [];
  for (const call of calls) {
    const name = (call.expression as ts.PropertyAccessExpression).name.text;
    const only = CHECKED_CALLS.get(name);
    for (const [i, arg] of call.arguments.entries()) {
      if (only !== undefined && i !== only) continue;
      const found = literalText(arg, consts);
      if (found) bypasses.push(`${where(source, arg)}: ${found.slice(0, 80)}`);
    }
  }
  return { messageCalls: calls.length, bypasses, nonLiteralKeys };
}

function where(source: ts.SourceFile, node: ts.Node): string {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart());
  return `${path.relative(root, source.fileName)}:${line + 1}`;
}

describe('localization of host strings (vscode.l10n)', function () {
  this.timeout(60_000);

  it('finds a notification written in place, and accepts one that goes through vscode.l10n.t', () => {
    const bad = scan(
      'probe.ts',
      [
        "void vscode.window.showErrorMessage('Could not open it.');",
        'void vscode.window.showWarningMessage(notificationText(`No ${x} here.`));',
        "const m = ok ? vscode.l10n.t('Fine.') : 'Not fine.'; void vscode.window.showInformationMessage(m);",
        "void vscode.window.showInformationMessage(vscode.l10n.t('Ask?'), { detail: 'More words.' }, 'Yes');",
        'vscode.l10n.t(`Dynamic ${key}`);',
        "await vscode.window.showInputBox({ title: 'Open', prompt: vscode.l10n.t('The id') });",
        "await vscode.window.showInputBox({ validateInput: (v) => (v ? undefined : 'Type something.') });",
        'await vscode.window.withProgress({ location: 1, title: `Opening ${id}` }, task);',
        "await vscode.window.showQuickPick(['Data is fine'], { placeHolder: 'Pick one' });",
      ].join('\n'),
    );
    assert.equal(bad.bypasses.length, 9, bad.bypasses.join('\n'));
    assert.equal(bad.nonLiteralKeys.length, 1);
    const good = scan(
      'probe.ts',
      [
        "void vscode.window.showErrorMessage(notificationText(vscode.l10n.t('Could not open {0}.', name)));",
        "const open = vscode.l10n.t('Open'); void vscode.window.showInformationMessage(message, open, ...more);",
      ].join('\n'),
    );
    assert.deepEqual(good.bypasses, []);
  });

  it('shows no notification, prompt, picker or progress title in src/ whose text bypasses vscode.l10n.t', () => {
    let calls = 0;
    const bypasses: string[] = [];
    const nonLiteralKeys: string[] = [];
    for (const file of sources) {
      const result = scan(file, readFileSync(file, 'utf8'));
      calls += result.messageCalls;
      bypasses.push(...result.bypasses);
      nonLiteralKeys.push(...result.nonLiteralKeys);
    }
    assert.ok(calls >= 45, `${calls} calls found: the scan must see them`);
    assert.deepEqual(bypasses, [], 'notification text written in place: wrap it in vscode.l10n.t');
    assert.deepEqual(nonLiteralKeys, [], 'vscode.l10n.t needs a string literal (the export extracts only those)');
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
    const english = JSON.parse(readFileSync(bundlePath, 'utf8')) as Record<string, string>;
    before(() => {
      l10nBundle.contents = getL10nPseudoLocalized(english) as Record<string, string>;
    });
    after(() => {
      l10nBundle.contents = undefined;
    });

    /** Words of three letters or more in plain ASCII: English that the pseudo-locale did not transform. */
    function englishWords(text: string, data: readonly string[]): string[] {
      let rest = text.replace(/\\/g, ''); // Markdown escapes in tooltips
      for (const d of data) rest = rest.split(d).join(' ');
      return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
    }

    it('translates every message and keeps its placeholders', () => {
      for (const message of Object.keys(english)) {
        const args = ['ARG0', 'ARG1', 'ARG2', 'ARG3', 'ARG4', 'ARG5'];
        const shown = l10n.t(message, ...args);
        assert.deepEqual(englishWords(shown, [...args, 'imageFootprint.problems.lifecycle']), [], message);
        for (const placeholder of message.match(/\{\d+\}/g) ?? []) {
          assert.ok(shown.includes(`ARG${placeholder.slice(1, -1)}`), `${message}: ${placeholder}`);
        }
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
