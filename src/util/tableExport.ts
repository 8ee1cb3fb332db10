/**
 * Tables for export: one list of columns, written as a GitHub-flavoured Markdown table (to paste into an issue or a
 * pull request) or as CSV (to open in a spreadsheet). Pure: no `vscode` import.
 *
 * Our own code rather than a CSV library: RFC 4180 is four rules (comma-separated, CRLF line ends, a field with a
 * comma, quote or line break in double quotes, quotes doubled) and the formula guard is one more; a dependency in the
 * extension bundle would be larger than this file and still need the guard configured.
 *
 * Every cell value comes from AWS and is data: in Markdown it can neither format, link, nor break the table; in CSV
 * it can never become a spreadsheet formula.
 */
import { escapeMarkdown, stripBidiControls } from './escape';

export type CellValue = string | number | Date | undefined;

export interface Column<R> {
  readonly header: string;
  readonly value: (row: R) => CellValue;
  /** Markdown: shown as a code span (identifiers, ARNs), exactly as it is. Otherwise as escaped text. */
  readonly code?: boolean;
  /** Left out of the Markdown table (long values that belong in the CSV only). */
  readonly csvOnly?: boolean;
}

/** Line breaks as CommonMark sees them, plus NEL and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

function cellText(value: CellValue): string {
  if (value === undefined) return '';
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return value;
}

/**
 * A Markdown table cell that renders as exactly `value`: as text (every punctuation character escaped, so nothing
 * formats or links; line breaks kept as `<br>`, the one line break a GFM table cell can hold) or as a code span (a
 * fence longer than any backtick run in the value). `|` is always escaped: GFM splits cells on it even in code spans.
 */
export function markdownCell(value: CellValue, code = false): string {
  const text = cellText(value);
  if (text === '') return '';
  if (!code) {
    return text
      .split(LINE_BREAK)
      .map((line) => escapeMarkdown(line))
      .join('<br>');
  }
  const oneLine = stripBidiControls(text.split(LINE_BREAK).join(' ')).replace(CONTROL_CHARS, ' ');
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A value that starts or ends with a backtick (or is all spaces) needs the padding spaces CommonMark strips again.
  const pad = /^`|`$|^ +$/.test(oneLine) ? ' ' : '';
  return `${fence}${pad}${oneLine.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A GitHub-flavoured Markdown table: a header row, the delimiter row, one line per row; ends with a line break. */
export function toMarkdownTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const shown = columns.filter((c) => !c.csvOnly);
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const out = [
    line(shown.map((c) => markdownCell(c.header))),
    line(shown.map(() => '---')),
    ...rows.map((row) => line(shown.map((c) => markdownCell(c.value(row), c.code)))),
  ];
  return `${out.join('\n')}\n`;
}

/** First characters that make a spreadsheet read a cell as a formula (OWASP's list: = + - @, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a string that a spreadsheet would read as a formula gets a leading `'` (numbers and dates are
 * written as they are); a field with a comma, a double quote or a line break is quoted, its quotes doubled.
 */
export function csvField(value: CellValue): string {
  let text = cellText(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header record, one record per row, every record ended by CRLF. */
export function toCsv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const record = (fields: readonly string[]): string => `${fields.join(',')}\r\n`;
  return (
    record(columns.map((c) => csvField(c.header))) +
    rows.map((row) => record(columns.map((c) => csvField(c.value(row))))).join('')
  );
}

/**
 * A file name to offer in the save dialog, made from data (an image label, an execution id): no characters that file
 * systems refuse or that read as folders, no leading or trailing dots and spaces, no Windows device name, at most
 * 120 characters before its extension, which is kept.
 */
export function safeFileName(name: string): string {
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const stem = Array.from(
    name
      .slice(0, name.length - extension.length)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '-')
      .replace(/^[.\s-]+|[.\s-]+$/g, ''),
  )
    .slice(0, 120)
    .join('');
  const safe = stem === '' ? 'export' : /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem) ? `_${stem}` : stem;
  return `${safe}${extension}`;
}
