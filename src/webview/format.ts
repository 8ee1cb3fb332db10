/**
 * How panels show values: pure functions used by the webview scripts (and tested on the host). `locale` undefined
 * means the user's locale (in a webview, VS Code's display language).
 */

import { stripBidiControls, truncateMiddle } from '../util/escape';
import {
  MISSING,
  formatCountIn,
  formatDateTime,
  formatRelativeTime,
  formatShownCount,
  formatWhen,
} from '../util/format';

// Counts and dates come from util/format.ts, the one formatter module of host and panels.
export { MISSING, formatDateTime, formatRelativeTime, formatShownCount, formatWhen };
export const formatCount = formatCountIn;

/** Besides the bidi controls (`stripBidiControls`): C0/C1 controls and zero-width characters that hide text. */
// eslint-disable-next-line no-control-regex
const HIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

/**
 * A string from AWS as the user should see it: empty → "—"; invisible or reordering characters (bidi overrides and
 * isolates, zero-width, control characters) are made visible as `[U+202E]`, so they can neither hide text nor reorder it.
 */
export function displayText(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return MISSING;
  return stripBidiControls(value).replace(
    HIDDEN_CHARS,
    (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
}

/** A value from AWS in a panel title: visible hidden characters, at most `max` characters. */
export function titleText(value: string | undefined, max = 48): string {
  return truncateMiddle(displayText(value), max);
}
