// The browser-driven check: the packaged extension (image-footprint.vsix, from `npm run package`) installed in a
// fresh code-server, pointed at the emulator with its demo data, looked at in headless Chromium the way a user sees
// it. A list of named checks, each counted as a test; add more to CHECKS. Builds nothing.
//   node --import tsx test/browser/check.ts
// Screenshots go to test-results/screenshots/ (and to docs/screenshots/ with IF_UPDATE_DOCS_SCREENSHOTS=1).
// IF_GREP runs only the checks whose name contains it (the ones before it still run, unnamed, as set-up).
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { findEditor } from '../../scripts/install-editor.mjs';
import { DEMO, startEmulator, type Emulator } from '../emulator/index';
import { isolatedAwsEnv } from '../support/isolatedAws';
import { formatResultLine } from '../support/results';
import {
  launchChromium,
  makeTempRoot,
  startCodeServer,
  workbenchUrl,
  type Browser,
  type CodeServer,
} from '../vscode/codeServer';

const repoRoot = path.resolve(__dirname, '..', '..');
const vsix = path.join(repoRoot, 'image-footprint.vsix');
const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');
const docsScreenshotDir = path.join(repoRoot, 'docs', 'screenshots');
const CHECK_TIMEOUT_MS = 30_000;
const DEMO_REGISTRY = DEMO.registry;

export interface CheckContext {
  readonly page: Page;
  readonly server: CodeServer;
  readonly emulator: Emulator;
  /** Saves a screenshot of the whole window as test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
}

export interface BrowserCheck {
  readonly name: string;
  run(ctx: CheckContext): Promise<void>;
}

const CONTAINER_TITLE = 'Image Footprint';
const sidebar = (page: Page) => page.locator('.part.sidebar');
const paneHeader = (page: Page, title: string) => sidebar(page).locator('.pane-header', { hasText: title });
const paneBody = (page: Page, title: string) =>
  sidebar(page)
    .locator('.pane', { has: page.locator('.pane-header', { hasText: title }) })
    .locator('.pane-body');

/** The checks, in order; later ones may rely on the state earlier ones leave (the container open, …). */
export const CHECKS: BrowserCheck[] = [
  {
    name: 'the workbench loads with Image Footprint in the activity bar',
    async run({ page }) {
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      await page.locator(`.activitybar .action-label[aria-label^="${CONTAINER_TITLE}"]`).waitFor({ state: 'visible' });
    },
  },
  {
    name: 'clicking it opens the container with both views',
    async run({ page }) {
      await page.locator(`.activitybar .action-label[aria-label^="${CONTAINER_TITLE}"]`).click();
      await sidebar(page).locator('.composite.title', { hasText: CONTAINER_TITLE }).waitFor({ state: 'visible' });
      await paneHeader(page, 'Image Clusters').waitFor({ state: 'visible' });
      await paneHeader(page, 'Lifecycle Executions').waitFor({ state: 'visible' });
      // A wider sidebar, as users keep it for trees with descriptions (and for readable screenshots).
      const box = await sidebar(page).boundingBox();
      if (box) {
        await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width + 260, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
      }
    },
  },
  {
    name: 'Image Clusters shows its welcome text and actions',
    async run({ page }) {
      const body = paneBody(page, 'Image Clusters');
      await body.getByText('Find out which ECS and EKS clusters run an ECR image.').waitFor({ state: 'visible' });
      await body.getByRole('button', { name: 'Look Up ECR Image' }).waitFor({ state: 'visible' });
    },
  },
  {
    name: 'Lifecycle Executions shows its welcome text and actions',
    async run({ page, screenshot }) {
      const body = paneBody(page, 'Lifecycle Executions');
      await body.getByText('See what EC2 Image Builder lifecycle policies did to your images.').waitFor();
      await body.getByRole('button', { name: 'Open Lifecycle Execution' }).waitFor({ state: 'visible' });
      await screenshot('views-welcome');
    },
  },
  {
    name: 'Look Up ECR Image from the command palette shows where the image runs',
    async run({ page, screenshot }) {
      await runCommand(page, 'Image Footprint: Look Up ECR Image');
      const input = page.locator('.quick-input-widget input');
      await input.fill(`${DEMO_REGISTRY}/shop/web:1.4.2`);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Look up shop/web:1.4.2' }).waitFor();
      await input.press('Enter');
      const rows = paneBody(page, 'Image Clusters').locator('.monaco-list-row');
      await rows.filter({ hasText: 'shop/web:1.4.2' }).waitFor();
      for (const cluster of ['prod-web', 'staging-web', 'prod-eks']) await rows.filter({ hasText: cluster }).waitFor();
      await rows
        .filter({ hasText: 'prod-web' })
        .getByText(/ECS · \d+ running · \d+ stopped in 24 h/)
        .waitFor();
      await screenshot('clusters');
    },
  },
  {
    name: 'the EKS workloads panel lists the workloads as text',
    async run({ page, screenshot }) {
      await runCommand(page, 'Image Footprint: Show EKS Workloads');
      const input = page.locator('.quick-input-widget input');
      await input.fill('prod-eks');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'prod-eks' }).first().waitFor();
      await input.press('Enter');
      const panel = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      for (const workload of ['web', 'web-canary', 'cache-warmer']) {
        await panel.getByText(workload, { exact: true }).first().waitFor();
      }
      await panel.getByText('CronJob').first().waitFor();
      await screenshot('eks-workloads');
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    name: 'opening the running lifecycle execution warns that a deleted image still runs',
    async run({ page, screenshot }) {
      await runCommand(page, 'Image Footprint: Open Lifecycle Execution');
      const input = page.locator('.quick-input-widget input');
      await input.fill(DEMO.executions.containerInProgress);
      await input.press('Enter');
      const rows = paneBody(page, 'Lifecycle Executions').locator('.monaco-list-row');
      // The top-level row of the Image Builder image, as the service lists a container run: nothing expanded.
      await rows
        .filter({ hasText: 'shop-worker 0.9.7/1' })
        .getByText(/DELETE — still running in 1 cluster; new tasks and pods will fail to pull it/)
        .waitFor();
      await rows
        .filter({ hasText: 'shop-web 1.2.0/1' })
        .getByText(/not covered by Inspector/)
        .waitFor();
      await screenshot('lifecycle');
    },
  },
  {
    name: 'hovering a FROM line of the demo Dockerfile shows its clusters',
    async run({ page, screenshot }) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.fill('Dockerfile');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
      await input.press('Enter');
      const line = page.locator('.monaco-editor .view-line', { hasText: 'shop/web:1.4.2' });
      await line.waitFor();
      await line.locator('span', { hasText: '1.4.2' }).last().hover();
      const hover = page.locator('.monaco-hover', { hasText: 'clusters' });
      await hover.getByText(/3 clusters/).waitFor();
      await hover.getByText('Show in Image Clusters').waitFor();
      // Let the hover finish fading in before the picture.
      await page.waitForTimeout(800);
      await page.screenshot({ path: path.join(screenshotDir, 'hover.png') });
      if (process.env.IF_UPDATE_DOCS_SCREENSHOTS === '1') {
        copyFileSync(path.join(screenshotDir, 'hover.png'), path.join(docsScreenshotDir, 'hover.png'));
      }
      void screenshot;
    },
  },
  {
    name: 'Get Started opens the walkthrough (openWalkthrough with publisher.name#id): its steps, Markdown and screenshot',
    async run({ page, screenshot }) {
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'Image Footprint: Get Started');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.getByText('Get Started with Image Footprint').first().waitFor();
      for (const step of [
        'Choose a profile or sign in',
        'Look up an image',
        'Hover an image reference',
        'Open a lifecycle execution',
      ]) {
        await walkthrough.locator('.getting-started-step', { hasText: step }).first().waitFor();
      }
      await walkthrough.locator('.getting-started-step', { hasText: 'Look up an image' }).first().click();
      // The step's Markdown renders in a webview, with the README's screenshot from inside the package.
      const media = page.frameLocator('iframe.webview').last().frameLocator('#active-frame');
      await media.getByText('Look up an ECR image').first().waitFor();
      const shot = media.locator('img[src*="clusters.png"]');
      await shot.waitFor();
      const loaded = await shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      if (!loaded) throw new Error("the step's screenshot did not load from the package");
      await screenshot('walkthrough');
    },
  },
  {
    name: 'the context menus of an image and an execution offer export, and Copy as Markdown copies every cluster',
    async run({ page, screenshot }) {
      await runCommand(page, 'View: Close All Editors');
      const menu = page.locator('.context-view .monaco-menu');
      const image = paneBody(page, 'Image Clusters').locator('.monaco-list-row', { hasText: 'shop/web:1.4.2' });
      await image.first().click({ button: 'right' });
      for (const entry of ['Copy Clusters as Markdown Table', 'Export Clusters as CSV…', 'Copy ARN']) {
        await menu.getByText(entry, { exact: true }).waitFor();
      }
      await screenshot('export-menu');
      await menu.getByText('Copy Clusters as Markdown Table', { exact: true }).click();
      await page
        .locator('.notifications-toasts')
        .getByText(/Copied the clusters of shop\/web:1\.4\.2 as a Markdown table: 3 clusters, \d+ rows\./)
        .waitFor();
      const execution = paneBody(page, 'Lifecycle Executions').locator('.monaco-list-row', { hasText: 'IN_PROGRESS' });
      await execution.first().click({ button: 'right' });
      for (const entry of ['Copy Resources as Markdown Table', 'Export Resources as CSV…', 'Copy ID']) {
        await menu.getByText(entry, { exact: true }).waitFor();
      }
      await menu.getByText('Copy ID', { exact: true }).hover();
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'hidden' });
    },
  },
  {
    name: 'an export in progress shows its progress and stops on Cancel, copying nothing',
    async run({ page, emulator }) {
      await runCommand(page, 'Notifications: Clear All Notifications');
      // Slow pages, and an image whose clusters the tree has not loaded yet (a refresh forgets them).
      emulator.setFault('GetClustersForImage', { kind: 'latency', ms: 4_000 });
      try {
        await runCommand(page, 'Image Footprint: Refresh');
        const image = paneBody(page, 'Image Clusters').locator('.monaco-list-row', { hasText: 'shop/web:1.4.2' });
        await image.first().click({ button: 'right' });
        const copy = page.locator('.context-view .monaco-menu').getByText('Copy Clusters as Markdown Table', {
          exact: true,
        });
        await copy.hover(); // a menu ignores a click that comes too soon after it opened
        await copy.click();
        // On a loaded machine the first click can still come too soon: the menu then stays open. Click once more.
        const menu = page.locator('.context-view .monaco-menu');
        if (
          !(await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(
            () => true,
            () => false,
          ))
        ) {
          await copy.click();
        }
        const toasts = page.locator('.notifications-toasts');
        const progress = toasts.locator('.notification-toast', { hasText: 'Loading clusters of shop/web:1.4.2' });
        await progress.waitFor();
        await progress.getByRole('button', { name: 'Cancel' }).click();
        await progress.waitFor({ state: 'hidden' });
        // Longer than the slow page: had it not been cancelled, the table would be copied by now.
        await page.waitForTimeout(5_000);
        if ((await toasts.getByText(/Copied the clusters/).count()) > 0) throw new Error('the cancelled export copied');
      } finally {
        emulator.setFault('GetClustersForImage', undefined);
      }
    },
  },
  {
    name: 'Workspace Images lists the ECR images of the demo folder and where one runs',
    async run({ page, screenshot }) {
      await runCommand(page, 'View: Close All Editors');
      // The other two views collapsed, so the picture has room for this one.
      for (const title of ['Image Clusters', 'Lifecycle Executions']) {
        const other = paneHeader(page, title);
        if ((await other.getAttribute('aria-expanded')) === 'true') await other.click();
      }
      const header = paneHeader(page, 'Workspace Images');
      await header.waitFor({ state: 'visible' });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      const rows = paneBody(page, 'Workspace Images').locator('.monaco-list-row');
      for (const image of ['shop/api', 'shop/worker:0.9.7', 'platform/base:2026.11']) {
        await rows.filter({ hasText: image }).first().waitFor();
      }
      const web = rows.filter({ hasText: 'shop/web:1.4.2' });
      await web.getByText(/3 references/).waitFor();
      await web.click();
      await rows.filter({ hasText: 'Where it runs' }).first().click();
      for (const cluster of ['prod-web', 'staging-web', 'prod-eks']) await rows.filter({ hasText: cluster }).waitFor();
      await rows.filter({ hasText: 'k8s/web.yaml' }).first().waitFor();
      await screenshot('workspace-images');
    },
  },
];

/** Runs a command from the palette by its full title ("Category: Title"). */
async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // Focus the workbench itself first (a webview or a closed editor may hold the focus), then open the palette.
  for (let attempt = 0; ; attempt++) {
    await page.locator('.part.statusbar').click({ position: { x: 700, y: 10 } });
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await input.press('Enter');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function runBrowserChecks(
  checks: readonly BrowserCheck[] = CHECKS,
): Promise<{ passed: number; failed: number }> {
  if (!existsSync(vsix)) throw new Error('image-footprint.vsix is missing: run `npm run package` first');
  const editor = findEditor();
  if (!editor) throw new Error('the editor is not installed: run `node scripts/install-editor.mjs` first');
  const grep = process.env.IF_GREP || undefined;
  const updateDocs = process.env.IF_UPDATE_DOCS_SCREENSHOTS === '1';
  mkdirSync(screenshotDir, { recursive: true });

  const tmp = makeTempRoot('browser-check');
  let emulator: Emulator | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let passed = 0;
  let failed = 0;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      await browser?.close();
      await server?.close();
      await emulator?.close();
      rmSync(tmp, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    console.log(`browser check: ${signal}: stopping`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    emulator = await startEmulator({ dataset: 'demo' });
    const workspace = path.join(tmp, 'workspace');
    const demoWorkspace = path.join(repoRoot, 'demo', 'workspace');
    if (existsSync(demoWorkspace)) cpSync(demoWorkspace, workspace, { recursive: true });
    else mkdirSync(workspace);
    server = await startCodeServer({
      editor,
      root: path.join(tmp, 'code-server'),
      vsix: [vsix],
      userSettings: { 'imageFootprint.endpoints': emulator.endpoints, 'imageFootprint.region': 'us-east-1' },
      env: isolatedAwsEnv(path.join(tmp, 'aws')),
    });
    browser = await launchChromium(editor);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(CHECK_TIMEOUT_MS);
    const ctx: CheckContext = {
      page,
      server,
      emulator,
      async screenshot(name) {
        const file = path.join(screenshotDir, `${name}.png`);
        // No hover tooltip in the picture: move away and wait until it is gone.
        await page.mouse.move(900, 700);
        await page
          .locator('.workbench-hover')
          .waitFor({ state: 'hidden', timeout: 3_000 })
          .catch(() => undefined);
        await page.screenshot({ path: file });
        if (updateDocs) {
          mkdirSync(docsScreenshotDir, { recursive: true });
          copyFileSync(file, path.join(docsScreenshotDir, `${name}.png`));
        }
        return file;
      },
    };
    const started = Date.now();
    await page.goto(workbenchUrl(server, { folder: workspace }), { waitUntil: 'domcontentloaded' });
    console.log('\n  Browser check: the packaged extension in code-server, demo data');
    let broken: string | undefined;
    for (const check of checks) {
      const counted = !grep || check.name.includes(grep);
      if (broken) {
        failed++;
        console.log(`    ✘ ${check.name} (not run: "${broken}" failed and the later checks build on it)`);
        continue;
      }
      const t0 = Date.now();
      try {
        await check.run(ctx);
        if (counted) {
          passed++;
          console.log(`    ✔ ${check.name} (${Date.now() - t0} ms)`);
        }
      } catch (err) {
        failed++;
        const shot = await ctx.screenshot(`failed-${slug(check.name)}`).catch(() => undefined);
        console.log(`    ✘ ${check.name}`);
        console.log(`      ${(err instanceof Error ? err.message : String(err)).split('\n').join('\n      ')}`);
        if (shot) console.log(`      screenshot: ${path.relative(repoRoot, shot)}`);
        broken = check.name;
      }
    }
    console.log(`  ${passed} passing, ${failed} failing (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    failed++;
    console.log(`  browser check could not run: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
  console.log(formatResultLine({ stage: 'browser', passed, failed }));
  return { passed, failed };
}

if (require.main === module) {
  runBrowserChecks().then(
    ({ failed }) => process.exit(failed > 0 ? 1 : 0),
    (err: unknown) => {
      console.error(`browser check: ${err instanceof Error ? err.message : String(err)}`);
      console.log(formatResultLine({ stage: 'browser', passed: 0, failed: 1 }));
      process.exit(1);
    },
  );
}
