/**
 * The one formatter module, for the host (tree rows, tooltips, hovers, CodeLens) and the panels (bundled into each
 * webview script): counts, dates, relative times and plurals. `Intl` formatters are cached per locale and options, so
 * a row costs no formatter construction. `locale` undefined means the runtime's locale (in a webview, VS Code's
 * display language). Pure: no `vscode` import.
 *
 * Two wordings of "how long ago" exist on purpose, each pinned by its tests: the tree and hover words ("just now",
 * "1 day ago": `relativeTime`) and the panels' `Intl.RelativeTimeFormat` ("now", "yesterday": `formatRelativeTime`).
 */

/** Shown for unknown or empty values. */
export const MISSING = '—';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

function cached<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

function numberFormat(locale: string | undefined): Intl.NumberFormat {
  return cached(numberFormats, locale ?? '', () => new Intl.NumberFormat(locale));
}

function dateTimeFormat(locale: string | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  return cached(
    dateTimeFormats,
    `${locale ?? ''}|${timeZone ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
}

function relativeTimeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  return cached(relativeTimeFormats, locale ?? '', () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
}

/** A count in `locale` (the user's when undefined), or "—" when unknown. */
export function formatCountIn(value: number | undefined, locale?: string): string {
  if (value === undefined || !Number.isFinite(value)) return MISSING;
  return numberFormat(locale).format(value);
}

export function formatDateTime(epochMs: number | undefined, locale?: string, timeZone?: string): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return MISSING;
  return dateTimeFormat(locale, timeZone).format(epochMs);
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
  const rtf = relativeTimeFormat(locale);
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
    ? formatCountIn(total, locale)
    : `${formatCountIn(shown, locale)} of ${formatCountIn(total, locale)}`;
}

// ---------------------------------------------------------------- tree rows, tooltips, hovers, CodeLens

/** `1234567` → `1,234,567` (what `toLocaleString('en-US')` gives, without Intl on the hot path of every row). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const whole = Math.trunc(n);
  const digits = String(Math.abs(whole));
  if (digits.length <= 3 && whole === n) return String(n);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = whole === n ? '' : String(Math.abs(n - whole)).slice(1, 5);
  return `${n < 0 ? '-' : ''}${grouped}${fraction}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "in use now", "2 hours ago", "3 weeks ago" — relative to `now`. */
export function relativeTime(date: Date | undefined, now: Date = new Date()): string {
  if (!date) return 'unknown';
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < -60) return 'in the future';
  if (seconds < 60) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [604800, 'week'],
    [2629800, 'month'],
    [31557600, 'year'],
  ];
  let chosen: [number, string] = units[0] as [number, string];
  for (const u of units) if (seconds >= u[0]) chosen = u;
  const n = Math.floor(seconds / chosen[0]);
  return `${n} ${chosen[1]}${n === 1 ? '' : 's'} ago`;
}

/**
 * A date for tooltips: the same date as the panels show (`formatDateTime`: medium date, short time, in `locale`),
 * then how long ago in the tree's words; `missing` when there is none.
 */
export function dateAndAge(date: Date | undefined, missing = '—', now: Date = new Date(), locale?: string): string {
  return date ? `${formatDateTime(date.getTime(), locale)} (${relativeTime(date, now)})` : missing;
}
