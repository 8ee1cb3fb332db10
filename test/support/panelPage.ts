/**
 * The panel scripts outside VS Code, for the tests that run them in headless Chromium: built from src/webview/ui with
 * the options of esbuild.mjs, and served with the HTML and CSP the panel shell renders.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, renderPanelHtml } from '../../src/webview/html';
import type { PanelKind } from '../../src/panels';

const ROOT = path.resolve(__dirname, '../..');

export function findChromium(): string | undefined {
  try {
    const found = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    return found || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What every panel page gets before its script runs: a stub of VS Code's webview API (posted messages recorded in
 * `window.__posted`; the webview state kept in sessionStorage, so it survives reloads like VS Code's hide/show), and
 * a record of every CSP violation (`window.__violations`). A string, because tsx rewrites test functions with a
 * `__name` helper that does not exist in the page; the shim lets `page.evaluate` callbacks from tests run there too.
 */
const PAGE_STUB_SCRIPT = `
window.__name = (fn) => fn;
window.__posted = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});
`;

/** Headless Chromium and the built panel pages it is pointed at, for one suite. */
export interface PanelBrowser {
  readonly browser: Browser;
  /** Where `servePanels` serves them: `${origin}/panel/<kind>`. */
  readonly origin: string;
  /** A fresh browser context (900 × 700) whose pages get the stub VS Code API (PAGE_STUB_SCRIPT). */
  newContext(): Promise<BrowserContext>;
}

/**
 * Registers the suite's `before` and `after`: builds the panels into a temporary folder, serves them, and starts
 * Chromium; stops and deletes all of it after. Without Chromium the suite is skipped, saying what it skips. Read the
 * result's fields inside tests and hooks (they are set by `before`).
 */
export function usePanelBrowser(checks: string, tempPrefix: string): PanelBrowser {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = '';
  let workDir = '';
  before(async function () {
    const executablePath = findChromium();
    if (!executablePath) {
      console.warn(`    chromium is not installed (apt-get install -y chromium): skipping ${checks}.`);
      this.skip();
    }
    workDir = mkdtempSync(path.join(tmpdir(), tempPrefix));
    await buildPanels(workDir);
    ({ server, origin } = await servePanels(workDir));
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('usePanelBrowser: Chromium is not started (read it inside a test or hook)');
      return browser;
    },
    get origin(): string {
      return origin;
    },
    async newContext(): Promise<BrowserContext> {
      const context = await this.browser.newContext({ viewport: { width: 900, height: 700 } });
      await context.addInitScript({ content: PAGE_STUB_SCRIPT });
      return context;
    },
  };
}

/** Builds the panel scripts like esbuild.mjs does, into `outDir`. */
export async function buildPanels(outDir: string): Promise<void> {
  const uiDirs = ['src/inspector/ui', 'src/imagebuilder/ui'].map((d) => path.join(ROOT, d));
  const entryPoints = Object.fromEntries(
    uiDirs.flatMap((uiDir) =>
      readdirSync(uiDir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
        .map((f) => [path.basename(f, '.ts'), path.join(uiDir, f)]),
    ),
  );
  await esbuild.build({
    entryPoints,
    outdir: path.join(outDir, 'dist/webview'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(path.join(ROOT, 'node_modules/@vscode/codicons/dist', f), path.join(outDir, 'dist/codicons', f));
  }
  cpSync(path.join(ROOT, 'media/panel.css'), path.join(outDir, 'media/panel.css'));
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
};

/** Serves `root` and, at /panel/<kind>, the shell's HTML with `origin` as the webview's cspSource. */
export function servePanels(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host ?? ''}`;
    const panel = /^\/panel\/(\w+)$/.exec(url.pathname);
    if (panel) {
      const kind = panel[1] as PanelKind;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        renderPanelHtml({
          kind,
          cspSource: origin,
          nonce: createNonce(),
          scriptUri: `${origin}/dist/webview/${kind}.js`,
          styleUri: `${origin}/media/panel.css`,
          codiconsUri: `${origin}/dist/codicons/codicon.css`,
          loadingText: 'Loading…',
        }),
      );
      return;
    }
    const file = path.join(root, path.normalize(url.pathname));
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

/**
 * Posts a state message to a panel page and waits until the page has drawn it: `postMessage` is delivered on a later
 * task, so waiting for `aria-busy="false"` alone passes at once after the first state. The panel script posts
 * `rendered` after each state it draws; this waits for that count to go up.
 */
export async function postPanelState(page: Page, message: unknown): Promise<void> {
  const renderedCount = (): number =>
    (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length;
  const before = await page.evaluate(renderedCount);
  await page.evaluate((m) => window.postMessage(m, '*'), message);
  await page.waitForSelector('#app[aria-busy="false"]');
  await page.waitForFunction(
    (n) =>
      (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length > n,
    before,
  );
}
