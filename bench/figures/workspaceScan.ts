/**
 * Figures: the workspace scan of the Workspace Images view (issue 17, for the references issue), in plain Node with
 * the `vscode` stand-in over a real workspace on disk (bench/workspaceStandIn.ts, bench/workspaceFixture.ts):
 *
 * - time to the full view: from the view's creation (it is visible, so it starts the scan, as when the user opens
 *   it) until every reference is in it — the scan done and every image row and reference row drawn, as the extension
 *   host asks for them (`getChildren`, then `getTreeItem` of each), with every image expanded;
 * - memory: the heap growth of the index and the drawn view, after full collections;
 * - an incremental update after one file is saved: from the moment the index's debounce ends (it waits 300 ms for the
 *   rest of a burst of changes; waiting is not work) until the view is drawn again with the file's new reference,
 *   less the time in `findFiles` (VS Code's search process, which tells whether the excludes let the file in).
 *
 * The real objects of the extension: `WorkspaceReferenceIndex`, `WorkspaceImagesView`, the `ReferenceExtractor`
 * over the production bundles (`dist/references.js`, `dist/referencesWorker.js`, `dist/dockerfile.js`), Node's `fs`
 * reading the files (as the index does for local files). Every run checks that the view holds exactly the expected
 * references (file, line, image) and none of the excluded folders'.
 */
import '../../test/support/useStandIn';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import type * as DockerfileParserModule from '../../src/dockerfile/references';
import { formatImageUri } from '../../src/inspector/imageRef';
import { ReferenceExtractor, readDotEnvBeside, type ReferencesModule } from '../../src/references/documentReferences';
import { WorkspaceReferenceIndex } from '../../src/references/workspaceIndex';
import { WorkspaceImagesView } from '../../src/references/workspaceImagesView';
import type { TreeNode } from '../../src/tree/node';
import { check, round, shouldProfile, type BenchContext, type Figure } from '../figure';
import { settledHeap } from './memory';
import { profile, sourceMapResolver } from '../profile';
import { median, percentile } from '../stats';
import { generateWorkspace, type ExpectedReference } from '../workspaceFixture';
import { useFileWorkspace, type FileWorkspace } from '../workspaceStandIn';
import { createWorld, silentLog } from '../world';

const MB = 1024 * 1024;
export const UPDATE_TARGET_MS = 5;

interface Opened {
  readonly index: WorkspaceReferenceIndex;
  readonly view: WorkspaceImagesView;
  /** Creation of the view → every row drawn. */
  readonly ms: number;
  /** Of which in `findFiles`. */
  readonly searchMs: number;
  readonly rows: number;
  dispose(): void;
}

/** Resolves on the first event after which `done()` holds (checked at once too); fails after two minutes. */
function until(event: vscode.Event<unknown>, done: () => boolean, what = 'the view'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (done()) return resolve();
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`benchmark check failed: ${what} did not change within two minutes`));
    }, 120_000);
    const sub = event(() => {
      if (!done()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** The whole view as the extension host asks for it with every image expanded: the number of rows drawn. */
async function drawAll(view: WorkspaceImagesView): Promise<number> {
  const provider = view.provider;
  const roots = (await provider.getChildren()) ?? [];
  let rows = 0;
  for (const root of roots) {
    provider.getTreeItem(root);
    rows++;
    for (const child of (await provider.getChildren(root)) ?? []) {
      provider.getTreeItem(child);
      rows++;
    }
  }
  return rows;
}

/** Checks that the view holds exactly `expected` (file, line, image), and that every reference has a drawn row. */
function checkView(view: WorkspaceImagesView, expected: readonly ExpectedReference[], what: string): void {
  const key = (file: string, line: number, image: string): string => `${file}:${line + 1} ${image}`;
  const want = expected.map((e) => key(e.file, e.line, e.image)).sort();
  const got: string[] = [];
  for (const group of view.imageNodes) {
    const labels = group
      .getChildren()
      .slice(1)
      .map((n: TreeNode) => view.provider.getTreeItem(n).label);
    check(
      labels.length === group.located.length,
      `${what}: an image shows ${labels.length} rows for ${group.located.length} references`,
    );
    group.located.forEach((l, i) => {
      const file = (standInWorkspace().asRelativePath as (u: vscode.Uri) => string)(l.uri);
      check(labels[i] === `${file}:${l.reference.range.start.line + 1}`, `${what}: row ${String(labels[i])}`);
      got.push(key(file, l.reference.range.start.line, formatImageUri(l.ref)));
    });
  }
  got.sort();
  const wanted = new Set(want);
  const found = new Set(got);
  const missing = want.filter((w) => !found.has(w));
  const extra = got.filter((g) => !wanted.has(g));
  check(
    missing.length === 0 && extra.length === 0 && got.length === want.length,
    `${what}: the view has ${got.length} references, expected ${want.length}; missing ${missing.slice(0, 5).join(', ') || 'none'}; ` +
      `not expected ${extra.slice(0, 5).join(', ') || 'none'}`,
  );
}

function standInWorkspace(): typeof vscode.workspace {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('vscode') as typeof vscode).workspace;
}

/**
 * While `work` runs, records when each timer callback starts: the index's debounce is a timer, and the time the
 * update waits for it is not work.
 */
interface TimerStart {
  readonly at: number;
  /** The event loop's use then, to tell the thread's busy time from its waits (`eventLoopUtilization`). */
  readonly elu: EventLoopUtilization;
}

async function withTimerStarts<T>(work: (lastTimerStart: () => TimerStart | undefined) => Promise<T>): Promise<T> {
  const original = globalThis.setTimeout;
  let last: TimerStart | undefined;
  const wrapped = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    original(
      (...a: unknown[]) => {
        last = { at: performance.now(), elu: performance.eventLoopUtilization() };
        callback(...a);
      },
      ms,
      ...args,
    )) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(wrapped, original);
  try {
    return await work(() => last);
  } finally {
    globalThis.setTimeout = original;
  }
}

export async function workspaceScan(ctx: BenchContext): Promise<Figure[]> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'if-bench-workspace-'));
  let workspace: FileWorkspace | undefined;
  const world = createWorld();
  const dist = path.resolve(__dirname, '..', '..', 'dist');
  const log = silentLog();
  const extractor = new ReferenceExtractor(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require(path.join(dist, 'references.js')) as ReferencesModule,
    dist,
    log,
    path.join(dist, 'referencesWorker.js'),
  );
  const parseDockerfile = (text: string): ReturnType<typeof DockerfileParserModule.findImageReferences> =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(path.join(dist, 'dockerfile.js')) as typeof DockerfileParserModule).findImageReferences(text);
  try {
    const generateStarted = performance.now();
    const ws = generateWorkspace(root);
    const generateMs = performance.now() - generateStarted;
    check(ws.files === 20_000, `the workspace has ${ws.files} files`);
    check(ws.referencingFiles === 500, `${ws.referencingFiles} files reference ECR images`);
    workspace = useFileWorkspace(root);
    const fsws = workspace;

    const open = async (): Promise<Opened> => {
      fsws.resetSearch();
      const index = new WorkspaceReferenceIndex(extractor, parseDockerfile, readDotEnvBeside, log);
      const started = performance.now();
      const view = new WorkspaceImagesView(index, world.usage, world.clusters.inspector);
      // The view listens to the index first (it was made before this listener): when the scan ends, the view is ready.
      await until(index.onDidChange, () => index.state.status !== 'scanning');
      const rows = await drawAll(view);
      const ms = performance.now() - started;
      check(index.state.status === 'done', `the scan ended ${index.state.status}`);
      check(!index.state.truncated, 'the scan stopped at its file limit');
      return {
        index,
        view,
        ms,
        searchMs: fsws.searchMs,
        rows,
        dispose() {
          view.dispose();
          index.dispose();
        },
      };
    };

    // The first scan in this process: it also loads the bundles, the Terraform parser and the worker thread.
    const first = await open();
    checkView(first.view, ws.expected, 'first scan');
    const candidatesFound = first.index.state.filesFound;
    first.dispose();

    const runs = ctx.quick ? 2 : 5;
    const times: number[] = [];
    const searches: number[] = [];
    const held: number[] = [];
    const left: number[] = [];
    let images = 0;
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const before = await settledHeap();
      let opened: Opened | undefined = await open();
      const withView = await settledHeap();
      checkView(opened.view, ws.expected, `scan ${i + 1}`);
      times.push(opened.ms);
      searches.push(opened.searchMs);
      images = opened.view.imageNodes.length;
      rows = opened.rows;
      opened.dispose();
      opened = undefined; // nothing else holds the view and its index now
      const released = await settledHeap();
      // What the index and the drawn view hold: the heap with them, less the heap once they are released.
      held.push((withView - released) / MB);
      left.push((released - before) / MB);
    }
    const fullView: Figure = {
      id: 'scan.fullViewMs',
      title: `Workspace scan: ${ws.files.toLocaleString('en')} files (${ws.referencingFiles} with ECR references) → every reference in the Workspace Images view`,
      value: round(median(times), 0),
      unit: 'ms',
      detail: {
        runs,
        firstScanMs: round(first.ms, 0),
        searchMs: round(median(searches), 0),
        files: ws.files,
        megabytes: round(ws.bytes / MB, 1),
        candidates: candidatesFound,
        references: ws.expected.length,
        images,
        rowsDrawn: rows,
        excludedReferences: ws.excludedReferences,
        generateMs: round(generateMs, 0),
      },
      note:
        `median of ${runs} scans (the first in the process, loading the parsers and the worker: ${round(first.ms, 0)} ms); ` +
        `${candidatesFound} candidate files read, ${ws.expected.length} references of ${images} images, ` +
        `${rows} rows drawn; findFiles (a directory walk standing in for VS Code's search) ${round(median(searches), 0)} ms of it`,
    };
    const memory: Figure = {
      id: 'scan.heapMB',
      title: 'Workspace scan: heap held by the index and the drawn view (20,000 files, 500 with references)',
      value: round(median(held), 2),
      unit: 'MB',
      detail: {
        runs,
        minMB: round(Math.min(...held), 2),
        maxMB: round(Math.max(...held), 2),
        leftAfterDisposeMB: round(median(left), 2),
      },
      note:
        `median of ${runs}: the heap (after full collections) with the view drawn, less the heap once the view and ` +
        `its index are disposed (${round(median(left), 2)} MB more than before the scan); the worker thread's heap is its own`,
    };
    if (shouldProfile(ctx, fullView)) {
      fullView.profile = await profile(
        'scanFullView',
        async () => {
          const again = await open();
          checkView(again.view, ws.expected, 'profiled scan');
          again.dispose();
        },
        12,
        sourceMapResolver(path.join(dist, 'references.js')),
      );
    }
    // ------------------------------------------------------------------ one file saved, with the view drawn
    const live2 = await open();
    const savedAbs = path.join(root, ws.savedFile);
    const others = ws.expected.filter((e) => e.file !== ws.savedFile);
    const warmup = 3;
    const saves = ctx.quick ? 10 : 40;
    let saveCount = 0;
    /** Saves the manifest with a new tag; `checked`: the view is then checked (not while profiling). */
    const save = async (
      checked = true,
    ): Promise<{ ours: number; busy: number; total: number; search: number; cpu: number }> => {
      const { text, expected } = ws.savedText(`9.${saveCount++}.0`);
      writeFileSync(savedAbs, text);
      return withTimerStarts(async (lastTimerStart) => {
        fsws.resetSearch();
        let notified = false;
        const changed = until(live2.view.provider.onDidChangeTreeData, () => notified);
        notified = true;
        const cpuBefore = process.cpuUsage();
        const savedAt = performance.now();
        check(fsws.saved(savedAbs) > 0, 'no watcher took the saved file');
        await changed;
        await drawAll(live2.view);
        const drawnAt = performance.now();
        const elu = performance.eventLoopUtilization();
        const cpu = process.cpuUsage(cpuBefore);
        const debounce = lastTimerStart();
        check(debounce !== undefined && debounce.at > savedAt, 'the update did not wait for its debounce');
        if (checked) checkView(live2.view, [...others, ...expected], `save ${saveCount}`);
        return {
          ours: drawnAt - debounce.at - fsws.searchMs,
          // The thread's busy time in the same span (the rest it waited: for the thread pool's reads, for a core).
          busy: performance.eventLoopUtilization(elu, debounce.elu).active,
          total: drawnAt - savedAt,
          search: fsws.searchMs,
          cpu: (cpu.user + cpu.system) / 1000,
        };
      });
    };
    for (let i = 0; i < warmup; i++) await save();
    const results = [];
    for (let i = 0; i < saves; i++) results.push(await save());
    const ours = results.map((r) => r.ours);
    const update: Figure = {
      id: 'scan.updateMs',
      title: 'Workspace scan: one file saved → the view drawn again with its new reference (our time)',
      value: round(median(ours), 2),
      unit: 'ms',
      target: { max: UPDATE_TARGET_MS },
      detail: {
        saves,
        p95Ms: round(percentile(ours, 95), 2),
        busyMs: round(median(results.map((r) => r.busy)), 2),
        totalMs: round(median(results.map((r) => r.total)), 1),
        searchMs: round(median(results.map((r) => r.search)), 2),
        processCpuMs: round(median(results.map((r) => r.cpu)), 2),
        references: ws.expected.length,
        rowsDrawn: live2.rows,
      },
      note:
        `median of ${saves} saves of a Kubernetes manifest (p95 ${round(percentile(ours, 95), 2)} ms), from the end of the ` +
        `index's 300 ms debounce to all ${live2.rows} rows drawn again, less findFiles (${round(median(results.map((r) => r.search)), 2)} ms); ` +
        `the thread busy ${round(median(results.map((r) => r.busy)), 2)} ms of it (event loop utilization; the rest waits for the ` +
        `thread pool's reads and for a core); save → drawn ${round(median(results.map((r) => r.total)), 0)} ms in all`,
    };
    if (shouldProfile(ctx, update)) {
      update.profile = await profile('scanUpdate', async () => {
        for (let i = 0; i < 20; i++) await save(false);
      });
      await save();
    }
    live2.dispose();
    return [fullView, memory, update];
  } finally {
    workspace?.restore();
    extractor.dispose();
    world.dispose();
    rmSync(root, { recursive: true, force: true });
  }
}
