/**
 * The HTML of every panel: a strict CSP with a fresh nonce, the shared stylesheet, codicons and the panel's script.
 * Pure (no `vscode`): the shell passes in the webview's `cspSource` and resource URIs. No AWS data is ever put in the
 * HTML; the state reaches the page as a message and is set as text there.
 */
import { escapeHtml as attr } from '../util/escape';
import { LANGUAGE_TAG } from '../util/format';

/**
 * 128 random bits, base64: a new one for every render. `node:crypto` is required here, on the first panel, not at
 * activation: loading it costs a cold process 2–6 ms, a third of the activation budget.
 */
export function createNonce(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  return randomBytes(16).toString('base64');
}

/**
 * `default-src 'none'`; scripts only with the nonce; styles and fonts only from the extension's own resources; no
 * `'unsafe-inline'` and no `'unsafe-eval'`. Trusted Types are required, so an `innerHTML = string` anywhere in the page throws.
 */
export function buildPanelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

export interface PanelHtmlInput {
  /** The panel's kind: its script is `dist/webview/<kind>.js`. */
  readonly kind: string;
  readonly cspSource: string;
  readonly nonce: string;
  /** `dist/webview/<kind>.js` as a webview URI. */
  readonly scriptUri: string;
  /** `media/panel.css` as a webview URI. */
  readonly styleUri: string;
  /** `dist/codicons/codicon.css` as a webview URI. */
  readonly codiconsUri: string;
  /** VS Code's display language (`vscode.env.language`); English when absent or not a language tag. */
  readonly lang?: string;
  /** What the page shows until its state arrives ("Loading…", translated by the host). */
  readonly loadingText: string;
}

/**
 * The few values in the template are ours (URIs, nonce, kind, language, the translated "Loading…"), and are still
 * escaped. The translation bundle is never put here: the page gets it with its state.
 */
export function renderPanelHtml(input: PanelHtmlInput): string {
  const nonce = attr(input.nonce);
  const lang = input.lang !== undefined && LANGUAGE_TAG.test(input.lang) ? input.lang : 'en';
  return `<!DOCTYPE html>
<html lang="${attr(lang)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(buildPanelCsp(input.cspSource, input.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(input.codiconsUri)}">
  <link rel="stylesheet" href="${attr(input.styleUri)}">
</head>
<body data-panel="${attr(input.kind)}">
  <main id="app" aria-busy="true"><p class="muted">${attr(input.loadingText)}</p></main>
  <script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
