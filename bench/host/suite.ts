/**
 * The benchmark's part inside a real VS Code extension host (code-server's VS Code, through test/vscode/launcher.ts):
 * loaded as the `extensionTestsPath` module, bundled by bench/figures/host.ts into out/bench/host/index.js.
 *
 * 1. Activation: `require(dist/extension.js)` (the first, so cold, load in this host, through the host's own
 *    `vscode` module interceptor), then the extension's real activation (`Extension.activate()`, which finds the
 *    module in the cache), with `activate()` itself timed by a wrapper put into the cached exports; which AWS modules
 *    are in `require.cache` then, and `isAwsLayerLoaded()`; then one request, after which dist/aws-inspector2.js must be loaded.
 * 2. Panel open → drawn: the EKS workloads panel against a bare webview panel (`openBarePanel`, VS Code's own part),
 *    opened alternately until each page says `rendered`. In code-server every webview shares one origin, so each new
 *    one registers VS Code's webview service worker anew and waits for it to take control; that wait sometimes never
 *    ends (the page logs "Found unexpected service worker controller … Waiting for controllerchange" and loads
 *    nothing, ours and bare alike), which is why pages that do not draw within 10 s are counted, not timed. Desktop VS
 *    Code gives every webview its own origin.
 * 3. Panels: for each webview panel, two full cycles (open, the page loads in the workbench and says `ready`, the
 *    state is posted, close), timed; then 100 open/close cycles (closed as soon as opened: waiting for each page
 *    would take minutes), with the extension host's heap measured after full collections before and after.
 *
 * Writes one JSON object (`HostResult`) to the file named by IF_BENCH_HOST_OUT. Never fails the run for a slow figure;
 * it fails only when it cannot measure.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { buildSnapshotStatesState } from '../../src/imagebuilder/snapshotStatesPanel';
import { buildEcsTaskDefinitionState } from '../../src/inspector/ecsTaskDefinitionPanel';
import { buildEksWorkloadsState } from '../../src/inspector/eksWorkloadsPanel';
import type { PanelKind } from '../../src/panels';
import type { PanelTargets } from '../../src/webview/panelShell';
import manifest from '../../package.json';
import { measureLatency, type LatencyResult } from './latency';

export interface HostResult {
  readonly vscodeVersion: string;
  readonly wasActiveBefore: boolean;
  /** `Extension.activate()` as a caller sees it (VS Code builds the context, calls activate()). */
  readonly activationMs: number;
  /** The first `require` of dist/extension.js in this host. */
  readonly requireMs: number;
  /** The extension's `activate(context)` call alone. */
  readonly activateCallMs: number;
  readonly awsModulesAtActivation: readonly string[];
  readonly layerLoadedAtActivation: boolean;
  readonly layerLoadedAfterFirstRequest: boolean;
  readonly awsModulesAfterFirstRequest: readonly string[];
  readonly gcExposed: boolean;
  readonly panels: Readonly<
    Record<
      string,
      {
        readonly growthKB: number;
        readonly secondBatchKB: number;
        /** Median milliseconds from open to the page's `ready`; NaN when it never said it. */
        readonly openToReadyMs: number;
        /** Pages that did not say `rendered` within 10 s. */
        readonly readyTimeouts: number;
        /** Milliseconds from open to `ready` and to `rendered` (the table drawn), per timed open. */
        readonly ready: readonly number[];
        readonly rendered: readonly number[];
      }
    >
  >;
  /** The same cycles without our code: `bare` (a static page) and `mimic` (our shell's VS Code calls, made directly). */
  readonly control: Readonly<Record<string, { readonly growthKB: number; readonly secondBatchKB: number }>>;
  readonly cycles: number;
  /** Lookup, expand, hover and panel open against the raw calls they need (see latency.ts). */
  readonly latency: LatencyResult;
  /** The EKS workloads panel opened → drawn, against a bare webview panel with a trivial page, alternately. */
  readonly panelOpen: { readonly ours: readonly Readonly<OpenTimes>[]; readonly bare: readonly Readonly<OpenTimes>[] };
}

const AWS_MODULE = /[\\/](?:node_modules[\\/](?:@aws-sdk|@smithy|@aws-crypto)[\\/]|dist[\\/]aws[-\w]*\.js$)/;

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the host benchmark runs through bench/figures/host.ts`);
  return value;
}

/** `global.gc` even where the host was not started with --expose-gc. */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

async function settledHeap(gc: (() => void) | undefined): Promise<number> {
  // Let the workbench answer what the last cycles asked (a panel's disposal is confirmed over RPC).
  await new Promise((resolve) => setTimeout(resolve, 500));
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 8; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc?.();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 16 * 1024) return Math.min(used, last);
    last = used;
  }
  return last;
}

function awsModules(): string[] {
  return Object.keys(require.cache).filter((m) => AWS_MODULE.test(m));
}

/**
 * After a timed open is closed, a pause, so that each open starts from a settled workbench (VS Code's webview service
 * worker, see the top of this file, registers anew for each webview). It does not stop pages from never loading: in
 * runs with and without it, about half of the opens, ours and bare alike, did not draw within 10 s.
 */
const OPEN_SETTLE_MS = 1500;

/**
 * Milliseconds from opening a panel to its page's `ready` (our script ran) and `rendered` (the frame was drawn);
 * `openMs`: the extension host's own call that made the panel; `pageMs`: from the page's frame beginning to load to
 * `rendered`, as the page measures it (without VS Code's wait for its webview service worker, which comes first).
 */
export interface OpenTimes {
  ready: number;
  rendered: number;
  openMs: number;
  pageMs: number;
}

/**
 * Opens a panel and waits for its page to say `ready` and `rendered`, at most 10 s (a page that does not is reported
 * as NaN, not fatal). Then closes it and lets the workbench settle.
 */
async function timeOpen(open: () => vscode.WebviewPanel): Promise<OpenTimes> {
  const start = performance.now();
  const panel = open();
  const times = { ready: Number.NaN, rendered: Number.NaN, openMs: performance.now() - start, pageMs: Number.NaN };
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve();
    }, 10_000);
    const sub = panel.webview.onDidReceiveMessage((m: { type?: string; pageMs?: unknown }) => {
      if (m?.type === 'ready') times.ready = performance.now() - start;
      if (m?.type !== 'rendered') return;
      times.rendered = performance.now() - start;
      if (typeof m.pageMs === 'number') times.pageMs = m.pageMs;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  panel.dispose();
  await new Promise((resolve) => setTimeout(resolve, OPEN_SETTLE_MS));
  return times;
}

/**
 * The control for the time to draw: a webview panel made with the API directly, whose page is a trivial one (a CSP, a
 * nonce'd inline script, one line of text) that says `ready` when its script runs and `rendered` after the frame with
 * its text was drawn, exactly as our panels do. What it takes is VS Code's own part of opening a webview.
 */
function openBarePanel(i: number): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(
    'imageFootprint.benchBare',
    `Bench bare ${i}`,
    { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
    { enableScripts: true, enableCommandUris: false, localResourceRoots: [] },
  );
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'"></head>
<body><p id="app">Loading…</p><script nonce="${nonce}">
const api = acquireVsCodeApi();
api.postMessage({ type: 'ready' });
document.getElementById('app').textContent = 'Drawn';
requestAnimationFrame(() => setTimeout(() => api.postMessage({ type: 'rendered', pageMs: performance.now() }), 0));
</script></body>
</html>`;
  return panel;
}

/**
 * Opens a panel and closes it: at once, or (`waitReady`) when its page has loaded, said `ready` (its state is then
 * posted) and said `rendered` (the frame with the table was drawn). Returns the milliseconds from open to each.
 */
async function cycle(
  api: ExtensionApi,
  kind: PanelKind,
  key: string,
  state: unknown,
  targets: PanelTargets,
  waitReady: boolean,
): Promise<OpenTimes> {
  if (waitReady) {
    return timeOpen(() => api.panels.show(kind, key, `Bench ${kind}`, state as never, targets));
  }
  const panel = api.panels.show(kind, key, `Bench ${kind}`, state as never, targets);
  await new Promise((resolve) => setTimeout(resolve, 0));
  panel.dispose();
  if (api.panels.openCount !== 0) throw new Error(`a closed ${kind} panel is still open`);
  return { ready: 0, rendered: 0, openMs: 0, pageMs: 0 };
}

/** Median of the finite values; NaN when there is none. */
function median(values: readonly number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export async function run(): Promise<void> {
  const out = env('IF_BENCH_HOST_OUT');
  const resourceId = env('IF_BENCH_RESOURCE_ID');
  const executionId = env('IF_BENCH_EXECUTION_ID');
  const executionRegion = env('IF_BENCH_EXECUTION_REGION');
  const cycles = Number(process.env.IF_BENCH_PANEL_CYCLES ?? 100);
  const readyRuns = Number(process.env.IF_BENCH_PANEL_OPENS ?? 5);
  const ext = vscode.extensions.getExtension<ExtensionApi>(`${manifest.publisher}.${manifest.name}`);
  if (!ext) throw new Error('the extension is not installed in the benchmark host');

  const wasActiveBefore = ext.isActive;
  const main = require.resolve(path.join(ext.extensionPath, manifest.main));
  const r0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(main) as { activate(context: vscode.ExtensionContext): ExtensionApi; deactivate(): void };
  const requireMs = performance.now() - r0;
  let activateCallMs = Number.NaN;
  const cached = require.cache[main];
  if (cached) {
    cached.exports = {
      activate(context: vscode.ExtensionContext): ExtensionApi {
        const s = performance.now();
        try {
          return loaded.activate(context);
        } finally {
          activateCallMs = performance.now() - s;
        }
      },
      deactivate: () => loaded.deactivate(),
    };
  }
  const t0 = performance.now();
  const api = await ext.activate();
  const activationMs = performance.now() - t0;
  const awsModulesAtActivation = awsModules();
  const layerLoadedAtActivation = api.isAwsLayerLoaded();

  const m = /^arn:aws:ecr:([^:]+):(\d{12}):repository\/(.+)\/(sha256:[a-f0-9]{64})$/.exec(resourceId);
  if (!m) throw new Error(`not an image resource id: ${resourceId}`);
  const image = {
    resourceId,
    region: m[1] as string,
    accountId: m[2] as string,
    repository: m[3] as string,
    input: resourceId,
  };
  const page = await api.inspector.loadClustersPage(image, undefined, new AbortController().signal);
  const layerLoadedAfterFirstRequest = api.isAwsLayerLoaded();
  const awsModulesAfterFirstRequest = awsModules();

  const latency = await measureLatency(api, {
    emulatorUrl: env('IF_BENCH_EMULATOR_URL'),
    region: image.region,
    accountId: image.accountId,
    repository: image.repository,
    tag: env('IF_BENCH_TAG'),
    uriByTag: env('IF_BENCH_URI_BY_TAG'),
    resourceId,
    dockerfile: vscode.Uri.file(env('IF_BENCH_DOCKERFILE')),
    runs: Number(process.env.IF_BENCH_LATENCY_RUNS ?? 20),
  });

  const ecs = page.items.find((c) => c.details.some((d) => d.metadata.kind === 'ecs'));
  const eks = page.items.find((c) =>
    c.details.some((d) => d.metadata.kind === 'eks' && d.metadata.workloads.length > 5),
  );
  const signal = new AbortController().signal;
  const top = await api.imageBuilder.resources(executionRegion, executionId, undefined, undefined, signal);
  const amis = await api.imageBuilder.resources(
    executionRegion,
    executionId,
    top.items[0]?.resourceId,
    undefined,
    signal,
  );
  const ami = amis.items.find((r) => r.snapshots.length > 0);
  if (!ecs || !eks || !ami) throw new Error('the emulator data has no ECS cluster, EKS cluster or AMI with snapshots');

  const inputs: [PanelKind, { state: unknown; targets: PanelTargets }][] = [
    ['eksWorkloads', buildEksWorkloadsState({ imageLabel: 'load/big-image:latest', resourceId, cluster: eks })],
    [
      'ecsTaskDefinition',
      buildEcsTaskDefinitionState({ imageLabel: 'load/big-image:latest', resourceId, cluster: ecs }),
    ],
    ['snapshotStates', buildSnapshotStatesState({ lifecycleExecutionId: executionId, resource: ami })],
  ];
  const gc = exposeGc();
  const panels: Record<
    string,
    {
      growthKB: number;
      secondBatchKB: number;
      openToReadyMs: number;
      readyTimeouts: number;
      ready: number[];
      rendered: number[];
    }
  > = {};
  // Open → drawn, ours against the bare control, alternately (ours, bare, bare, ours, …), after one untimed open
  // of each (the first webview of a workbench sets up what every later one reuses).
  const [eksState, eksTargets] = [inputs[0][1].state, inputs[0][1].targets];
  const openOurs = (i: number) =>
    timeOpen(() => api.panels.show('eksWorkloads', `open-${i}`, 'Bench open', eksState as never, eksTargets));
  const openBare = (i: number) => timeOpen(() => openBarePanel(i));
  await openOurs(-1);
  await openBare(-1);
  const panelOpen = { ours: [] as OpenTimes[], bare: [] as OpenTimes[] };
  for (let i = 0; i < readyRuns; i++) {
    if (i % 2 === 0) {
      panelOpen.ours.push(await openOurs(i));
      panelOpen.bare.push(await openBare(i));
    } else {
      panelOpen.bare.push(await openBare(i));
      panelOpen.ours.push(await openOurs(i));
    }
  }

  for (const [kind, { state, targets }] of inputs) {
    const ready: number[] = [];
    const rendered: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t = await cycle(api, kind, `ready-${i}`, state, targets, true);
      ready.push(t.ready);
      rendered.push(t.rendered);
    }
    for (let i = 0; i < 10; i++) await cycle(api, kind, `warm-${i}`, state, targets, false);
    // Two batches: growth that is a leak repeats in the second batch; a one-off (caches filling up) does not.
    const before = await settledHeap(gc);
    for (let i = 0; i < cycles; i++) await cycle(api, kind, `cycle-${i}`, state, targets, false);
    const middle = await settledHeap(gc);
    for (let i = 0; i < cycles; i++) await cycle(api, kind, `again-${i}`, state, targets, false);
    const after = await settledHeap(gc);
    panels[kind] = {
      growthKB: (middle - before) / 1024,
      secondBatchKB: (after - middle) / 1024,
      openToReadyMs: median(ready),
      readyTimeouts: rendered.filter((r) => !Number.isFinite(r)).length,
      ready,
      rendered,
    };
  }

  // Controls: the same open/close cycles without our code. `bare`: a webview panel with a static page, the least VS
  // Code does. `mimic`: the VS Code calls our shell makes, made directly (same options, icon, page and listeners):
  // what VS Code itself keeps for such a panel. Only growth beyond `mimic` can be ours.
  const probe = api.panels.show('snapshotStates', 'probe', 'Bench probe', inputs[2]![1].state as never, {});
  const html = probe.webview.html;
  probe.dispose();
  const root = ext.extensionUri;
  const controls: Record<'bare' | 'mimic', () => Promise<void>> = {
    bare: async () => {
      const panel = vscode.window.createWebviewPanel('imageFootprint.benchControl', 'Bench control', {
        viewColumn: vscode.ViewColumn.Active,
        preserveFocus: false,
      });
      panel.webview.html = '<!DOCTYPE html><html><body>control</body></html>';
      await new Promise((resolve) => setTimeout(resolve, 0));
      panel.dispose();
    },
    mimic: async () => {
      // As src/webview/panelShell.ts does it: fresh Uris, our view type, the page's three webview URIs, one listener,
      // the state posted at once.
      const panel = vscode.window.createWebviewPanel(
        'imageFootprint.snapshotStates',
        'Bench mimic',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        {
          enableScripts: true,
          enableCommandUris: false,
          enableFindWidget: true,
          localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
        },
      );
      panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.svg');
      const subs = [panel.webview.onDidReceiveMessage(() => undefined)];
      panel.onDidDispose(() => subs.forEach((d) => d.dispose()));
      for (const p of [
        ['dist', 'webview', 'x.js'],
        ['media', 'panel.css'],
        ['dist', 'codicons', 'codicon.css'],
      ]) {
        panel.webview.asWebviewUri(vscode.Uri.joinPath(root, ...p)).toString();
      }
      panel.webview.html = html;
      void panel.webview.postMessage({ type: 'state', kind: 'snapshotStates', state: inputs[2]![1].state, rev: 1 });
      await new Promise((resolve) => setTimeout(resolve, 0));
      panel.dispose();
    },
  };
  const control: Record<string, { growthKB: number; secondBatchKB: number }> = {};
  for (const [name, run] of Object.entries(controls)) {
    for (let i = 0; i < 10; i++) await run();
    const c0 = await settledHeap(gc);
    for (let i = 0; i < cycles; i++) await run();
    const c1 = await settledHeap(gc);
    for (let i = 0; i < cycles; i++) await run();
    const c2 = await settledHeap(gc);
    control[name] = { growthKB: (c1 - c0) / 1024, secondBatchKB: (c2 - c1) / 1024 };
  }

  if (api.panels.openCount !== 0) throw new Error('a closed panel is still open');

  const result: HostResult = {
    vscodeVersion: vscode.version,
    wasActiveBefore,
    activationMs,
    requireMs,
    activateCallMs,
    awsModulesAtActivation,
    layerLoadedAtActivation,
    layerLoadedAfterFirstRequest,
    awsModulesAfterFirstRequest,
    gcExposed: gc !== undefined,
    panels,
    control,
    cycles,
    latency,
    panelOpen,
  };
  writeFileSync(out, JSON.stringify(result));
}
