/**
 * The message envelope between the extension host and every panel webview, in ONE file both sides import (the host in
 * `panelShell.ts`, the browser scripts through `ui/_app.ts`). Each panel's own state and ids live next to the panel
 * (`inspector/panelProtocol.ts`, `imagebuilder/snapshotStatesProtocol.ts`); `src/panels.ts` lists the panels.
 *
 * Everything sent must survive `postMessage` (JSON-like): plain objects, strings, numbers, booleans, arrays. Dates are
 * epoch milliseconds. Every string that came from AWS is data: the webview sets it as text, never as markup.
 *
 * Copy and open actions carry only an id (`target`, `link`): the host keeps the values and URLs for the ids it handed
 * out and never copies or opens something the webview sends.
 */
import { LANGUAGE_TAG } from '../util/format';

/** Epoch milliseconds (a `Date` does not survive `postMessage`). */
export type EpochMillis = number;

/**
 * Host → webview: the whole state of a panel of `kind`. Posted as soon as the page is created (VS Code holds it until
 * the page has loaded, so it arrives without a round trip), on every update, and again when the page says `ready`
 * (in case the first one was lost, and after a hidden page reloads).
 */
export interface StateMessage<S = unknown> {
  readonly type: 'state';
  readonly kind: string;
  readonly state: S;
  /** The state's number in its panel (1, 2, …): a page draws each number once, however often it is posted. */
  readonly rev: number;
  /** VS Code's display language (`vscode.env.language`): the panel formats counts and dates in it. */
  readonly locale?: string;
  /**
   * VS Code's translation bundle for the display language (`vscode.l10n.bundle`: English message → translation;
   * absent in English). The page configures `@vscode/l10n` with it before drawing, so its own words are translated.
   */
  readonly l10n?: L10nBundle;
}

/** Translations by English message, as `vscode.l10n.bundle` gives them and `@vscode/l10n`'s `config` takes them. */
export type L10nBundle = Readonly<Record<string, string>>;

/** Webview → host. */
export type WebviewMessage =
  /** The script has loaded and wants the state (after opening and after every reload of a hidden panel). */
  | { readonly type: 'ready' }
  /** Copy the value the host holds for `target`. */
  | { readonly type: 'copy'; readonly target: string }
  /** Open the URL the host holds for `link`. */
  | { readonly type: 'openLink'; readonly link: string }
  /**
   * A state was rendered and the frame with it drawn (what the benchmark times a panel's open by); `pageMs`: when, in
   * milliseconds since the page's frame began to load (the host ignores it; the benchmark reads it).
   */
  | { readonly type: 'rendered'; readonly pageMs?: number };

const MAX_ID_LENGTH = 200;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Validates a message from the webview; anything malformed gives undefined (the host logs and ignores it). */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; target?: unknown; link?: unknown };
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return { type: 'rendered' };
    case 'copy':
      return isId(m.target) ? { type: 'copy', target: m.target } : undefined;
    case 'openLink':
      return isId(m.link) ? { type: 'openLink', link: m.link } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host for a panel of `kind` (the webview ignores anything else). */
export function parseStateMessage<S>(kind: string, data: unknown): S | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; kind?: unknown; state?: unknown };
  if (m.type !== 'state' || m.kind !== kind || typeof m.state !== 'object' || m.state === null) return undefined;
  return m.state as S;
}

/** The number (`rev`) a state message carries, or undefined. */
export function parseStateRev(data: unknown): number | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const rev = (data as { rev?: unknown }).rev;
  return typeof rev === 'number' && Number.isSafeInteger(rev) ? rev : undefined;
}

/** The display language a state message carries (a short language tag), or undefined. */
export function parseStateLocale(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const locale = (data as { locale?: unknown }).locale;
  return typeof locale === 'string' && LANGUAGE_TAG.test(locale) ? locale : undefined;
}

/** Bounds of a bundle the page accepts: far above ours (a few hundred messages), far below a hostile flood. */
const MAX_BUNDLE_MESSAGES = 20_000;
const MAX_BUNDLE_TEXT = 4_000;

/**
 * The translation bundle a state message carries, or undefined (English) when it is absent or malformed: a plain
 * object of string → string. Entries that are not strings, or too long, are dropped; the copy has no prototype, so a
 * message named like an `Object.prototype` member ("constructor") finds no translation but its own.
 */
export function parseStateL10n(data: unknown): L10nBundle | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const bundle = (data as { l10n?: unknown }).l10n;
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) return undefined;
  const entries = Object.entries(bundle as Record<string, unknown>);
  if (entries.length > MAX_BUNDLE_MESSAGES) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const [message, translation] of entries) {
    if (typeof translation === 'string' && translation.length <= MAX_BUNDLE_TEXT && message.length <= MAX_BUNDLE_TEXT) {
      out[message] = translation;
    }
  }
  return out;
}
