/**
 * The panel scripts in a real browser (Debian's chromium, driven by playwright-core): each panel is built from
 * src/webview/ui with the options of esbuild.mjs, served with the HTML and CSP the shell renders, given a stub
 * `acquireVsCodeApi`, and fed hostile state. Skipped, with a message, only when chromium is not installed.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { ClusterInfo, LifecycleResource } from '../../src/aws/types';
import { buildEcsTaskDefinitionState } from '../../src/inspector/ecsTaskDefinitionPanel';
import { buildEksWorkloadsState } from '../../src/inspector/eksWorkloadsPanel';
import { buildSnapshotStatesState } from '../../src/imagebuilder/snapshotStatesPanel';
import type { PanelKind, PanelStateOf } from '../../src/panels';
import type { WebviewMessage } from '../../src/webview/protocol';

import { postPanelState, usePanelBrowser } from '../support/panelPage';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=1</script>';
const JS_LINK = 'javascript:window.__pwned=1';
const CMD_MD = '[**quit**](command:workbench.action.quit)';
const BIDI = 'invoice\u202Etxt.exe\u202C';
const LONG = 'x'.repeat(5000);

/** Whole days, so that the relative parts ("3 days ago") hold however long the suite runs before these tests. */
const NOW = Date.now();
const DAY = 24 * 3600_000;

const eksCluster: ClusterInfo = {
  clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/shop',
  details: [
    {
      lastInUse: new Date(NOW - 3 * DAY),
      runningUnitCount: 4,
      stoppedUnitCount: 1,
      metadata: {
        kind: 'eks',
        namespace: 'payments',
        workloads: [
          { name: IMG, type: 'Deployment' },
          { name: 'billing-api', type: 'Deployment' },
          { name: SCRIPT, type: 'StatefulSet' },
          { name: BIDI, type: 'DaemonSet' },
        ],
      },
    },
    {
      lastInUse: new Date(NOW - 2 * DAY),
      runningUnitCount: 1234,
      metadata: {
        kind: 'eks',
        namespace: 'web',
        workloads: [
          { name: 'Alpha-web', type: 'deployment' },
          { name: JS_LINK, type: CMD_MD },
          { name: LONG, type: 'Job' },
        ],
      },
    },
  ],
};

const ecsCluster: ClusterInfo = {
  clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/orders',
  details: [
    {
      lastInUse: new Date(NOW - 5 * DAY),
      runningUnitCount: 3,
      stoppedUnitCount: 0,
      metadata: {
        kind: 'ecs',
        detailsGroup: IMG,
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/orders-web:42',
      },
    },
    {
      metadata: { kind: 'ecs', detailsGroup: BIDI, taskDefinitionArn: SCRIPT },
    },
    { metadata: { kind: 'unknown', tag: 'awsNewMetadata' } },
  ],
};

const amiResource: LifecycleResource = {
  accountId: '111122223333',
  region: 'us-east-1',
  resourceId: 'ami-0123456789abcdef0',
  state: { status: 'FAILED', reason: SCRIPT },
  action: { name: 'DELETE', reason: CMD_MD },
  snapshots: [
    { snapshotId: 'snap-0b', state: { status: 'SUCCESS' } },
    { snapshotId: IMG, state: { status: 'FAILED', reason: JS_LINK } },
    { snapshotId: 'snap-0a', state: { status: 'SUCCESS', reason: BIDI } },
    { state: { status: 'IN_PROGRESS', reason: LONG } },
  ],
  imageUris: [JS_LINK],
  startTime: new Date(NOW - 8 * DAY),
};

describe('panels in a browser (chromium + playwright-core)', function () {
  this.timeout(60_000);

  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  const panels = usePanelBrowser('the browser checks of the panels', 'panels-');

  beforeEach(async () => {
    pageErrors = [];
    context = await panels.newContext();
  });

  afterEach(async () => {
    await context?.close();
  });

  async function open<K extends PanelKind>(kind: K, state?: PanelStateOf<K>): Promise<Page> {
    const page = await context!.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(`${m.type()}: ${m.text()}`);
    });
    await page.goto(`${panels.origin}/panel/${kind}`);
    await page.waitForFunction(() =>
      ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'),
    );
    if (state) await post(page, kind, state);
    return page;
  }

  async function post<K extends PanelKind>(page: Page, kind: K, state: PanelStateOf<K>): Promise<void> {
    await postPanelState(page, { type: 'state', kind, state });
  }

  const posted = (page: Page) =>
    page.evaluate(() =>
      (window as unknown as { __posted: WebviewMessage[] }).__posted.filter(
        (m) => m.type !== 'ready' && m.type !== 'rendered',
      ),
    );
  const violations = (page: Page) =>
    page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  const bodyText = (page: Page) => page.evaluate(() => document.body.textContent ?? '');
  /** The text of column `column` (0-based) of every body row of the table whose aria-label is `label`. */
  const column = (page: Page, label: string, index: number) =>
    page.$$eval(
      `table[aria-label="${label}"] tbody tr`,
      (rows, i) => rows.map((r) => r.children[i]?.textContent ?? ''),
      index,
    );

  async function assertInert(page: Page): Promise<void> {
    assert.equal(await pwned(page), undefined, 'no hostile string ran as script');
    const elements = await page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      a: document.querySelectorAll('a').length,
      scripts: document.querySelectorAll('script').length,
    }));
    assert.deepEqual(elements, { img: 0, a: 0, scripts: 1 }, 'no element was created from data (only our own script)');
    assert.deepEqual(await violations(page), [], 'nothing the page did normally was blocked by the CSP');
    assert.deepEqual(pageErrors, []);
  }

  it('EKS: shows hostile workload names as text and runs none of them', async () => {
    const { state } = buildEksWorkloadsState({
      imageLabel: IMG,
      resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/shop/sha256:' + 'a'.repeat(64),
      cluster: eksCluster,
      consoleUrl: 'https://console.aws.amazon.com/eks/home',
    });
    const page = await open('eksWorkloads', state);
    const text = await bodyText(page);
    for (const s of [IMG, SCRIPT, JS_LINK, CMD_MD, LONG]) {
      assert.ok(text.includes(s), `shown as text: ${s.slice(0, 40)}`);
    }
    assert.ok(!text.includes('\u202E'), 'the raw RIGHT-TO-LEFT OVERRIDE is not in the page');
    assert.ok(text.includes('invoice[U+202E]txt.exe[U+202C]'), 'bidi controls are shown visibly');
    assert.ok(text.includes('1,238'), 'running units summed and formatted');
    assert.ok(text.includes('2 days ago'), 'last in use is the latest, with a relative part');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `a 5,000-character name wraps instead of widening the page (overflow ${overflow}px)`);
    await assertInert(page);
  });

  it('EKS: sorts by each column and filters by name, type and namespace, case-insensitively', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'shop:1', resourceId: 'r', cluster: eksCluster });
    const page = await open('eksWorkloads', state);
    const names = () => column(page, 'Workloads', 0);
    const sortedByName = [...(await names())];
    assert.equal(sortedByName.length, 7);
    assert.equal(sortedByName[0], IMG, 'initially sorted by name, ascending');
    assert.equal(sortedByName.indexOf('Alpha-web') < sortedByName.indexOf('billing-api'), true, 'case-insensitive');

    await page.click('table[aria-label="Workloads"] button.sort[data-column="name"]');
    assert.deepEqual(await names(), [...sortedByName].reverse(), 'a second click sorts descending');
    assert.equal(await page.getAttribute('table[aria-label="Workloads"] th:nth-child(1)', 'aria-sort'), 'descending');

    await page.click('table[aria-label="Workloads"] button.sort[data-column="type"]');
    const types = await column(page, 'Workloads', 1);
    assert.deepEqual(types, [CMD_MD, 'DaemonSet', 'Deployment', 'Deployment', 'deployment', 'Job', 'StatefulSet']);

    await page.click('table[aria-label="Workloads"] button.sort[data-column="namespace"]');
    const namespaces = await column(page, 'Workloads', 2);
    assert.deepEqual(namespaces, ['payments', 'payments', 'payments', 'payments', 'web', 'web', 'web']);

    const filter = page.locator('input[aria-label="Filter workloads"]');
    await filter.fill('DEPLOY');
    assert.deepEqual((await names()).sort(), [IMG, 'Alpha-web', 'billing-api'].sort(), 'matches type, any case');
    assert.match(
      (await page.textContent('section.table-section:has(table[aria-label="Workloads"]) .row-count')) ?? '',
      /^3 of 7 workloads$/,
    );
    await filter.fill('web');
    assert.deepEqual((await names()).sort(), ['Alpha-web', JS_LINK, LONG].sort(), 'matches namespace');
    await filter.fill('<script>');
    assert.deepEqual(await names(), [SCRIPT], 'matches the name as typed');
    await filter.fill('nothing-like-this');
    assert.match((await bodyText(page)) ?? '', /No workloads match the filter nothing-like-this\./);
    await assertInert(page);
  });

  it('EKS: keeps sort and filter across a reload (hide/show), and shows the empty state', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'shop:1', resourceId: 'r', cluster: eksCluster });
    const page = await open('eksWorkloads', state);
    await page.locator('input[aria-label="Filter workloads"]').fill('payments');
    await page.click('table[aria-label="Workloads"] button.sort[data-column="type"]');
    await page.reload();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
    );
    await post(page, 'eksWorkloads', state);
    assert.equal(await page.inputValue('input[aria-label="Filter workloads"]'), 'payments');
    assert.deepEqual(await column(page, 'Workloads', 1), ['DaemonSet', 'Deployment', 'Deployment', 'StatefulSet']);

    const empty = buildEksWorkloadsState({
      imageLabel: 'shop:1',
      resourceId: 'r',
      cluster: { clusterArn: eksCluster.clusterArn, details: [] },
    }).state;
    await post(page, 'eksWorkloads', empty);
    assert.match(await bodyText(page), /No workloads reported for this cluster\./);
    assert.equal(await page.locator('table[aria-label="Workloads"]').count(), 0);
  });

  it('says rendered once per state, after the table is in the page (what the benchmark times a panel by)', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'shop:1', resourceId: 'r', cluster: eksCluster });
    const page = await open('eksWorkloads', state);
    const rendered = () =>
      page.evaluate(
        () =>
          (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length,
      );
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'rendered'),
    );
    assert.equal(await rendered(), 1);
    assert.ok((await page.locator('table[aria-label="Workloads"] tbody tr').count()) > 0, 'the table is there');
    await post(page, 'eksWorkloads', state);
    await page.waitForFunction(
      () =>
        (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length ===
        2,
    );
    assert.equal(await rendered(), 2);
  });

  it('draws a state number (rev) once: the host posts it on creation and again on ready', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'shop:1', resourceId: 'r', cluster: eksCluster });
    const page = await open('eksWorkloads');
    const rendered = () =>
      page.evaluate(
        () =>
          (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'rendered').length,
      );
    const message = (rev: number, imageLabel: string) => ({
      type: 'state',
      kind: 'eksWorkloads',
      state: { ...state, imageLabel },
      rev,
    });
    await postPanelState(page, message(1, 'first'));
    assert.equal(await rendered(), 1);
    // The same number again (the answer to `ready`), then a new one: messages are handled in order, so a redraw of the
    // first would say rendered before the second does.
    await page.evaluate((m) => window.postMessage(m, '*'), message(1, 'again'));
    await postPanelState(page, message(2, 'second'));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    assert.equal(await rendered(), 2, 'the repeated rev 1 was not drawn again');
    assert.match(await bodyText(page), /Image second/);
    assert.doesNotMatch(await bodyText(page), /again/);
    // After a reload (a hidden panel shown again) the page has drawn nothing: rev 2 is drawn once more.
    await page.reload();
    await page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
    );
    await postPanelState(page, message(2, 'second'));
    assert.match(await bodyText(page), /Image second/);
  });

  it('EKS: the buttons post copy and openLink with ids only, and ignore messages for other panels', async () => {
    const page = await open('eksWorkloads');
    await page.evaluate(() => window.postMessage({ type: 'state', kind: 'ecsTaskDefinition', state: {} }, '*'));
    await page.evaluate(() => window.postMessage('<img src=x onerror="window.__pwned=1">', '*'));
    assert.equal(await page.getAttribute('#app', 'aria-busy'), 'true', 'still waiting for its own state');

    const withLink = buildEksWorkloadsState({
      imageLabel: 'i',
      resourceId: 'r',
      cluster: eksCluster,
      consoleUrl: 'https://console.aws.amazon.com/eks/home',
    }).state;
    await post(page, 'eksWorkloads', withLink);
    await page.click('button.action[data-action="copy:clusterArn"]');
    await page.click('button.action[data-action="copy:resourceId"]');
    await page.click('button.action[data-action="open:console"]');
    assert.deepEqual(await posted(page), [
      { type: 'copy', target: 'clusterArn' },
      { type: 'copy', target: 'resourceId' },
      { type: 'openLink', link: 'console' },
    ]);

    const withoutLink = buildEksWorkloadsState({ imageLabel: 'i', resourceId: 'r', cluster: eksCluster }).state;
    await post(page, 'eksWorkloads', withoutLink);
    assert.equal(await page.locator('button.action[data-action="open:console"]').count(), 0);
    await assertInert(page);
  });

  it('the CSP and Trusted Types stop markup that reaches the DOM by mistake; styles and codicons work under them', async () => {
    const { state } = buildEksWorkloadsState({ imageLabel: 'i', resourceId: 'r', cluster: eksCluster });
    const page = await open('eksWorkloads', state);
    const styled = await page.evaluate(async () => {
      await document.fonts.ready;
      const button = document.querySelector('button.action')!;
      return {
        cursor: getComputedStyle(button).cursor,
        icon: getComputedStyle(button.querySelector('.codicon')!, '::before').content,
        customElements: [...document.querySelectorAll('*')].filter((e) => e.localName.includes('-')).length,
        tableCollapse: getComputedStyle(document.querySelector('table')!).borderCollapse,
        codiconFont: document.fonts.check('16px codicon'),
      };
    });
    assert.equal(styled.cursor, 'pointer', 'the buttons are styled by media/panel.css');
    assert.notEqual(styled.icon, 'none', "a button's icon is a codicon glyph");
    assert.equal(styled.customElements, 0, 'plain elements only: no web component to define and render');
    assert.equal(styled.tableCollapse, 'collapse', 'media/panel.css is loaded from cspSource');
    assert.equal(styled.codiconFont, true, 'the codicon font loads (font-src)');
    assert.deepEqual(await violations(page), []);

    const innerHtmlThrew = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    assert.equal(innerHtmlThrew, true, 'innerHTML with a plain string throws (Trusted Types required)');

    // Bypass Trusted Types on purpose, to see what the CSP alone does with markup that got into the DOM.
    await page.evaluate(() => {
      interface Policy {
        createHTML(s: string): string;
        createScript(s: string): string;
      }
      const tt = (window as unknown as { trustedTypes: { createPolicy(name: string, rules: Policy): Policy } })
        .trustedTypes;
      const policy = tt.createPolicy('test-bypass', { createHTML: (s) => s, createScript: (s) => s });
      const div = document.createElement('div');
      div.innerHTML = policy.createHTML('<img src="x" onerror="window.__pwned=1">');
      document.body.append(div);
      const script = document.createElement('script');
      script.text = policy.createScript('window.__pwned=1');
      document.body.append(script);
    });
    // Wait until the browser has refused all three: the inline script, the image, and the image's onerror handler.
    await page.waitForFunction(() => {
      const v = (window as unknown as { __violations: string[] }).__violations;
      return ['script-src-elem inline', 'img-src', 'script-src-attr inline'].every((d) =>
        v.some((x) => x.startsWith(d)),
      );
    });
    assert.equal(await pwned(page), undefined, 'neither the inline script nor the onerror handler ran');
  });

  it('ECS: one card per task definition, hostile fields as text, copy/open by id', async () => {
    const { state } = buildEcsTaskDefinitionState({
      imageLabel: 'orders:42',
      resourceId: 'r',
      cluster: ecsCluster,
      consoleUrls: {
        cluster: 'https://console.aws.amazon.com/ecs/v2/clusters/orders',
        taskDefinition: (arn) => (arn.includes('orders-web') ? 'https://console.aws.amazon.com/ecs/td' : undefined),
      },
    });
    const page = await open('ecsTaskDefinition', state);
    assert.equal(await page.locator('article.card').count(), 2);
    const first = await page.textContent('article.card[data-index="0"]');
    assert.match(first ?? '', /orders-web:42/);
    assert.ok(first?.includes(IMG), 'details group as text');
    assert.match(first ?? '', /5 days ago/);
    const second = (await page.textContent('article.card[data-index="1"]')) ?? '';
    assert.ok(second.includes(SCRIPT), 'an unparsable ARN is shown as it is');
    assert.ok(second.includes('[U+202E]'));
    assert.match(
      await bodyText(page),
      /1 more detail entry of this cluster is not an ECS task definition and is not shown\./,
    );
    assert.equal(await page.locator('button.action[data-action="open:taskDefinition:1"]').count(), 0);

    await page.click('button.action[data-action="copy:taskDefinitionArn:1"]');
    await page.click('button.action[data-action="open:taskDefinition:0"]');
    await page.click('button.action[data-action="open:cluster"]');
    assert.deepEqual(await posted(page), [
      { type: 'copy', target: 'taskDefinitionArn:1' },
      { type: 'openLink', link: 'taskDefinition:0' },
      { type: 'openLink', link: 'cluster' },
    ]);
    await assertInert(page);

    const empty = buildEcsTaskDefinitionState({
      imageLabel: 'x',
      resourceId: 'r',
      cluster: { clusterArn: ecsCluster.clusterArn, details: [] },
    }).state;
    await post(page, 'ecsTaskDefinition', empty);
    assert.match(await bodyText(page), /No task definitions reported for this cluster\./);
  });

  it('snapshot states: counts per status, sortable and filterable snapshots, hostile reasons as text', async () => {
    const { state } = buildSnapshotStatesState({
      lifecycleExecutionId: 'lce-12345678-1234-1234-1234-123456789012',
      resource: amiResource,
    });
    const page = await open('snapshotStates', state);
    const counts = await page.$$eval('ul.status-counts li', (lis) =>
      lis.map((li) => li.textContent?.replace(/\s+/g, ' ')),
    );
    assert.deepEqual(counts, ['SUCCESS 2', 'FAILED 1', 'IN_PROGRESS 1']);
    const text = await bodyText(page);
    for (const s of [SCRIPT, CMD_MD, JS_LINK, IMG, LONG]) {
      assert.ok(text.includes(s), `shown as text: ${s.slice(0, 40)}`);
    }

    await page.click('button.sort[data-column="snapshotId"]');
    assert.deepEqual(await column(page, 'Snapshots', 0), [IMG, 'snap-0a', 'snap-0b', '—'], 'missing ids sort last');
    await page.click('button.sort[data-column="status"]');
    assert.deepEqual(await column(page, 'Snapshots', 1), ['FAILED', 'IN_PROGRESS', 'SUCCESS', 'SUCCESS']);

    await page.locator('input[aria-label="Filter snapshots"]').fill('success');
    assert.deepEqual(await column(page, 'Snapshots', 0), ['snap-0b', 'snap-0a']);
    await page.click('tbody tr:nth-child(2) button.action[data-action="copy:snapshot:2"]');
    await page.click('button.action[data-action="copy:resourceId"]');
    assert.deepEqual(await posted(page), [
      { type: 'copy', target: 'snapshot:2' },
      { type: 'copy', target: 'resourceId' },
    ]);
    await assertInert(page);

    const none = buildSnapshotStatesState({
      lifecycleExecutionId: 'lce-x',
      resource: { snapshots: [], imageUris: [] },
    }).state;
    await post(page, 'snapshotStates', none);
    assert.match(await bodyText(page), /No snapshots reported for this resource\./);
    assert.equal(await page.locator('button.action[data-action="copy:resourceId"]').count(), 0);
  });

  it('names each row and card button after what it acts on (screen readers hear "Copy snap-0a", not "Copy")', async () => {
    const snapshots = await open(
      'snapshotStates',
      buildSnapshotStatesState({ lifecycleExecutionId: 'lce-x', resource: amiResource }).state,
    );
    for (const id of ['snap-0a', 'snap-0b']) {
      await snapshots.getByRole('button', { name: `Copy ${id}`, exact: true }).waitFor();
    }
    const rowButtons = await snapshots.$$eval('tbody button.action', (buttons) =>
      buttons.map((b) => b.getAttribute('aria-label')),
    );
    assert.equal(new Set(rowButtons).size, rowButtons.length, `every row's button has its own name: ${rowButtons}`);
    // A hidden character in the data stays visible in the name, and the name is an attribute, never markup.
    assert.ok(
      rowButtons.some((n) => n?.startsWith('Copy ') && n.includes('<img')),
      'hostile ids are text',
    );

    const ecs = await open(
      'ecsTaskDefinition',
      buildEcsTaskDefinitionState({
        imageLabel: 'orders:42',
        resourceId: 'r',
        cluster: ecsCluster,
        consoleUrls: { taskDefinition: () => 'https://console.aws.amazon.com/ecs/td' },
      }).state,
    );
    await ecs.getByRole('button', { name: 'Copy the ARN of task definition orders-web:42', exact: true }).waitFor();
    await ecs
      .getByRole('button', { name: 'Open task definition orders-web:42 in the AWS console', exact: true })
      .waitFor();
    const names = await ecs.$$eval('article.card button.action', (buttons) =>
      buttons.map((b) => b.getAttribute('aria-label') ?? ''),
    );
    assert.equal(new Set(names).size, names.length, `every card's buttons have their own names: ${names}`);
    assert.ok(
      names.every((n) => !/\u202E/.test(n)),
      'bidi controls are shown, not applied',
    );
    await assertInert(snapshots);
  });
});
