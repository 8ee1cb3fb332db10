import assert from 'node:assert/strict';
import { buildPanelCsp, createNonce, renderPanelHtml, type PanelHtmlInput } from '../../src/webview/html';

const input = (over: Partial<PanelHtmlInput> = {}): PanelHtmlInput => ({
  kind: 'eksWorkloads',
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utbm9uY2Utbm9uY2U=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/eksWorkloads.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  codiconsUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
  loadingText: 'Loading…',
  ...over,
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('webview HTML and CSP', () => {
  it('allows nothing by default, scripts only by nonce, styles and fonts only from cspSource', () => {
    const d = directives(buildPanelCsp('https://src.example', 'N0nce'));
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), ["'nonce-N0nce'"]);
    assert.deepEqual(d.get('style-src'), ['https://src.example']);
    assert.deepEqual(d.get('font-src'), ['https://src.example']);
    assert.deepEqual(d.get('require-trusted-types-for'), ["'script'"]);
    assert.equal(d.has('img-src'), false, 'no images at all');
    assert.equal(d.has('connect-src'), false, 'no network from the page');
  });

  it("never contains 'unsafe-inline' or 'unsafe-eval'", () => {
    const csp = buildPanelCsp('https://src.example', createNonce());
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });

  it('creates a fresh, long nonce every time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9+/]{22}==$/);
  });

  it('puts the CSP, the nonce on its only script, and the stylesheets into the page', () => {
    const html = renderPanelHtml(input());
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [
      '<script nonce="bm9uY2Utbm9uY2Utbm9uY2U=" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/eksWorkloads.js">',
    ]);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; /);
    assert.match(html, /nonce-bm9uY2Utbm9uY2Utbm9uY2U=/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/codicon\.css">/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/panel\.css">/);
    assert.doesNotMatch(html, /style="/, 'no inline styles');
  });

  it('escapes every value it puts into attributes', () => {
    const html = renderPanelHtml(
      input({ scriptUri: 'https://x/"><script>alert(1)</script>', cspSource: "x' 'unsafe-inline" }),
    );
    assert.equal([...html.matchAll(/<script\b/g)].length, 1);
    assert.ok(html.includes('&quot;&gt;&lt;script&gt;'));
    assert.ok(!html.includes("x' 'unsafe-inline"));
  });

  it('says "Loading…" in the display language, and names that language (never anything but a language tag)', () => {
    const html = renderPanelHtml(input({ lang: 'de', loadingText: 'Wird geladen <…>' }));
    assert.match(html, /<html lang="de">/);
    assert.match(html, /<p class="muted">Wird geladen &lt;…&gt;<\/p>/, 'the translated text is escaped');
    assert.match(renderPanelHtml(input()), /<html lang="en">/);
    assert.match(renderPanelHtml(input({ lang: 'x"><script>' })), /<html lang="en">/);
  });
});
