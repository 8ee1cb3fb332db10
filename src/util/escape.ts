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

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Unicode characters with the Bidi_Control property: ALM, LRM, RLM, LRE..RLO, LRI..PDI. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Line breaks as CommonMark and VS Code see them, plus NEL and the Unicode line/paragraph separators. */
const LINE_BREAK_RUN = /[^\S\r\n\u0085\u2028\u2029]*(?:\r\n|[\r\n\u0085\u2028\u2029])[\s\u0085]*/g;

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
  return toText(s).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

export function stripBidiControls(s: string | null | undefined): string {
  return toText(s).replace(
    BIDI_CONTROLS,
    (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

export function escapeMarkdown(s: string | null | undefined): string {
  return stripBidiControls(s)
    .replace(LINE_BREAK_RUN, ' ')
    .replace(CONTROL_CHARS, ' ')
    .replace(ASCII_PUNCTUATION, '\\$&');
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
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const kept = limit - 1;
  const head = Math.ceil(kept / 2);
  const tail = kept - head;
  return chars.slice(0, head).join('') + '…' + (tail > 0 ? chars.slice(chars.length - tail).join('') : '');
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
  const line = stripBidiControls(s)
    .replace(LINE_BREAK_RUN, ' ')
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
