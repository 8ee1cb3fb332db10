/**
 * The pseudo-locale the localization tests render in: the bundle `npm run l10n:export` makes from src/ now,
 * pseudo-localized (`@vscode/l10n-dev`'s `qps-ploc` transform: every letter of our text becomes an accented one), loaded
 * into `@vscode/l10n` (pure modules) and into the vscode stand-in's `l10n` (host modules). What real code then shows
 * may hold no plain English word but data: `assertTranslated` takes the data out and fails on any word left.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { getL10nJson, getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { findTestFiles } from './testFiles';
import { l10nBundle } from './vscodeStandIn';

const root = path.resolve(__dirname, '..', '..');
let exported: Promise<Record<string, string>> | undefined;

/** The pseudo-localized bundle of every message in src/ (exported once per run). */
export function pseudoBundle(): Promise<Record<string, string>> {
  exported ??= getL10nJson(
    findTestFiles([path.join(root, 'src')], '.ts').map((f) => ({
      extension: '.ts',
      contents: readFileSync(f, 'utf8'),
    })),
  ).then((english) => getL10nPseudoLocalized(english) as Record<string, string>);
  return exported;
}

/** Loads the pseudo-locale before the suite's tests and goes back to English after them. */
export function usePseudoLocale(): { readonly bundle: Record<string, string> } {
  const state = { bundle: {} as Record<string, string> };
  before(async function () {
    this.timeout(60_000);
    state.bundle = await pseudoBundle();
    l10n.config({ contents: state.bundle });
    l10nBundle.contents = state.bundle;
  });
  after(() => {
    l10n.config({ contents: {} });
    l10nBundle.contents = undefined;
  });
  return state;
}

/** Words of three letters or more in plain ASCII once `data` is taken out: English the pseudo-locale did not touch. */
export function englishWords(text: string, data: readonly (string | number)[]): string[] {
  // Codicons are not words; Markdown escapes go first, so that escaped data is found as written.
  let rest = text.replace(/\$\([a-z-]+\)/g, ' ').replace(/\\/g, '');
  // Longest first, so that a value containing another is taken out whole.
  for (const d of [...data].map(String).sort((a, b) => b.length - a.length)) {
    if (d) rest = rest.split(d).join(' ');
  }
  return rest.match(/\b[A-Za-z]{3,}\b/g) ?? [];
}

export function assertTranslated(text: string, data: readonly (string | number)[], what: string): void {
  assert.deepEqual(englishWords(text, data), [], `${what}: ${text}`);
}
