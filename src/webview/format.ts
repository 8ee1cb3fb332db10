/**
 * How panels show values: pure functions used by the webview scripts (and tested on the host). `locale` undefined
 * means the user's locale (in a webview, VS Code's display language).
 */

import { stripBidiControls, truncateMiddle } from '../util/escape';

/** Shown for unknown or empty values. */
export const MISSING = '—';

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

export function formatCount(value: number | undefined, locale?: string): string {
  if (value === undefined || !Number.isFinite(value)) return MISSING;
  return new Intl.NumberFormat(locale).format(value);
}

export function formatDateTime(epochMs: number | undefined, locale?: string, timeZone?: string): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return MISSING;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(epochMs);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 days ago", "in 2 hours", "now": the largest whole unit of the distance from `now`. */
export function formatRelativeTime(epochMs: number | undefined, now: number, locale?: string): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return MISSING;
  const diff = epochMs - now;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.trunc(diff / ms), unit);
  }
  return rtf.format(0, 'second');
}

/** "May 31, 2024, 4:08 PM (3 days ago)", or "—". */
export function formatWhen(epochMs: number | undefined, now: number, locale?: string, timeZone?: string): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return MISSING;
  return `${formatDateTime(epochMs, locale, timeZone)} (${formatRelativeTime(epochMs, now, locale)})`;
}

/** "12 of 40" when filtered, else "40". */
export function formatShownCount(shown: number, total: number, locale?: string): string {
  return shown === total
    ? formatCount(total, locale)
    : `${formatCount(shown, locale)} of ${formatCount(total, locale)}`;
}

/** A value from AWS in a panel title: visible hidden characters, at most `max` characters. */
export function titleText(value: string | undefined, max = 48): string {
  return truncateMiddle(displayText(value), max);
}
