/**
 * What a user waits for inside the real VS Code, measured in its extension host (part of bench/host/suite.ts): each
 * interaction against the raw SDK calls it needs, made from the same host process to the same emulator, alternately
 * (ours, raw, raw, ours, …). "Added" is ours minus raw: our code plus VS Code's own round trips between the extension
 * host and the workbench.
 *
 * - lookup: `imageFootprint.lookupImage` with an image URI by tag (as typed into the palette's input box), until VS
 *   Code has every row of the image's first page from our provider (it asked `getChildren` of the new image node and
 *   `getTreeItem` of each of the 101 rows, which it sends to the workbench to draw in one reply). Raw: ListCoverage +
 *   GetClustersForImage.
 * - expand: a known image added as a root (`ClustersView.addImage`, what a lookup does once it knows the image: the
 *   root is drawn expanded, its first page requested at once, then revealed), until the same. Raw: GetClustersForImage.
 * - hover: `vscode.executeHoverProvider` on the `FROM` line of a Dockerfile open in the workspace, with the usage
 *   cache cleared before each run, until the hover text is returned. Raw: ListCoverage + GetClustersForImage.
 * - panel: measured in suite.ts, against a bare webview panel (see there).
 *
 * The extension host cannot see the workbench paint a tree row or a hover; the rows and the hover text are measured
 * when VS Code has them from us, which is when its reply to the workbench leaves.
 */
import { performance } from 'node:perf_hooks';
import {
  GetClustersForImageCommand,
  Inspector2Client,
  ListCoverageCommand,
  type CoverageFilterCriteria,
} from '@aws-sdk/client-inspector2';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/node';

export interface LatencyInput {
  readonly emulatorUrl: string;
  readonly region: string;
  readonly accountId: string;
  readonly repository: string;
  readonly tag: string;
  readonly uriByTag: string;
  readonly resourceId: string;
  /** A Dockerfile in the workspace whose `FROM` line names `uriByTag`. */
  readonly dockerfile: vscode.Uri;
  readonly runs: number;
}

export interface LatencyFigure {
  /** Milliseconds per run, in run order. */
  readonly ours: readonly number[];
  readonly raw: readonly number[];
}

export type LatencyResult = Readonly<Record<'lookup' | 'expand' | 'hover', LatencyFigure>>;

const ROWS_TIMEOUT_MS = 20_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not happen within ${ROWS_TIMEOUT_MS / 1000} s`)),
      ROWS_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Watches the Image Clusters provider as VS Code calls it: resolves when `getTreeItem` has been asked for `rows` rows
 * whose parent is the image node with `imageId`.
 */
function rowWatcher(api: ExtensionApi): (imageId: string, rows: number) => Promise<void> {
  const provider = api.clusters.provider;
  const original = provider.getTreeItem.bind(provider);
  let watch: { imageId: string; rows: number; seen: number; done: () => void } | undefined;
  provider.getTreeItem = (node: TreeNode): vscode.TreeItem => {
    const item = original(node);
    const w = watch;
    if (w && (node.parent as { id?: string } | undefined)?.id === w.imageId && ++w.seen >= w.rows) {
      watch = undefined;
      w.done();
    }
    return item;
  };
  return (imageId, rows) =>
    withTimeout(
      new Promise<void>((done) => {
        watch = { imageId, rows, seen: 0, done };
      }),
      `VS Code asking for the ${rows} rows of ${imageId}`,
    );
}

/** Runs `ours` and `raw` alternately (ours, raw, raw, ours, …) after two untimed rounds; `reset` is not timed. */
async function abab(
  runs: number,
  ours: () => Promise<void>,
  raw: () => Promise<void>,
  reset: () => Promise<void>,
): Promise<LatencyFigure> {
  const time = async (f: () => Promise<void>): Promise<number> => {
    await reset();
    // VS Code's extension host holds back a tree change that follows another within 200 ms (it debounces them), and
    // reveal() waits for it: a reset's change must be over before the next run starts, as it is for a user.
    await settle(400);
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  for (let i = 0; i < 2; i++) {
    await time(ours);
    await time(raw);
  }
  const o: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      o.push(await time(ours));
      r.push(await time(raw));
    } else {
      r.push(await time(raw));
      o.push(await time(ours));
    }
  }
  return { ours: o, raw: r };
}

export async function measureLatency(api: ExtensionApi, input: LatencyInput): Promise<LatencyResult> {
  const client = new Inspector2Client({
    region: input.region,
    endpoint: input.emulatorUrl,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'AKIABENCH',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'bench',
    },
  });
  const eq = (value: string) => [{ comparison: 'EQUALS' as const, value }];
  const filterCriteria: CoverageFilterCriteria = {
    resourceType: eq('AWS_ECR_CONTAINER_IMAGE'),
    accountId: eq(input.accountId),
    ecrRepositoryName: eq(input.repository),
    ecrImageTags: eq(input.tag),
  };
  const rawPage = async (resourceId: string): Promise<void> => {
    const out = await client.send(new GetClustersForImageCommand({ filter: { resourceId }, maxResults: 100 }));
    if (out.cluster?.length !== 100) throw new Error(`the raw page had ${out.cluster?.length} clusters`);
  };
  const rawLookup = async (): Promise<void> => {
    const coverage = await client.send(new ListCoverageCommand({ filterCriteria, maxResults: 200 }));
    const resourceId = coverage.coveredResources?.[0]?.resourceId;
    if (resourceId !== input.resourceId) throw new Error('raw ListCoverage did not find the image');
    await rawPage(resourceId);
  };
  const imageId = `image/${input.resourceId}`;
  const rowsOf = rowWatcher(api);
  /**
   * The command or call that adds the image goes on after the rows are in (it reveals the row: VS Code selects it
   * once the tree is refreshed): the run is timed until the rows, and the next one starts once it is over. A failure
   * of the command fails the run.
   */
  let adding: Promise<unknown> = Promise.resolve();
  const untilRows = async (add: () => Thenable<unknown>): Promise<void> => {
    const rows = rowsOf(imageId, 101);
    adding = Promise.resolve(add());
    await Promise.race([rows, adding.then(() => rows)]);
  };
  const removeAll = async (): Promise<void> => {
    await adding;
    for (const n of [...api.clusters.imageNodes]) await api.clusters.removeImage(n);
  };

  try {
    const lookup = await abab(
      input.runs,
      () => untilRows(() => vscode.commands.executeCommand('imageFootprint.lookupImage', input.uriByTag)),
      rawLookup,
      removeAll,
    );

    const subject = {
      resourceId: input.resourceId,
      region: input.region,
      accountId: input.accountId,
      repository: input.repository,
      tag: input.tag,
      input: input.uriByTag,
    };
    const expand = await abab(
      input.runs,
      () => untilRows(() => api.clusters.addImage(subject)),
      () => rawPage(input.resourceId),
      removeAll,
    );

    const document = await vscode.workspace.openTextDocument(input.dockerfile);
    await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes(input.uriByTag));
    if (line < 0) throw new Error('the benchmark Dockerfile does not name the image');
    const position = new vscode.Position(line, document.lineAt(line).text.indexOf(input.uriByTag) + 10);
    const hover = await abab(
      input.runs,
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          position,
        );
        const text = hovers
          .flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : c.value))
          .join('\n');
        if (!/cluster/i.test(text)) throw new Error(`the hover says nothing about clusters: ${text.slice(0, 200)}`);
      },
      rawLookup,
      async () => api.usage.clear(),
    );
    // Panels (suite.ts) open into an empty editor area.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    await removeAll();
    return { lookup, expand, hover };
  } finally {
    client.destroy();
  }
}
