/**
 * Making untrusted text safe to show. Every string that comes from AWS (or from the user) goes through one of these
 * before it reaches HTML or Markdown:
 *
 * - `escapeHtml(s)`: for HTML text and attribute values (webviews). Escapes `& < > " '` and the backtick.
 * - `escapeMarkdown(s)`: for a VS Code `MarkdownString` (hovers, tooltips). The result renders as exactly the input text,
 *   on one line, with no formatting, links, HTML, entities, theme icons or autolinks (`command:`, `javascript:`, `https:`
 *   and `www.` alike). Not for use inside a code span (backslash escapes are literal there).
 * - `truncateMiddle(s, max)`: shortens to `max` code points with an ellipsis in the middle.
 * - `stripBidiControls(s)`: makes Unicode bidirectional controls (the "Trojan Source" characters) visible.
 *
 * All of them accept `null`/`undefined` (optional API fields) and return `''` for them; none of them throws.
 */

const HTML_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
  ['`', '&#96;'],
]);

/** Unicode characters with the Bidi_Control property: ALM, LRM, RLM, LRE..RLO, LRI..PDI. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * A line break (as CommonMark and VS Code see them, plus NEL and the Unicode line/paragraph separators) and the
 * whitespace after it. Every match starts at a line-break character, so a scan is linear however the text looks.
 */
const LINE_BREAK_AND_AFTER = /(?:\r\n|[\r\n\u0085\u2028\u2029])[\s\u0085]*/g;
/** Whitespace that is not a line break (a match of LINE_BREAK_AND_AFTER never starts at one). */
const HORIZONTAL_SPACE = /[^\S\r\n\u2028\u2029]/;

/**
 * Each line break with the whitespace around it becomes one space. Written as a scan, not as one expression: the
 * expression `[ \t]*\n\s*` backtracks over a long run of spaces with no line break at every start position, which is
 * quadratic (7.8 s for 100 000 spaces from a hostile endpoint).
 */
function joinLines(text: string): string {
  if (!/[\r\n\u0085\u2028\u2029]/.test(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINE_BREAK_AND_AFTER)) {
    let end = match.index;
    while (end > last && HORIZONTAL_SPACE.test(text[end - 1])) end--;
    out += text.slice(last, end) + ' ';
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/** C0 and C1 control characters (tab included) and DEL. */
const CONTROL_CHARS = /\p{Cc}/gu;

/**
 * Every ASCII punctuation character. CommonMark renders a backslash-escaped ASCII punctuation character literally, so
 * escaping all of them (not a hand-picked subset) leaves nothing for the renderer to interpret: emphasis, links, images,
 * code, headings, lists, tables, block quotes, HTML, entities, `$(icon)` syntax, `scheme:` and `www.` autolinks.
 */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

function toText(s: string | null | undefined): string {
  return s == null ? '' : String(s);
}

export function escapeHtml(s: string | null | undefined): string {
  return toText(s).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES.get(c) ?? c);
}

export function stripBidiControls(s: string | null | undefined): string {
  return toText(s).replace(
    BIDI_CONTROLS,
    (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

export function escapeMarkdown(s: string | null | undefined): string {
  return joinLines(stripBidiControls(s)).replace(CONTROL_CHARS, ' ').replace(ASCII_PUNCTUATION, '\\$&');
}

/**
 * At most `max` code points (never splitting a surrogate pair): the start and the end of `s` joined by `…`.
 * `max` is rounded down; `max < 1` (or NaN) gives `''`; `max === 1` gives `'…'` for a longer string.
 */
export function truncateMiddle(s: string | null | undefined, max: number): string {
  const text = toText(s);
  const limit = Math.floor(max);
  if (!(limit >= 1)) return '';
  if (text.length <= limit) return text; // UTF-16 length >= code point count
  // Walks only as far as needed (no array of every code point of a string that may be megabytes long).
  if (countCodePoints(text, limit + 1) <= limit) return text;
  const kept = limit - 1;
  const head = Math.ceil(kept / 2);
  const tail = kept - head;
  const headEnd = codePointsForward(text, 0, head);
  const tailStart = codePointsBackward(text, tail);
  return text.slice(0, headEnd) + '…' + text.slice(Math.max(tailStart, headEnd));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The UTF-16 index `count` code points after `from` (or the end). */
function codePointsForward(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count && i < text.length; n++) {
    i += isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** The UTF-16 index where the last `count` code points of `text` start. */
function codePointsBackward(text: string, count: number): number {
  let i = text.length;
  for (let n = 0; n < count && i > 0; n++) {
    i -= i >= 2 && isLowSurrogate(text.charCodeAt(i - 1)) && isHighSurrogate(text.charCodeAt(i - 2)) ? 2 : 1;
  }
  return i;
}

/** The number of code points in `text`, counting no further than `stopAt`. */
function countCodePoints(text: string, stopAt: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < stopAt; n++) {
    i += isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return n;
}

/** Zero-width and invisible characters that can hide text in a plain-text label. */
const INVISIBLE_CHARS = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * A string from AWS (or from the user) for plain-text UI: tree labels and descriptions, quick picks. On one line
 * (line breaks and control characters become spaces), bidirectional controls and zero-width characters made visible
 * as `[U+202E]`, at most `max` code points (shortened in the middle).
 */
/**
 * Printable ASCII, printable Latin-1 and the dashes and ellipsis our own rows use (`·`, `—`, `…`): no control,
 * line break, bidi or invisible character can be in such a string.
 */
const PLAIN_ASCII = /^[\x20-\x7E\u00A0-\u00FF\u2013\u2014\u2026]*$/;

export function displayLine(s: string | null | undefined, max = 1000): string {
  // The usual case, on the hot path of every tree row: nothing to replace, short enough.
  if (typeof s === 'string' && s.length <= max && PLAIN_ASCII.test(s)) return s;
  const line = joinLines(stripBidiControls(s))
    .replace(CONTROL_CHARS, ' ')
    .replace(INVISIBLE_CHARS, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
  return truncateMiddle(line, max);
}

/**
 * Text for a notification (`showErrorMessage` and friends): `displayLine`, and `[label](target)` link syntax broken
 * up. VS Code turns that syntax in a notification's message into a link and runs `command:` targets when clicked, so
 * a string from AWS or a settings file must never be able to form one.
 */
export function notificationText(s: string | null | undefined, max = 2000): string {
  return displayLine(s, max).replace(/\]\s*\(/g, '] (');
}

/**
 * A label for a quick pick item or tree row that supports `$(icon)` syntax: `displayLine`, with `$(` broken up so
 * that data never renders as an icon.
 */
export function plainLabel(s: string | null | undefined, max = 1000): string {
  return displayLine(s, max).replace(/\$\(/g, '$\u200B(');
}

/**
 * A Markdown value (built by our code with `appendText` for the data in it) that can no longer form a link or an
 * icon from that data: every `:`, `@`, `.` and `$` not already escaped gets a backslash. `appendText` escapes
 * emphasis and link brackets but not these, so `https://…`, `www.…`, `name@host.example` in API text would render as
 * links (VS Code's renderer autolinks them) and `$(icon)` as an icon where icons are on. A backslash before ASCII
 * punctuation renders the character itself, so the text reads the same. Linear.
 * Not for values with code spans (a backslash is literal there); our tooltips have none.
 */
export function markdownWithoutAutolinks(value: string): string {
  // A run of backslashes and the character after it; the lookbehind makes each run start one match attempt only.
  return value.replace(ESCAPABLE_AFTER_BACKSLASHES, (m) => (m.length % 2 === 1 ? `\\${m}` : m));
}

/** Backslashes (maybe none) then `:`, `@`, `.` or `$`; an odd count of backslashes means the character is escaped. */
const ESCAPABLE_AFTER_BACKSLASHES = /(?<!\\)\\*[:@.$]/g;
