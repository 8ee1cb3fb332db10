/**
 * The check that no text of ours reaches a user without `l10n.t` (issue 18): a TypeScript AST scan of src/ that
 * reports every string or template literal holding English words that is not the message of an `l10n.t(…)` /
 * `vscode.l10n.t(…)` call. Used by test/unit/l10n.test.ts; also a command that lists what is left to do:
 *
 *   node --import tsx test/unit/l10nScan.ts            every finding, `file:line: text`, then the count per folder
 *   node --import tsx test/unit/l10nScan.ts --count    only the count per folder
 *   node --import tsx test/unit/l10nScan.ts src/ui     only some folders or files
 *
 * Our own code (not a library): the check is about this codebase's conventions (README "Localization"), and the
 * TypeScript compiler API, already a dependency, gives the syntax tree.
 *
 * WHAT IS TEXT. A literal is "ours" when it reads as English (`isEnglish`): once URLs, ARNs, `{0}` placeholders and
 * `$(codicons)` are taken out, it has two or more plain words ("no workloads"), or a capitalised word ("Running",
 * "Copy {0}"), or an English function word between data (`${a} of ${b}`), or a word ending a sentence ("Loading…").
 * Identifiers are not words: kebab-case, camelCase, PascalCase, snake_case, CONSTANTS, dotted ids, `a:b` ids, paths.
 * A single lowercase word ("ready", "asc", "eks") is an identifier, too: the one blind spot, kept because such
 * words are overwhelmingly ids and message types here. So is `'Error'`, the name of the class (an error's `name`).
 *
 * WHAT IS NOT SHOWN: the exceptions, each a kind of use that never reaches a user, decided by syntax alone:
 *  1. module specifiers: `import`/`export … from`, `import(…)`, `require(…)`;
 *  2. property keys (`{ 'key': … }`, `obj['key']`, `'key' in obj`) and type-level strings (literal types);
 *  3. values matched, not shown: operands of `===`/`!==`/`==`/`!=` and `case` labels;
 *  4. ids VS Code reads: `contextValue`, `command`, `when`, `id`, `viewType` values; command and context ids;
 *  5. the log: arguments of `trace|debug|info|warn|error|append|appendLine|log` on a receiver named like a log,
 *     logger, output channel or console, and of a function named so (`log(…)`, `warn?.(…)`): VS Code's own
 *     extensions log in English;
 *  6. `new Error(…)` (and `TypeError`, `RangeError`, `SyntaxError`): programmer errors; what users read is a
 *     `FootprintError` with its message through `l10n.t`;
 *  7. CSS and HTML: `className`/`class` values, attribute and event names (`setAttribute`, `getAttribute`,
 *     `addEventListener`, `classList.*`), selectors (`querySelector*`, `closest`, `matches`), tag names
 *     (`createElement`, the panels' `h(…)`), `data-*` attribute values (test and action ids);
 *  8. regular expressions: `new RegExp(…)`;
 *  9. a marker comment on the line or the line above: `// l10n-ignore: <reason>` (the reason is required), for the
 *     rare remaining case (e.g. a protocol value such as an HTTP header).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { findTestFiles } from '../support/testFiles';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Finding {
  /** Path from the repository root, with `/`. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** The literal as written (shortened). */
  readonly text: string;
}

// ------------------------------------------------------------------------------------------------------ the words

/** English words that carry a sentence between data even alone: `${shown} of ${total}`, `in ${region}`. */
const FUNCTION_WORDS = new Set(
  'a an and are at by for from in is no not of on or than the to was were with'.split(' '),
);

/** Stands for a `${…}` part or a `{0}` placeholder: not a letter, not a space. */
const PART = '\u0000';

/**
 * A plain word: letters only (an apostrophe inside), all lowercase or only its first letter capital, once quotes,
 * brackets, Markdown emphasis and punctuation around it are taken off ("**Running:**", "(first", "more…").
 */
function plainWord(token: string): string | undefined {
  const core = token.replace(/^[("'“‘«*_[`]+/, '').replace(/[)"'”’».,:;!?…*_\]`]+$/, '');
  return /^[A-Za-z][a-z]*(['’][a-z]+)?$/.test(core) && (core.length > 1 || /^[aAI]$/.test(core)) ? core : undefined;
}

/** Whether `text` reads as English (see the header), once URLs, ARNs, placeholders and codicons are taken out. */
export function isEnglish(text: string): boolean {
  const rest = text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ') // URLs
    .replace(/\barn:\S*/g, ' ') // ARNs
    .replace(/\{\d+\}/g, PART) // l10n placeholders: a token glued to one is no word ("Resources.{0}")
    .replace(/\$\([a-z0-9~-]+\)/g, ' '); // $(codicon) references
  const tokens = rest.split(/\s+/).filter((t) => /[A-Za-z]/.test(t));
  const words = tokens.map(plainWord).filter((w): w is string => w !== undefined);
  if (words.length >= 2) return true;
  const [word] = words;
  if (word === undefined || (tokens.length === 1 && tokens[0] === 'Error')) return false; // the class's name
  if (/^[A-Z][a-z]/.test(word)) return true; // "Running", "Copy {0}"
  if (FUNCTION_WORDS.has(word)) return true; // "{0} of {1}"
  if (rest.split(/\s+/).includes(PART)) return true; // "{0} shown": a word beside a value, not glued to it
  // "loading…", "why?" — one word that ends a sentence ("services." is more often a prefix than a sentence).
  return tokens.length === 1 && /[a-z](…|\?|!)$/.test(tokens[0]!);
}

// --------------------------------------------------------------------------------------------------- the syntax

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'log']);
const LOG_RECEIVER = /(^|\.)_?(log|logger|logOutput|output|outputChannel|channel|console)$/i;
/** Properties whose value is an id VS Code or the DOM reads, never text. */
const ID_PROPERTIES = new Set(['contextValue', 'command', 'when', 'id', 'viewType', 'className', 'class']);
/** DOM methods whose first argument is a name or a selector. */
const DOM_NAME_METHODS = new Set([
  'setAttribute',
  'getAttribute',
  'removeAttribute',
  'hasAttribute',
  'toggleAttribute',
  'addEventListener',
  'removeEventListener',
  'querySelector',
  'querySelectorAll',
  'closest',
  'matches',
  'createElement',
]);
/** Calls whose arguments are matched against data (searched for, looked up), never shown: any argument. */
const LOOKUPS = new Set(['get', 'getPath', 'has', 'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf']);
/** …and those whose first argument only is a pattern (the second of `replace` is text that may be shown). */
const PATTERN_FIRST = new Set(['split', 'replace', 'replaceAll', 'search', 'match', 'matchAll']);
/** Constructors whose arguments are never shown: programmer errors, patterns, members of a set, icon ids. */
const NOT_SHOWN_NEW = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'RegExp',
  'Set',
  'ThemeIcon',
  'ThemeColor',
]);
const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** `l10n.t(…)`, `vscode.l10n.t(…)`: the calls whose message the export extracts. */
export function isL10nCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 't' &&
    /(^|\.)l10n$/.test(node.expression.expression.getText())
  );
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return '';
}

function receiverText(call: ts.CallExpression): string {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.expression.getText() : '';
}

/** Nodes a literal's value passes through unchanged in meaning: its use is decided further up. */
function isTransparent(node: ts.Node, child: ts.Node): boolean {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTemplateSpan(node) ||
    ts.isTemplateExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isSpreadElement(node) ||
    (ts.isConditionalExpression(node) && child !== node.condition) ||
    (ts.isBinaryExpression(node) &&
      [
        ts.SyntaxKind.PlusToken,
        ts.SyntaxKind.QuestionQuestionToken,
        ts.SyntaxKind.BarBarToken,
        ts.SyntaxKind.AmpersandAmpersandToken,
      ].includes(node.operatorToken.kind))
  );
}

/** Whether the literal `node` is used in one of the ways that never reach a user (the header's list). */
function isNotShown(node: ts.Node): boolean {
  // Anywhere inside: a type, the log, an Error, a RegExp, an l10n message (up to the enclosing function).
  for (let child: ts.Node = node, p = node.parent; p; child = p, p = p.parent) {
    if (ts.isTypeNode(p) && !ts.isExpressionWithTypeArguments(p)) return true;
    if (ts.isFunctionLike(p) || ts.isSourceFile(p) || ts.isClassLike(p)) break;
    if (ts.isCallExpression(p) && p.arguments.includes(child as ts.Expression)) {
      if ((isL10nCall as (n: ts.Node) => boolean)(p)) return child === p.arguments[0];
      const name = calleeName(p);
      if (LOG_METHODS.has(name) && LOG_RECEIVER.test(receiverText(p))) return true;
      // A log function: `log(…)`, `log?.(…)`, `warn?.(…)`.
      if (ts.isIdentifier(p.expression) && (LOG_RECEIVER.test(name) || LOG_METHODS.has(name))) return true;
      if (name === 'require' || p.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
    }
    if (ts.isNewExpression(p) && p.arguments?.includes(child as ts.Expression) && NOT_SHOWN_NEW.has(calleeName(p))) {
      return true;
    }
    // The message object of `l10n.t({ message, comment })`.
    if (ts.isObjectLiteralExpression(p) && isL10nCall(p.parent) && p.parent.arguments[0] === p) {
      return ts.isPropertyAssignment(child) && ['message', 'comment'].includes(child.name.getText());
    }
  }
  // The direct use, through parentheses, conditionals, `+`, arrays and template parts.
  let child: ts.Node = node;
  let p = node.parent;
  while (p && isTransparent(p, child)) {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p)) return true;
  if (ts.isModuleDeclaration(p) || ts.isImportTypeNode(p)) return true;
  if (ts.isExpressionStatement(p) && ts.isSourceFile(p.parent)) return true; // 'use strict'
  // Property keys.
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === child) {
    return true;
  }
  if (ts.isPropertySignature(p) || ts.isEnumMember(p) || ts.isComputedPropertyName(p)) return true;
  if (ts.isElementAccessExpression(p) && p.argumentExpression === child) return true;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InKeyword && p.left === child) return true;
  // Matched, not shown.
  if (ts.isBinaryExpression(p) && COMPARISONS.has(p.operatorToken.kind)) return true;
  if (ts.isCaseClause(p) && p.expression === child) return true;
  // Ids and CSS classes as property values or assignments.
  if (ts.isPropertyAssignment(p) && p.initializer === child) {
    const key = p.name.getText().replace(/^['"]|['"]$/g, '');
    if (ID_PROPERTIES.has(key) || key.startsWith('data-')) return true;
  }
  if (
    ts.isBinaryExpression(p) &&
    p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(p.left) &&
    ID_PROPERTIES.has(p.left.name.text)
  ) {
    return true;
  }
  // DOM names and selectors; the panels' `h(tag, …)`; `classList.add(…)`; VS Code command and context ids.
  if (ts.isCallExpression(p)) {
    const name = calleeName(p);
    const first = p.arguments[0] === child;
    if (first && (DOM_NAME_METHODS.has(name) || PATTERN_FIRST.has(name) || name === 'h')) return true;
    if (LOOKUPS.has(name)) return true;
    if (/(^|\.)classList$/.test(receiverText(p))) return true;
    if (first && /^(registerCommand|executeCommand|registerTextEditorCommand|getConfiguration)$/.test(name)) {
      return true;
    }
    if (name === 'executeCommand' && ts.isStringLiteral(p.arguments[0]!) && p.arguments[0].text === 'setContext') {
      return true;
    }
  }
  return false;
}

// ----------------------------------------------------------------------------------------------------- the scan

/** The text of a string or template literal, with each `${…}` part as a placeholder. */
function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(PART);
}

/** The 0-based lines that carry a `// l10n-ignore: <reason>` marker (without a reason it is no marker). */
function markerLines(source: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  for (const match of source.text.matchAll(/\/\/\s*l10n-ignore:\s*\S/g)) {
    lines.add(source.getLineAndCharacterOfPosition(match.index).line);
  }
  return lines;
}

/**
 * Whether a marker covers `node`: one on its line or the line above, or on the first line (or the line above) of the
 * statement or property it is part of — so one marker covers a table of ids written over several lines.
 */
function isMarked(node: ts.Node, source: ts.SourceFile, markers: ReadonlySet<number>): boolean {
  if (markers.size === 0) return false;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    const { line } = source.getLineAndCharacterOfPosition(n.getStart());
    if (markers.has(line) || markers.has(line - 1)) return true;
    if (ts.isStatement(n) || ts.isFunctionLike(n)) break;
  }
  return false;
}

/** Every literal of `text` (the contents of `file`) that holds our English outside an `l10n.t` message. */
export function scanSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const markers = markerLines(source);
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      if (isEnglish(literalText(node)) && !isNotShown(node) && !isMarked(node, source, markers)) {
        const written = node.getText().replace(/\s+/g, ' ');
        findings.push({
          file: file.split(path.sep).join('/'),
          line: line + 1,
          text: written.length > 100 ? `${written.slice(0, 97)}…` : written,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** The `l10n.t` calls whose message is not a string literal (the export extracts only those). */
export function nonLiteralMessages(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (isL10nCall(node)) {
      const first = node.arguments[0];
      const message =
        first && ts.isObjectLiteralExpression(first)
          ? first.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'message')
          : first;
      const literal =
        message && ts.isPropertyAssignment(message) ? message.initializer : (message as ts.Expression | undefined);
      if (!literal || !ts.isStringLiteral(literal)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push({ file, line: line + 1, text: node.getText().slice(0, 100) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The TypeScript files of src/ (or of the given folders and files), from the repository root. */
export function sourceFiles(roots: readonly string[] = ['src']): string[] {
  return findTestFiles(
    roots.map((r) => path.resolve(ROOT, r)),
    '.ts',
  ).filter((f) => !f.endsWith('.d.ts'));
}

/** Scans the files: findings with paths relative to the repository root. */
export function scanFiles(files: readonly string[]): Finding[] {
  return files.flatMap((f) => scanSource(path.relative(ROOT, f), readFileSync(f, 'utf8')));
}

/** How many findings each folder has, most first. */
export function countByFolder(findings: readonly Finding[]): [folder: string, count: number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(path.posix.dirname(f.file), (counts.get(path.posix.dirname(f.file)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The report: one `file:line: text` per finding (unless `countOnly`), then the count per folder and the total. */
export function formatReport(findings: readonly Finding[], countOnly = false): string {
  const lines = countOnly ? [] : findings.map((f) => `${f.file}:${f.line}: ${f.text}`);
  if (!countOnly && findings.length) lines.push('');
  for (const [folder, count] of countByFolder(findings)) lines.push(`${String(count).padStart(5)}  ${folder}/`);
  lines.push(`${String(findings.length).padStart(5)}  total`);
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const roots = args.filter((a) => !a.startsWith('--'));
  const findings = scanFiles(sourceFiles(roots.length ? roots : ['src']));
  console.log(formatReport(findings, args.includes('--count')));
  process.exitCode = findings.length ? 1 : 0;
}
