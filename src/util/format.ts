/**
 * The one formatter module, for the host (tree rows, tooltips, hovers, CodeLens) and the panels (bundled into each
 * webview script): counts, dates, relative times and plurals. `Intl` formatters are cached per locale and options, so
 * a row costs no formatter construction. `locale` undefined means the locale set with `setFormatLocale`: VS Code's
 * display language (`vscode.env.language`), which the extension sets at activation and each panel sets from the
 * host's state message; before that, the runtime's. Pure: no `vscode` import.
 *
 * One wording of "how long ago" everywhere (tree rows, tooltips, hovers, panels): `Intl.RelativeTimeFormat` with
 * `numeric: 'auto'` ("now", "yesterday", "3 days ago"), in the display language.
 *
 * The few words of our own ("unknown", "12 of 40") go through `@vscode/l10n` (configured at activation in the host;
 * in a panel it answers in English unless the panel configures it).
 */
import * as l10n from '@vscode/l10n';

/** Shown for unknown or empty values. */
export const MISSING = '—';

/** A BCP 47 language tag as VS Code names display languages ("en", "de", "zh-cn", "pt-br"). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** VS Code's display language (`vscode.env.language`, e.g. "en", "de", "pt-br"); undefined: the runtime's. */
let defaultLocale: string | undefined;
/** The display language groups digits as `formatCount`'s fast path does ("1,234"): a row then needs no `Intl`. */
let groupsLikeEnglish = true;

/**
 * Sets the locale every function here uses when it is given none: on the host from `vscode.env.language` at
 * activation, in a panel from the state message. An empty or unknown tag (one `Intl` does not support) means the
 * runtime's locale.
 */
export function setFormatLocale(locale: string | undefined): void {
  // A pattern, not `Intl.*.supportedLocalesOf`: that loads the locale data at activation (about 15 ms); a well-formed
  // tag `Intl` does not know falls back to the runtime's locale when a formatter is first built.
  defaultLocale = locale && LANGUAGE_TAG.test(locale) ? locale : undefined;
  groupsLikeEnglish = defaultLocale === undefined || /^en(-(us|gb))?$/i.test(defaultLocale);
}

/** The locale set with `setFormatLocale` (undefined: the runtime's). */
export function formatLocale(): string | undefined {
  return defaultLocale;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** The formatter for `locale` (made once); a tag `Intl` rejects gets the runtime locale's instead of throwing. */
function cached<F>(cache: Map<string, F>, key: string, locale: string | undefined, make: (l?: string) => F): F {
  let format = cache.get(key);
  if (!format) {
    try {
      format = make(locale);
    } catch {
      format = make(undefined);
    }
    cache.set(key, format);
  }
  return format;
}

function numberFormat(given: string | undefined): Intl.NumberFormat {
  const locale = given ?? defaultLocale;
  return cached(numberFormats, locale ?? '', locale, (l) => new Intl.NumberFormat(l));
}

function dateTimeFormat(given: string | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  const locale = given ?? defaultLocale;
  return cached(
    dateTimeFormats,
    `${locale ?? ''}|${timeZone ?? ''}`,
    locale,
    (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
}

function relativeTimeFormat(given: string | undefined): Intl.RelativeTimeFormat {
  const locale = given ?? defaultLocale;
  return cached(relativeTimeFormats, locale ?? '', locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' }));
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

/**
 * The texts each relative-time formatter made, by value and unit. `Intl.RelativeTimeFormat.format` (ICU) is slow
 * next to everything else a hover or a row does (about a third of a hover's own Markdown), and the same few texts
 * ("3 days ago", "yesterday") come back again and again. Per formatter, so a change of locale starts afresh.
 */
const relativeTexts = new WeakMap<Intl.RelativeTimeFormat, Map<string, string>>();
/** Texts kept per formatter at most (values are small whole numbers of one of seven units). */
const MAX_RELATIVE_TEXTS = 1000;

function relativeText(rtf: Intl.RelativeTimeFormat, value: number, unit: Intl.RelativeTimeFormatUnit): string {
  let texts = relativeTexts.get(rtf);
  if (!texts) {
    texts = new Map();
    relativeTexts.set(rtf, texts);
  }
  // -0 ("0 seconds ago") and 0 are told apart, as the formatter may word them differently.
  const key = `${Object.is(value, -0) ? '-0' : value} ${unit}`;
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= MAX_RELATIVE_TEXTS) texts.clear();
    text = rtf.format(value, unit);
    texts.set(key, text);
  }
  return text;
}

/** "3 days ago", "in 2 hours", "now": the largest whole unit of the distance from `now`. */
export function formatRelativeTime(epochMs: number | undefined, now: number, locale?: string): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return MISSING;
  const diff = epochMs - now;
  const rtf = relativeTimeFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relativeText(rtf, Math.trunc(diff / ms), unit);
  }
  return relativeText(rtf, 0, 'second');
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
    : l10n.t('{0} of {1}', formatCountIn(shown, locale), formatCountIn(total, locale));
}

// ---------------------------------------------------------------- tree rows, tooltips, hovers, CodeLens

/**
 * A count in the display language: `1234567` → `1,234,567` in English (without `Intl` on the hot path of every
 * row), `1.234.567` in German (the cached `Intl.NumberFormat`).
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (!groupsLikeEnglish) return numberFormat(undefined).format(n);
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

/** "now", "2 hours ago", "yesterday" — relative to `now`, in the panels' words (`formatRelativeTime`). */
export function relativeTime(date: Date | undefined, now: Date = new Date()): string {
  if (!date) return l10n.t('unknown');
  return formatRelativeTime(date.getTime(), now.getTime());
}

/**
 * A date for tooltips as the panels show it (`formatWhen`: medium date, short time, then how long ago, in `locale`);
 * `missing` when there is none.
 */
export function dateAndAge(date: Date | undefined, missing = '—', now: Date = new Date(), locale?: string): string {
  return date ? formatWhen(date.getTime(), now.getTime(), locale) : missing;
}
