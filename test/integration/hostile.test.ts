// Hostile conditions in a real VS Code against the emulator: every fault in both trees and behind both commands that
// ask AWS (an error row or notification that says what failed and what to do, with Retry; pages already shown stay;
// Retry continues from where it was), hostile strings in every field of both APIs (trees, tooltips, notifications,
// panels), every command fuzzed, wrong settings and broken AWS config files, real-looking credentials (scanned for
// in the log file, messages, rows and the console), and concurrency (refresh and a profile switch while pages load,
// many panels at once). No unhandled rejection may happen in the extension host meanwhile. The counts printed at the
// end feed the README's reliability matrix.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect } from 'node:net';
import path from 'node:path';
import { format } from 'node:util';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/node';
import manifest from '../../package.json';
import { HOSTILE_EXECUTION_ID, HOSTILE_IMAGE_URI, hostileFixture } from '../fixtures/hostile/data';
import {
  findSecrets,
  SECRET_ACCESS_KEY,
  SECRET_ACCESS_KEY_ID,
  SECRET_SESSION_TOKEN,
  secretCredentialsFile,
} from '../fixtures/hostile/secrets';
import {
  HOSTILE_STRINGS,
  LIVE_MARKDOWN,
  NOTIFICATION_LINK,
  PWNED,
  UNSAFE_PLAIN_TEXT,
} from '../fixtures/hostile/strings';
import {
  children,
  DEMO_REGISTRY,
  emulator,
  emulatorUrl,
  extensionApi,
  items,
  setSetting,
  waitFor,
} from './support/harness';

type Provider = vscode.TreeDataProvider<TreeNode>;
type Row = Awaited<ReturnType<typeof items>>[number];

const BASE = `${DEMO_REGISTRY}/platform/base:2026.11`;
const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;
const AMI_SUCCESS = 'lce-a0a1b2c3-0002-4d00-8a00-000000000002';
const CONTAINER_SUCCESS = 'lce-c0a1b2c3-0002-4d00-8a00-000000000002';
const FOREIGN_TOKEN = 'eyJxIjoiZm9yZWlnbiIsIm8iOjI1fQ.bm90LWlzc3VlZC1mb3ItdGhpcy1saXN0';

/** What the matrix counts, printed at the end. */
const counts = {
  treeFaultCases: 0,
  commandFaultCases: 0,
  hostileStrings: HOSTILE_STRINGS.length,
  hostileFields: 0,
  rowsChecked: 0,
  panelsOpened: 0,
  commandInputs: 0,
  settingsTried: 0,
  configFiles: 0,
  notifications: 0,
  scannedTexts: 0,
  unhandledRejections: 0,
};

// ---------------------------------------------------------------- observers of the extension host

interface Shown {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly buttons: readonly string[];
}

/** Every notification the extension showed; `answer` decides which button the "user" presses. */
const notifications: Shown[] = [];
let answer: (shown: Shown) => Promise<string | undefined> = async () => undefined;
const unhandled: string[] = [];
const consoleText: string[] = [];
/** Every text of a row the suite looked at, for the secrets scan. */
const rowTexts: string[] = [];
const restorers: (() => void)[] = [];

function observe(): void {
  const win = vscode.window as unknown as Record<string, unknown>;
  for (const [name, severity] of [
    ['showErrorMessage', 'error'],
    ['showWarningMessage', 'warning'],
    ['showInformationMessage', 'info'],
  ] as const) {
    const original = win[name];
    win[name] = (message: unknown, ...rest: unknown[]) => {
      const buttons = rest.filter((r): r is string => typeof r === 'string');
      const shown: Shown = { severity, message: String(message), buttons };
      notifications.push(shown);
      return answer(shown);
    };
    restorers.push(() => (win[name] = original));
  }
  const onRejection = (reason: unknown) =>
    unhandled.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  process.on('unhandledRejection', onRejection);
  restorers.push(() => process.off('unhandledRejection', onRejection));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      consoleText.push(format(...args));
      original.apply(console, args);
    };
    restorers.push(() => (console[method] = original));
  }
}

/** Emulator control with a fault given as an object (retryAfterSeconds, times). */
async function setFault(operation: string, fault: Record<string, unknown> | string): Promise<void> {
  const res = await fetch(new URL(`/__emulator/faults/${operation}`, emulatorUrl()), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  assert.ok(res.ok, `setFault ${operation}: ${res.status} ${await res.text()}`);
}

/** A TCP proxy in front of the emulator that can stop listening and start again on the same port. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const server = createServer((socket) => {
      const upstream = connect(Number(this.target.port), this.target.hostname);
      for (const s of [socket, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------- checks

/** A row is shown as text: one clean line, bounded, tooltips escaped and never trusted, only our commands. */
function assertSafeRow(row: Row, where: string): void {
  counts.rowsChecked++;
  const { item } = row;
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const description = typeof item.description === 'string' ? item.description : '';
  rowTexts.push(label, description);
  for (const [what, text] of [
    ['label', label],
    ['description', description],
  ] as const) {
    assert.ok(
      !UNSAFE_PLAIN_TEXT.test(text),
      `${where}: ${what} has no control, bidi or invisible character: ${JSON.stringify(text.slice(0, 80))}`,
    );
    assert.ok(Array.from(text).length <= 500, `${where}: ${what} is bounded (${text.length})`);
  }
  const tooltip = item.tooltip;
  if (tooltip instanceof vscode.MarkdownString) {
    rowTexts.push(tooltip.value);
    assert.notEqual(tooltip.isTrusted, true, `${where}: tooltip not trusted`);
    assert.ok(typeof tooltip.isTrusted !== 'object', `${where}: tooltip trusts no command`);
    assert.notEqual(tooltip.supportHtml, true, `${where}: tooltip renders no HTML`);
    for (const live of LIVE_MARKDOWN) {
      assert.ok(
        !live.test(tooltip.value),
        `${where}: tooltip holds live Markdown ${live}: ${tooltip.value.slice(0, 200)}`,
      );
    }
    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(tooltip.value), `${where}: tooltip bidi controls made visible`);
    for (const h of HOSTILE_STRINGS) {
      if (h.kind === 'long' || !/[\\`*_{}[\]()#+\-!~<>]/.test(h.value)) continue;
      assert.ok(!tooltip.value.includes(h.value), `${where}: tooltip holds "${h.value.slice(0, 30)}" unescaped`);
    }
  } else if (typeof tooltip === 'string') {
    rowTexts.push(tooltip);
    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(tooltip), `${where}: tooltip bidi controls made visible`);
  }
  if (item.command) {
    assert.ok(
      item.command.command.startsWith('imageFootprint.'),
      `${where}: only our commands (${item.command.command})`,
    );
  }
  assert.equal(item.resourceUri, undefined, `${where}: no resource URI from data`);
}

/** The notifications shown since `from`: text only, no link, no secret. */
function assertSafeNotifications(from: number): Shown[] {
  const shown = notifications.slice(from);
  for (const n of shown) {
    counts.notifications++;
    assert.equal(n.message.match(NOTIFICATION_LINK), null, `a link in a notification: ${n.message.slice(0, 200)}`);
    assert.ok(
      !UNSAFE_PLAIN_TEXT.test(n.message),
      `a notification with control or bidi characters: ${JSON.stringify(n.message.slice(0, 120))}`,
    );
    assert.ok(Array.from(n.message).length <= 2000, `a bounded notification: ${n.message.slice(0, 100)}`);
  }
  return shown;
}

/** Every row under `roots`, loading children as VS Code would on expand (no Load more). */
async function walk(provider: Provider, roots: readonly TreeNode[], depth = 6): Promise<Row[]> {
  const out: Row[] = [];
  let level = [...roots];
  for (let d = 0; d < depth && level.length > 0; d++) {
    const rows = await items(provider, level);
    out.push(...rows);
    const next: TreeNode[] = [];
    for (const r of rows) {
      if (r.item.collapsibleState === vscode.TreeItemCollapsibleState.None) continue;
      next.push(...(await children(provider, r.node)));
    }
    level = next;
  }
  return out;
}

async function lastRow(provider: Provider, node: TreeNode): Promise<{ kids: TreeNode[]; last: Row }> {
  const kids = await children(provider, node);
  const last = (await items(provider, kids.slice(-1)))[0];
  assert.ok(last, 'a status row');
  return { kids, last };
}

/** Runs a command whose input may open a quick pick or input box, and closes whatever opens until it settles. */
async function settle(run: Thenable<unknown>, what: string): Promise<unknown> {
  let done = false;
  const result = Promise.resolve(run).finally(() => (done = true));
  await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 200 && !done; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (!done) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
  assert.ok(done, `${what} settles`);
  return result;
}

// ---------------------------------------------------------------- the suite

describe('Hostile conditions in VS Code (faults, bad input, hostile data, secrets, concurrency)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let endpointsSetting: unknown;
  const savedEnv: Record<string, string | undefined> = {};

  const pagerOf = (node: TreeNode) =>
    (
      (node as unknown as { clusters?: { pager: PagerView } }).clusters ??
      // A lifecycle PagedNode keeps its pager private; this suite reads its page token on purpose.
      (node as unknown as { paged: { pager: PagerView } }).paged
    ).pager;

  async function cleanViews(): Promise<void> {
    for (const n of [...api.clusters.imageNodes]) await api.clusters.removeImage(n);
    for (const n of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(n);
    api.usage.clear();
  }

  before(async () => {
    api = await extensionApi();
    observe();
    endpointsSetting = vscode.workspace.getConfiguration('imageFootprint').inspect('endpoints')?.globalValue;
    // Real-looking keys for the default chain (read when credentials are resolved), and a profile that has them too.
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) savedEnv[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = SECRET_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
    process.env.AWS_SESSION_TOKEN = SECRET_SESSION_TOKEN;
    const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE;
    const config = process.env.AWS_CONFIG_FILE;
    assert.ok(credentials && config, 'the run has private AWS files');
    appendFileSync(credentials, `\n${secretCredentialsFile('leaky')}`);
    appendFileSync(config, '\n[profile leaky]\nregion = us-east-1\n');
    // Switching profiles drops every client, so the next requests read the keys above.
    await vscode.commands.executeCommand('imageFootprint.selectProfile', 'leaky');
    await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    await emulator.reset();
    await cleanViews();
    await vscode.commands.executeCommand('imageFootprint.clusters.focus');
  });

  after(async () => {
    await emulator.reset();
    await cleanViews();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['pageSize.clusters', 'pageSize.lifecycleResources', 'requestTimeoutSeconds', 'region']) {
      await setSetting(key, undefined);
    }
    await setSetting('endpoints', endpointsSetting);
    await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    // Listing policies is the user's explicit choice; the suite asked for it, so it takes it back.
    await (api.lifecycle as unknown as { state: vscode.Memento }).state.update(
      'imageFootprint.listPolicies',
      undefined,
    );
    api.lifecycle.refresh();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    for (const restore of restorers.reverse()) restore();
    console.log(`HOSTILE-COUNTS integration ${JSON.stringify(counts)}`);
  });

  beforeEach(async () => {
    answer = async () => undefined;
    await emulator.reset();
    await cleanViews();
    // Whatever a test (or a failed one) left: the default profile and region, default page sizes and timeout.
    await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    await vscode.commands.executeCommand('imageFootprint.selectRegion', '');
    for (const key of ['pageSize.clusters', 'pageSize.lifecycleResources', 'requestTimeoutSeconds']) {
      if (vscode.workspace.getConfiguration('imageFootprint').inspect(key)?.workspaceValue !== undefined) {
        await setSetting(key, undefined);
      }
    }
  });

  // -------------------------------------------------------------- faults in the trees

  interface ListUnderTest {
    readonly name: string;
    readonly operation: string;
    readonly provider: () => Provider;
    readonly open: () => Promise<TreeNode>;
  }

  const LISTS: readonly ListUnderTest[] = [
    {
      name: 'Image Clusters',
      operation: 'GetClustersForImage',
      provider: () => api.clusters.provider,
      open: async () => {
        await setSetting('pageSize.clusters', 25);
        return (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as TreeNode;
      },
    },
    {
      name: 'Lifecycle Executions',
      operation: 'ListLifecycleExecutionResources',
      provider: () => api.lifecycle.provider,
      open: async () => {
        await setSetting('pageSize.lifecycleResources', 1);
        return (await vscode.commands.executeCommand(
          'imageFootprint.openLifecycleExecution',
          CONTAINER_SUCCESS,
        )) as TreeNode;
      },
    },
  ];

  interface TreeFault {
    readonly name: string;
    /** Sets the fault; returns what clears it. */
    readonly start: (operation: string, relay: Relay) => Promise<() => Promise<void>>;
    /** Undefined: the SDK's retries get the data and no error is shown. */
    readonly error?: RegExp;
    readonly context?: 'retryableError' | 'error';
    /** Action rows under the error row. */
    readonly actions?: readonly RegExp[];
  }

  const clearFaults = () => async () => void (await emulator.clearFaults());
  const TREE_FAULTS: readonly TreeFault[] = [
    {
      name: 'throttling that clears after retries',
      start: async (op) => (await setFault(op, { kind: 'throttle', times: 2, retryAfterSeconds: 0 }), clearFaults()),
    },
    {
      name: 'throttling that does not clear',
      start: async (op) => (await setFault(op, { kind: 'throttle', retryAfterSeconds: 0 }), clearFaults()),
      error: /throttling .* the SDK retried after 3 attempts/,
      actions: [/Show Log/],
    },
    {
      name: 'HTTP 500',
      start: async (op) => (await setFault(op, '500'), clearFaults()),
      error: /failed on the AWS side .*HTTP 500/,
    },
    {
      name: 'HTTP 503',
      start: async (op) => (await setFault(op, '503'), clearFaults()),
      error: /failed on the AWS side .*HTTP 503/,
    },
    {
      name: 'access denied',
      start: async (op) => (await setFault(op, 'denied'), clearFaults()),
      error: /^Access denied: .* is not allowed to call (inspector2|imagebuilder):/,
      actions: [/Select Profile…/, /Show Log/],
    },
    {
      name: 'expired credentials',
      start: async (op) => (await setFault(op, 'expired'), clearFaults()),
      error: /session of .* has expired/,
      actions: [/Sign In…/, /Select Profile…/],
    },
    {
      name: 'a dropped connection',
      start: async (op) => (await setFault(op, 'drop'), clearFaults()),
      error: /could not reach http:\/\/127\.0\.0\.1:\d+ .*\(ECONNRESET|socket hang up|EPIPE/i,
      actions: [/Open Settings/],
    },
    {
      name: 'the endpoint not listening',
      start: async (_op, relay) => {
        await relay.stop();
        return () => relay.start();
      },
      error: /could not reach http:\/\/127\.0\.0\.1:\d+ .*\(ECONNREFUSED\)/,
      actions: [/Open Settings/],
    },
    {
      name: 'a malformed body',
      start: async (op) => (await setFault(op, 'malformed'), clearFaults()),
      error: /returned a response that could not be read/,
    },
    {
      name: 'a response slower than the configured timeout',
      start: async (op) => {
        await setSetting('requestTimeoutSeconds', 1);
        await setFault(op, { kind: 'latency', ms: 2500 });
        return async () => {
          await emulator.clearFaults();
          await setSetting('requestTimeoutSeconds', undefined);
        };
      },
      error: /timed out waiting for http:\/\/127\.0\.0\.1/,
    },
    {
      name: 'a page token the service rejects',
      start: async () => async () => undefined,
      error: /rejected the page token/,
    },
    {
      name: 'a token loop',
      start: async (op) => (await setFault(op, 'tokenloop'), clearFaults()),
      error: /page token it had already returned/,
      context: 'error',
    },
  ];

  for (const list of LISTS) {
    describe(`faults in ${list.name} (${list.operation})`, () => {
      let relay: Relay;
      before(async () => {
        relay = new Relay(new URL(emulatorUrl()));
        await relay.start();
        // Every request goes through the relay, so that the endpoint can stop listening and come back.
        await setSetting('endpoints', { inspector2: relay.url, imagebuilder: relay.url });
      });
      after(async () => {
        await relay.stop();
        await setSetting('endpoints', endpointsSetting);
      });

      for (const fault of TREE_FAULTS) {
        it(`${fault.name}: ${fault.error ? 'an error row with Retry; pages stay; Retry continues' : 'the data arrives, no error'}`, async () => {
          counts.treeFaultCases++;
          const provider = list.provider();
          const node = await list.open();
          assert.ok(node, `${list.name}: opened`);
          const first = await lastRow(provider, node);
          assert.equal(first.last.context, 'loadMore', 'a first page with more to come');
          const firstNodes = first.kids.slice(0, -1);
          const pager = pagerOf(node);
          const firstItems = [...pager.items];
          const shownBefore = notifications.length;
          const pendingToken = pager.token;
          if (fault.name.includes('token the service rejects')) pager.token = FOREIGN_TOKEN;
          const stop = await fault.start(list.operation, relay);
          try {
            await vscode.commands.executeCommand('imageFootprint.loadMore', first.last.node);
          } finally {
            if (!fault.error) await stop();
          }
          const after = await lastRow(provider, node);
          assert.deepEqual(after.kids.slice(0, firstNodes.length), firstNodes, 'the rows already shown stay');
          assert.deepEqual(pager.items.slice(0, firstItems.length), firstItems, 'the items already shown stay');
          assert.deepEqual(assertSafeNotifications(shownBefore), [], 'a tree error is a row, not a pop-up');
          if (!fault.error) {
            assert.ok(pager.items.length > firstItems.length, 'the next page arrived');
            assert.notEqual(after.last.context, 'retryableError');
            return;
          }
          const errorRow = after.last;
          assertSafeRow(errorRow, fault.name);
          assert.equal(
            errorRow.context,
            fault.context ?? 'retryableError',
            `${errorRow.label} — ${String(errorRow.item.description)}`,
          );
          assert.match(errorRow.label, fault.error, 'says what failed');
          assert.ok(String(errorRow.item.description).length > 0, 'says what to do');
          if (fault.context !== 'error') assert.equal(errorRow.item.command?.command, 'imageFootprint.retry');
          const actionRows = await items(provider, await children(provider, errorRow.node));
          for (const action of fault.actions ?? []) {
            assert.ok(
              actionRows.some((a) => action.test(a.label)),
              `an action row ${action}: ${actionRows.map((a) => a.label).join(', ')}`,
            );
          }
          actionRows.forEach((a) => assertSafeRow(a, `${fault.name} action`));
          if (fault.context !== 'error') assert.equal(pager.items.length, firstItems.length, 'no half page was added');

          await stop();
          await emulator.clearRequests();
          if (fault.context === 'error') {
            // A loop offers no Retry that would loop again; Refresh starts the list over.
            await vscode.commands.executeCommand('imageFootprint.refresh', node);
            const fresh = await lastRow(provider, node);
            assert.equal(fresh.last.context, 'loadMore');
            assert.deepEqual(pagerOf(node).items.slice(0, firstItems.length), firstItems);
            return;
          }
          await vscode.commands.executeCommand('imageFootprint.retry', errorRow.node);
          const retried = await lastRow(provider, node);
          assert.notEqual(retried.last.context, 'retryableError', `Retry after ${fault.name}: ${retried.last.label}`);
          const requests = await emulator.requests(list.operation);
          assert.equal(requests.length, 1, 'one request for the retried page');
          if (fault.name.includes('token the service rejects')) {
            // The token will be rejected again: Retry starts the list over from its first page.
            assert.equal(requests[0]?.input.nextToken, undefined);
            assert.deepEqual(pager.items, firstItems, 'the first page again, nothing twice');
            return;
          }
          assert.equal(requests[0]?.input.nextToken, pendingToken, 'Retry continued from the token of the failed page');
          assert.ok(pager.items.length > firstItems.length, 'the next page arrived');
          assert.deepEqual(retried.kids.slice(0, firstNodes.length), firstNodes, 'shown rows kept as they were');
        });
      }
    });
  }

  // -------------------------------------------------------------- faults behind commands (notifications with Retry)

  describe('faults behind the commands that ask AWS: a notification that says what to do, and Retry works', () => {
    const COMMAND_FAULTS: {
      name: string;
      fault: Record<string, unknown> | string;
      expect: RegExp;
      buttons: RegExp[];
    }[] = [
      {
        name: 'throttling',
        fault: { kind: 'throttle', times: 3, retryAfterSeconds: 0 },
        expect: /throttling/,
        buttons: [/^Retry$/],
      },
      { name: 'HTTP 500', fault: '500:3', expect: /AWS side/, buttons: [/^Retry$/] },
      { name: 'HTTP 503', fault: '503:3', expect: /AWS side/, buttons: [/^Retry$/] },
      { name: 'access denied', fault: 'denied:1', expect: /Access denied/, buttons: [/^Retry$/, /Select Profile/] },
      { name: 'expired credentials', fault: 'expired:1', expect: /has expired/, buttons: [/^Retry$/, /Sign In/] },
      {
        name: 'a dropped connection',
        fault: 'drop:3',
        expect: /could not reach/,
        buttons: [/^Retry$/, /Open Settings/],
      },
      { name: 'a malformed body', fault: 'malformed:1', expect: /could not be read/, buttons: [/^Retry$/] },
    ];
    const COMMANDS = [
      {
        name: 'Look Up ECR Image (ListCoverage)',
        operation: 'ListCoverage',
        run: () => vscode.commands.executeCommand('imageFootprint.lookupImage', WEB),
        done: () => api.clusters.imageNodes.length === 1,
      },
      {
        name: 'Open Lifecycle Execution (GetLifecycleExecution)',
        operation: 'GetLifecycleExecution',
        run: () => vscode.commands.executeCommand('imageFootprint.openLifecycleExecution', CONTAINER_SUCCESS),
        done: () => api.lifecycle.openedExecutions.length === 1,
      },
    ];
    for (const command of COMMANDS) {
      for (const fault of COMMAND_FAULTS) {
        it(`${command.name}: ${fault.name}`, async () => {
          counts.commandFaultCases++;
          await setFault(command.operation, fault.fault);
          const from = notifications.length;
          answer = async (shown) => (shown.severity === 'error' ? 'Retry' : undefined);
          const result = await command.run();
          assert.equal(result, undefined, 'the first attempt fails');
          await waitFor(`${command.name} after Retry`, () => command.done());
          const shown = assertSafeNotifications(from);
          const error = shown.find((s) => s.severity === 'error');
          assert.ok(error, 'an error notification');
          assert.match(error.message, fault.expect);
          assert.ok(
            error.message.includes(command.operation) || /could not reach|expired/.test(error.message),
            error.message,
          );
          for (const b of fault.buttons) {
            assert.ok(
              error.buttons.some((x) => b.test(x)),
              `${b}: ${error.buttons.join(', ')}`,
            );
          }
        });
      }
    }

    it('a response slower than the configured timeout (imageFootprint.requestTimeoutSeconds = 1)', async () => {
      counts.commandFaultCases++;
      await setSetting('requestTimeoutSeconds', 1);
      try {
        await setFault('GetLifecycleExecution', { kind: 'latency', ms: 2500, times: 3 });
        const from = notifications.length;
        answer = async (shown) => (shown.severity === 'error' ? 'Retry' : undefined);
        await vscode.commands.executeCommand('imageFootprint.openLifecycleExecution', CONTAINER_SUCCESS);
        await waitFor('the execution after Retry', () => api.lifecycle.openedExecutions.length === 1);
        const error = assertSafeNotifications(from).find((s) => s.severity === 'error');
        assert.match(error?.message ?? '', /GetLifecycleExecution timed out waiting for/);
      } finally {
        await setSetting('requestTimeoutSeconds', undefined);
      }
    });
  });

  // -------------------------------------------------------------- hostile data

  describe('hostile strings in every field of both APIs', () => {
    beforeEach(async () => {
      const { data, hostileFields } = hostileFixture();
      counts.hostileFields = hostileFields;
      await emulator.setData(data);
      await setSetting('pageSize.clusters', 100);
      await setSetting('pageSize.lifecycleResources', 25);
      await vscode.commands.executeCommand('imageFootprint.selectProfile', 'leaky');
    });
    afterEach(async () => {
      await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('Image Clusters: every row, tooltip and panel shows them as text; nothing runs or opens', async () => {
      const from = notifications.length;
      const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', HOSTILE_IMAGE_URI)) as TreeNode;
      assert.ok(node, 'the image is looked up');
      const rows = await walk(api.clusters.provider, [node]);
      const clusters = rows.filter((r) => /Cluster$|^cluster$/.test(r.context));
      assert.equal(
        clusters.length,
        HOSTILE_STRINGS.length * 2,
        `one row per cluster: ${rows
          .slice(0, 3)
          .map((r) => `${r.context}: ${r.label}`)
          .join(' | ')}`,
      );
      assert.ok(
        rows.some((r) => r.label === 'unknown metadata'),
        'an unknown union member named with markup',
      );
      rows.forEach((r, i) => assertSafeRow(r, `clusters row ${i} (${r.context})`));
      // Panels: every ECS and EKS cluster, through the commands a user runs.
      const before = api.panels.openCount;
      for (const c of clusters) {
        const command =
          c.context === 'eksCluster' ? 'imageFootprint.showEksWorkloads' : 'imageFootprint.showEcsTaskDefinition';
        await vscode.commands.executeCommand(command, c.node);
      }
      counts.panelsOpened += api.panels.openCount - before;
      assert.equal(api.panels.openCount - before, clusters.length, 'a panel per cluster');
      const titles = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      for (const title of titles) {
        assert.ok(!UNSAFE_PLAIN_TEXT.test(title), `panel title ${JSON.stringify(title.slice(0, 60))}`);
        assert.ok(title.length <= 200, `panel title bounded (${title.length})`);
      }
      assertSafeNotifications(from);
      assert.equal((globalThis as Record<string, unknown>)[PWNED], undefined);
    });

    it('Lifecycle Executions: policies, executions, resources, snapshots, image URIs and associated resources', async () => {
      const from = notifications.length;
      await vscode.commands.executeCommand('imageFootprint.lifecycle.focus');
      await vscode.commands.executeCommand('imageFootprint.listLifecyclePolicies');
      const opened = (await vscode.commands.executeCommand(
        'imageFootprint.openLifecycleExecution',
        HOSTILE_EXECUTION_ID,
      )) as TreeNode;
      assert.ok(
        opened,
        `the execution opens: ${notifications
          .slice(from)
          .map((n) => n.message)
          .join(' | ')}`,
      );
      const roots = await children(api.lifecycle.provider);
      const rows = await walk(api.lifecycle.provider, roots, 7);
      rows.forEach((r, i) => assertSafeRow(r, `lifecycle row ${i} (${r.context})`));
      const resources = rows.filter((r) => r.context.startsWith('lifecycleResource'));
      assert.ok(
        resources.length >= HOSTILE_STRINGS.length * 2,
        `resources and associated resources (${resources.length})`,
      );
      assert.ok(
        rows.some((r) => r.context === 'imageUri'),
        'image URIs',
      );
      assert.ok(
        rows.some((r) => r.context === 'lifecyclePolicy'),
        'policies',
      );
      assert.ok(
        rows.some((r) => r.context === 'error' || r.context === 'retryableError'),
        'the policy whose ARN is not one is a clear error row',
      );
      const before = api.panels.openCount;
      for (const r of resources.filter((x) => x.context === 'lifecycleResourceWithSnapshots').slice(0, 10)) {
        await vscode.commands.executeCommand('imageFootprint.showSnapshotStates', r.node);
      }
      counts.panelsOpened += api.panels.openCount - before;
      assert.ok(api.panels.openCount - before >= 10, 'snapshot panels open');
      assertSafeNotifications(from);
    });

    it('a panel holds no data in its HTML, has a strict CSP and runs no command links', async () => {
      const h = HOSTILE_STRINGS.map((s) => s.value);
      const panel = api.panels.show(
        'snapshotStates',
        'hostile-csp',
        `Snapshots: ${h[3]}`,
        {
          lifecycleExecutionId: HOSTILE_EXECUTION_ID,
          resourceId: h[3],
          imageUris: h,
          snapshots: h.map((v, index) => ({ index, snapshotId: v, status: v, reason: v })),
          statusCounts: [{ status: h[0], count: 1 }],
        },
        { copy: { resourceId: h[4] ?? '' }, links: { console: 'command:workbench.action.quit' } },
      );
      counts.panelsOpened++;
      const html = panel.webview.html;
      rowTexts.push(html);
      const csp = (/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replace(
        /&#39;/g,
        "'",
      );
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-[^']+'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /require-trusted-types-for 'script'/);
      for (const v of h) assert.ok(!html.includes(v), `no data in the HTML: ${v.slice(0, 30)}`);
      assert.equal(panel.webview.options.enableCommandUris, false, 'command: URIs do not run in panels');
      panel.dispose();
    });
  });

  // -------------------------------------------------------------- bad input

  describe('bad input', () => {
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.parent = cyclic;
    const ARGS: unknown[] = [
      null,
      0,
      -1,
      Number.NaN,
      true,
      '',
      ' ',
      'x'.repeat(200_000),
      {},
      [],
      [[[]]],
      cyclic,
      { id: 'image/x', parent: undefined, getTreeItem: () => ({}) },
      { resourceId: 5, clusterArn: {} },
      { resourceId: '', clusterArn: '' },
      {
        resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/x/sha256:${'0'.repeat(64)}`,
        clusterArn: '<script>',
      },
      { lifecycleExecutionId: 5 },
      { lifecycleExecutionId: 'lce-c0a1b2c3-0002-4d00-8a00-000000000002', region: '<script>alert(1)</script>' },
      { lifecycleExecutionId: '[x](command:workbench.action.quit)' },
      { target: { loadMore: () => Promise.reject(new Error('fake')) }, error: {} },
      ...HOSTILE_STRINGS.map((s) => s.value),
    ];
    const commands = manifest.contributes.commands.map((c) => c.command);

    it('every command, fed every kind of argument, settles without an error and changes nothing it should not', async () => {
      const from = notifications.length;
      await vscode.commands.executeCommand('imageFootprint.clusters.focus');
      const failures: string[] = [];
      for (const command of commands) {
        for (const arg of ARGS) {
          counts.commandInputs++;
          const what = `${command}(${typeof arg === 'string' ? JSON.stringify(arg.slice(0, 40)) : typeof arg})`;
          try {
            await settle(vscode.commands.executeCommand(command, arg), what);
          } catch (err) {
            failures.push(`${what} threw: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      }
      for (const t of vscode.window.terminals) t.dispose();
      const profile = vscode.workspace.getConfiguration('imageFootprint').get<string>('profile') ?? '';
      await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
      await vscode.commands.executeCommand('imageFootprint.selectRegion', '');
      await (api.lifecycle as unknown as { state: vscode.Memento }).state.update(
        'imageFootprint.listPolicies',
        undefined,
      );
      assert.deepEqual(failures, []);
      for (const n of api.clusters.imageNodes) {
        // Only a well-formed image id (a hover link's argument form) adds an image.
        assert.match(n.image.resourceId, /^arn:aws:ecr:us-east-1:\d{12}:repository\/[a-z0-9/]+\/sha256:[0-9a-f]{64}$/);
      }
      assert.equal(api.lifecycle.openedExecutions.length, 0, 'no garbage became an execution');
      assert.ok(
        !UNSAFE_PLAIN_TEXT.test(profile),
        `profile setting stays sane: ${JSON.stringify(profile.slice(0, 40))}`,
      );
      assertSafeNotifications(from);
    });

    it('settings of the wrong type or out of range are clamped, with one warning per problem', async () => {
      const from = notifications.length;
      const cases: [string, unknown][] = [
        ['pageSize.clusters', 'ten'],
        ['pageSize.clusters', 1e9],
        ['pageSize.clusters', -5],
        ['pageSize.lifecycleResources', 26.5],
        ['requestTimeoutSeconds', 0],
        ['requestTimeoutSeconds', 'soon'],
        ['region', 'Mars'],
        ['region', 42],
        ['profile', '[x](command:workbench.action.quit)\nnext'],
        ['endpoints', 'http://127.0.0.1:1'],
        ['endpoints', { inspector2: 'not a url', imagebuilder: 'command:workbench.action.quit' }],
      ];
      for (const [key, value] of cases) {
        counts.settingsTried++;
        await setSetting(key, value);
        await setSetting(key, key === 'endpoints' ? endpointsSetting : undefined);
        await setSetting(key, value); // the same problem again, after a good value: no second warning
        await setSetting(key, key === 'endpoints' ? endpointsSetting : undefined);
      }
      const warnings = assertSafeNotifications(from).filter((n) => n.severity === 'warning');
      const settingsOf = warnings.map((w) => /imageFootprint\.[\w.]+/.exec(w.message)?.[0]);
      assert.equal(new Set(warnings.map((w) => w.message)).size, warnings.length, 'each problem is warned about once');
      for (const [key] of cases) {
        assert.ok(
          settingsOf.some((s) => s?.startsWith(`imageFootprint.${key}`)),
          `a warning names ${key}`,
        );
      }
      for (const w of warnings) assert.ok(w.buttons.includes('Open Settings'), 'with a way to fix it');
      // Clamped, not broken: a page size of 1e9 asks for 100.
      await setSetting('pageSize.clusters', 1e9);
      const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as TreeNode;
      await children(api.clusters.provider, node);
      const asked = (await emulator.requests('GetClustersForImage')).map((r) => r.input.maxResults);
      assert.deepEqual(
        asked,
        [100],
        notifications
          .slice(from)
          .map((n) => n.message)
          .join(' | '),
      );
      await setSetting('pageSize.clusters', undefined);
    });

    it('unreadable and malformed AWS config files: the profile picker says which file and what to do', async () => {
      const config = process.env.AWS_CONFIG_FILE as string;
      const credentials = process.env.AWS_SHARED_CREDENTIALS_FILE as string;
      const saved = { config: readFileSync(config), credentials: readFileSync(credentials) };
      try {
        for (const [name, write] of [
          [
            'garbage config, credentials a directory',
            () => {
              writeFileSync(config, Buffer.from('\u0000\u0001[[[\nnot ini at all\n= =\n'));
              renameSync(credentials, `${credentials}.bak`);
              mkdirSync(credentials);
            },
          ],
          [
            'a 4 MB config',
            () => {
              writeFileSync(
                config,
                Array.from({ length: 100_000 }, (_, i) => `[profile p${i}]\nregion = us-east-1`).join('\n'),
              );
            },
          ],
        ] as const) {
          counts.configFiles++;
          write();
          // A connection change drops the cached profile list.
          await vscode.commands.executeCommand('imageFootprint.selectRegion', 'eu-west-1');
          await vscode.commands.executeCommand('imageFootprint.selectRegion', '');
          const from = notifications.length;
          await settle(vscode.commands.executeCommand('imageFootprint.selectProfile'), `profile picker with ${name}`);
          const warnings = assertSafeNotifications(from).filter((n) => n.severity === 'warning');
          if (name.startsWith('garbage')) {
            assert.ok(
              warnings.some((w) => w.message.includes(config) && /skipped|Check/.test(w.message)),
              warnings.map((w) => w.message).join(' | '),
            );
            assert.ok(warnings.some((w) => w.message.includes(credentials) && /Check/.test(w.message)));
          }
          // Requests still work: the default chain has its keys in the environment.
          const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as TreeNode;
          assert.ok(
            node,
            `a lookup works with ${name}: ${notifications
              .slice(from)
              .map((n) => n.message)
              .join(' | ')}`,
          );
          await cleanViews();
          if (existsSync(`${credentials}.bak`)) {
            rmSync(credentials, { recursive: true });
            renameSync(`${credentials}.bak`, credentials);
          }
        }
      } finally {
        if (existsSync(`${credentials}.bak`)) {
          rmSync(credentials, { recursive: true, force: true });
          renameSync(`${credentials}.bak`, credentials);
        }
        writeFileSync(config, saved.config);
        writeFileSync(credentials, saved.credentials);
        await vscode.commands.executeCommand('imageFootprint.selectRegion', 'eu-west-1');
        await vscode.commands.executeCommand('imageFootprint.selectRegion', '');
      }
    });

    it('an empty and a huge (2.5 MB) Dockerfile: hover and CodeLens answer, nothing throws', async () => {
      const huge = [
        ...Array.from(
          { length: 10_000 },
          (_, i) =>
            `FROM ${DEMO_REGISTRY}/shop/web:1.4.2 AS s${i}\nRUN echo ${HOSTILE_STRINGS[i % HOSTILE_STRINGS.length]?.value.slice(0, 200).replace(/\n/g, ' ')}`,
        ),
      ].join('\n');
      // What the hovers show, backslash escapes removed (the Markdown escapes every punctuation mark).
      const hoverAt = async (uri: vscode.Uri, line: number): Promise<string> => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          uri,
          new vscode.Position(line, 8),
        );
        return hovers
          .flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : c.value))
          .join('\n')
          .replace(/\\/g, '');
      };
      const small = huge.split('\n').slice(0, 4).join('\n');
      for (const content of ['', small, huge]) {
        const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
        // The last FROM line as the editor counts lines (a hostile string may hold a lone \r: more lines than FROMs).
        let last = 0;
        for (let line = doc.lineCount - 1; line > 0 && last === 0; line--) {
          if (doc.lineAt(line).text.startsWith('FROM ')) last = line;
        }
        const first = await hoverAt(doc.uri, 0);
        const end = await hoverAt(doc.uri, last);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          doc.uri,
          10,
        );
        assert.ok(Array.isArray(lenses), 'the CodeLens provider answers');
        if (content === '') {
          assert.equal(first, '', 'an empty Dockerfile has nothing to hover');
        } else {
          // The first and the last FROM both name their image (in the huge file: it was read to its end).
          const size = content === small ? 'small' : 'huge';
          assert.match(first, /shop\/web:1\.4\.2/, `${size}: first FROM: ${JSON.stringify(first.slice(0, 300))}`);
          assert.match(end, /shop\/web:1\.4\.2/, `${size}: last FROM: ${JSON.stringify(end.slice(0, 300))}`);
        }
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });

  // -------------------------------------------------------------- concurrency

  describe('concurrency', () => {
    afterEach(() => emulator.clearFaults());

    it('refresh while a page loads: one answer shown, no duplicate request, no stuck loading row', async () => {
      await setSetting('pageSize.clusters', 25);
      const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as TreeNode;
      await children(api.clusters.provider, node);
      await emulator.clearRequests();
      await setFault('GetClustersForImage', { kind: 'latency', ms: 600 });
      const expanding = children(api.clusters.provider, node);
      await new Promise((r) => setTimeout(r, 50));
      const more = (await lastRow(api.clusters.provider, node)).last;
      await Promise.all([
        vscode.commands.executeCommand('imageFootprint.loadMore', more.node),
        vscode.commands.executeCommand('imageFootprint.loadMore', more.node),
        vscode.commands.executeCommand('imageFootprint.refresh', node),
        vscode.commands.executeCommand('imageFootprint.refresh', node),
      ]);
      await expanding;
      const settled = await waitFor('the list to settle', async () => {
        const { kids, last } = await lastRow(api.clusters.provider, node);
        return last.context === 'loadMore' ? kids : undefined;
      });
      assert.equal(pagerOf(node).items.length, 25, 'the first page, once: nothing of the dropped loads mixed in');
      assert.equal(new Set(settled.map((k) => k.id)).size, settled.length, 'unique rows');
      const requests = await emulator.requests('GetClustersForImage');
      assert.ok(requests.length <= 3, `no duplicate requests (${requests.length})`);
      await new Promise((r) => setTimeout(r, 700)); // the dropped answers arrive now, and must change nothing
      assert.equal(pagerOf(node).items.length, 25);
      const rows = await walk(api.clusters.provider, [node], 2);
      assert.ok(!rows.some((r) => r.context === 'loading'), 'no stuck loading row');
    });

    it("a profile switch during a request: the old account's late answer is dropped, nothing stays loading", async () => {
      await setSetting('pageSize.clusters', 25);
      const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as TreeNode;
      const first = await lastRow(api.clusters.provider, node);
      const firstItems = [...pagerOf(node).items];
      await setFault('GetClustersForImage', { kind: 'latency', ms: 800, times: 1 });
      const loading = vscode.commands.executeCommand('imageFootprint.loadMore', first.last.node);
      await new Promise((r) => setTimeout(r, 100));
      await vscode.commands.executeCommand('imageFootprint.selectProfile', 'leaky');
      try {
        await loading;
        // The view reloads the first page for the new profile; the old page 2 arrives late and must not be added.
        await new Promise((r) => setTimeout(r, 1000));
        const settled = await lastRow(api.clusters.provider, node);
        assert.equal(settled.last.context, 'loadMore');
        assert.equal(pagerOf(node).items.length, 25, 'one page of the new profile, no late page of the old one');
        assert.deepEqual(
          pagerOf(node).items.map((c) => (c as { clusterArn: string }).clusterArn),
          firstItems.map((c) => (c as { clusterArn: string }).clusterArn),
        );
        const rows = await walk(api.clusters.provider, [node], 2);
        assert.ok(!rows.some((r) => r.context === 'loading'), 'no stuck loading row');
      } finally {
        await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
      }
      // The lifecycle view too: an execution whose first page is loading during the switch.
      await setSetting('pageSize.lifecycleResources', 1);
      const execution = (await vscode.commands.executeCommand(
        'imageFootprint.openLifecycleExecution',
        AMI_SUCCESS,
      )) as TreeNode;
      await setFault('ListLifecycleExecutionResources', { kind: 'latency', ms: 800, times: 1 });
      const expanding = children(api.lifecycle.provider, execution);
      await new Promise((r) => setTimeout(r, 100));
      await vscode.commands.executeCommand('imageFootprint.selectProfile', 'leaky');
      try {
        await expanding;
        await new Promise((r) => setTimeout(r, 1000));
        await lastRow(api.lifecycle.provider, execution);
        assert.equal(pagerOf(execution).items.length, 1, 'one first page: the old one, arriving late, was dropped');
        const rows = await walk(api.lifecycle.provider, [execution], 2);
        assert.ok(!rows.some((r) => r.context === 'loading'), 'no stuck loading row');
      } finally {
        await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
      }
    });

    it('many panels at once: one per cluster, none twice, all closed again', async () => {
      await setSetting('pageSize.clusters', 100);
      const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as TreeNode;
      const rows = await items(api.clusters.provider, await children(api.clusters.provider, node));
      const clusters = rows.filter((r) => r.context === 'ecsCluster' || r.context === 'eksCluster').slice(0, 40);
      const before = api.panels.openCount;
      const show = (r: Row) =>
        vscode.commands.executeCommand(
          r.context === 'eksCluster' ? 'imageFootprint.showEksWorkloads' : 'imageFootprint.showEcsTaskDefinition',
          r.node,
        );
      await Promise.all([...clusters.map(show), ...clusters.map(show)]);
      counts.panelsOpened += api.panels.openCount - before;
      assert.equal(
        api.panels.openCount - before,
        clusters.length,
        'one panel per cluster, even when asked twice at once',
      );
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await waitFor('the panels to close', () => api.panels.openCount === before);
    });
  });

  // -------------------------------------------------------------- what was seen, scanned

  describe('finally', () => {
    it('no credential, session token or signature reached the log file, a notification, a row or the console', async () => {
      const logFile = path.join(api.logUri.fsPath, 'Image Footprint.log');
      // The channel writes its file a little later: wait until the last error row's detail is in it.
      const log = await waitFor('the log file', () => {
        const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        return text.includes('[error]') && text.includes('AccessDeniedException') ? text : undefined;
      });
      const texts = [
        { where: 'log file', text: log },
        ...notifications.map((n) => ({ where: 'notification', text: n.message })),
        ...rowTexts.map((text) => ({ where: 'tree row or panel', text })),
        ...consoleText.map((text) => ({ where: 'console', text })),
      ];
      counts.scannedTexts = texts.length;
      assert.deepEqual(
        texts.flatMap((t) => findSecrets(t.where, t.text)),
        [],
      );
      for (const line of log.split('\n').filter(Boolean)) {
        assert.match(
          line,
          /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[\w+\] /,
          `a forged or broken log line: ${line.slice(0, 120)}`,
        );
      }
    });

    it('no unhandled rejection in the extension host during the whole suite', () => {
      counts.unhandledRejections = unhandled.length;
      assert.deepEqual(unhandled, []);
    });
  });
});

/** The parts of the pager the suite reads (and, for "a token the service rejects", the token it corrupts). */
interface PagerView {
  readonly items: readonly unknown[];
  readonly state: string;
  token: string | undefined;
}
