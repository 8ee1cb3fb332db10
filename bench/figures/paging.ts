/**
 * Figures 1 and 2: one page of the Image Clusters view against one raw GetClustersForImage, and whole lists through
 * "Load more" against the SDK's own paginators (10,000 clusters at 100 a page; 500 lifecycle resources at 25).
 */
import '../../test/support/useStandIn';
import { GetClustersForImageCommand, paginateGetClustersForImage } from '@aws-sdk/client-inspector2';
import { paginateListLifecycleExecutionResources } from '@aws-sdk/client-imagebuilder';
import type { NodeTreeProvider, TreeNode } from '../../src/tree/node';
import { check, RATIO_TARGET, round, shouldProfile, type BenchContext, type Figure } from '../figure';
import { profile } from '../profile';
import { median, timePair, timeRuns } from '../stats';
import { expandAndLoadAll, expandAndLoadAllAtOnce, showChildren } from '../treeDriver';
import { createWorld, rawClients, type World } from '../world';

const CLUSTER_PAGE = 100;
const RESOURCE_PAGE = 25;

function imageRoot(world: World): TreeNode {
  const node = world.clusters.imageNodes[0];
  check(node, 'the Image Clusters view restored no image from workspace state');
  return node;
}

export async function onePage(ctx: BenchContext): Promise<Figure[]> {
  const { emulator } = ctx;
  const big = emulator.info.bigImage;
  const world = createWorld({ images: [big.resourceId] });
  const { inspector } = rawClients(emulator, big.region);
  const node = imageRoot(world);
  const provider = world.clusters.provider;
  let shownRows = 0;
  const ours = async (): Promise<void> => {
    const shown = await showChildren(provider, node);
    shownRows = shown.items.length;
  };
  let rawCount = 0;
  const baseline = async (): Promise<void> => {
    const out = await inspector.send(
      new GetClustersForImageCommand({ filter: { resourceId: big.resourceId }, maxResults: CLUSTER_PAGE }),
    );
    rawCount = out.cluster?.length ?? 0;
  };
  const warmup = ctx.quick ? 10 : 30;
  const runs = ctx.quick ? 30 : 301;
  await emulator.clearRequests();
  const result = await timePair(ours, baseline, { warmup, runs, prepare: () => node.reset() });
  const counts = await emulator.operationCounts();
  // Where ours spends beyond the request: building the 101 TreeItems of a loaded page (no request).
  const loaded = (await provider.getChildren(node)) ?? [];
  const treeItems = await timeRuns(() => loaded.forEach((n) => provider.getTreeItem(n)), 20, runs);
  check(
    shownRows === CLUSTER_PAGE + 1,
    `one expand showed ${shownRows} rows, not ${CLUSTER_PAGE} clusters + Load more`,
  );
  check(rawCount === CLUSTER_PAGE, `the raw call returned ${rawCount} clusters`);
  check(
    counts.GetClustersForImage === 2 * (warmup + runs),
    `expected one request per run on each side, the emulator saw ${JSON.stringify(counts)}`,
  );
  const figure: Figure = {
    id: 'onePage.ratio',
    title: 'One page: expand → 100 tree items vs one raw GetClustersForImage',
    value: round(result.ratio),
    unit: 'ratio',
    target: { max: RATIO_TARGET },
    detail: {
      oursMs: round(result.oursMedian),
      sdkMs: round(result.baselineMedian),
      pairedRatio: round(result.pairedRatio),
      treeItemsMs: round(median(treeItems)),
      runs,
      requestsPerExpand: 1,
    },
    note:
      `median ${result.oursMedian.toFixed(2)} ms vs ${result.baselineMedian.toFixed(2)} ms over ${runs} ABAB runs; ` +
      `the 101 getTreeItem calls alone take ${median(treeItems).toFixed(2)} ms`,
  };
  if (shouldProfile(ctx, figure)) {
    figure.profile = await profile('onePage', async () => {
      for (let i = 0; i < runs; i++) {
        node.reset();
        await ours();
      }
    });
  }
  world.dispose();
  inspector.destroy();
  return [figure];
}

/**
 * Loads a whole paged list in the tree, as a user would: clicking "Load more" until the end, or once "Load All".
 * Returns how many times the list was drawn after the first page.
 */
async function loadWholeList(
  via: Via,
  provider: NodeTreeProvider,
  node: TreeNode,
  expected: number,
  page: number,
): Promise<number> {
  if (via === 'loadAll') {
    const shown = await expandAndLoadAllAtOnce(provider, node);
    check(shown.nodes.length === expected, `the tree shows ${shown.nodes.length} rows, not ${expected}`);
    return shown.redraws;
  }
  const shown = await expandAndLoadAll(provider, node);
  // Every item plus no status row (the list is complete and not empty).
  check(shown.nodes.length === expected, `the tree shows ${shown.nodes.length} rows, not ${expected}`);
  check(shown.loadMoreClicks === Math.ceil(expected / page) - 1, `${shown.loadMoreClicks} Load more clicks`);
  return shown.loadMoreClicks;
}

/** How the whole list is loaded: "Load more" clicked until the end, or "Load All" once. */
type Via = 'loadMore' | 'loadAll';

interface WholeListCase {
  readonly via: Via;
  readonly key: string;
  readonly title: string;
  readonly expected: number;
  readonly page: number;
  readonly operation: string;
  readonly runs: number;
  /** Untimed rounds of each side before the timed ones (beyond the counting passes), as the other figures have. */
  readonly warmup: number;
  readonly provider: NodeTreeProvider;
  readonly node: TreeNode;
  readonly raw: () => Promise<number>;
}

async function wholeList(ctx: BenchContext, c: WholeListCase): Promise<Figure[]> {
  const { emulator } = ctx;
  const expectedRequests = Math.ceil(c.expected / c.page);
  // One pass of each first, alone, to count the requests of exactly one run (and to warm up).
  c.node.reset();
  await emulator.clearRequests();
  const redraws = await loadWholeList(c.via, c.provider, c.node, c.expected, c.page);
  const oursRequests = (await emulator.operationCounts())[c.operation] ?? 0;
  await emulator.clearRequests();
  const rawItems = await c.raw();
  const rawRequests = (await emulator.operationCounts())[c.operation] ?? 0;
  check(rawItems === c.expected, `the SDK paginator returned ${rawItems} items, not ${c.expected}`);

  // The counting passes above and `warmup` more rounds of each side warm both up (the JIT, the sockets).
  const result = await timePair(
    () => loadWholeList(c.via, c.provider, c.node, c.expected, c.page),
    async () => check((await c.raw()) === c.expected, 'the SDK paginator lost items'),
    { warmup: c.warmup, runs: c.runs, prepare: () => c.node.reset() },
  );
  const ratio: Figure = {
    id: `${c.key}.ratio`,
    title: c.title,
    value: round(result.ratio),
    unit: 'ratio',
    // A whole list is loaded with Load All; page by page it is information: each click makes VS Code read every row
    // shown again (treeDriver.ts), work that grows with the square of the list and that our code cannot avoid.
    target: c.via === 'loadAll' ? { max: RATIO_TARGET } : undefined,
    detail: {
      oursMs: round(result.oursMedian, 1),
      sdkMs: round(result.baselineMedian, 1),
      pairedRatio: round(result.pairedRatio),
      runs: c.runs,
      items: c.expected,
      pageSize: c.page,
      redraws,
    },
    note:
      `median ${result.oursMedian.toFixed(0)} ms vs ${result.baselineMedian.toFixed(0)} ms over ${c.runs} ABAB runs; ` +
      (c.via === 'loadAll'
        ? `the list drawn ${redraws} time(s) after the first page`
        : `${redraws} clicks, each drawing the whole list again`),
  };
  const requests: Figure = {
    id: `${c.key}.requests`,
    title: `${c.title.split(':')[0]}: requests ${VIA_TITLE[c.via]} (⌈${c.expected}/${c.page}⌉ = ${expectedRequests})`,
    value: oursRequests,
    unit: 'requests',
    target: { max: expectedRequests },
    detail: { expected: expectedRequests, sdkPaginator: rawRequests },
    note: `ours ${oursRequests}, SDK paginator ${rawRequests}, from the emulator's request log`,
  };
  const figures = [ratio, requests];
  if (shouldProfile(ctx, ratio)) {
    ratio.profile = await profile(c.key, async () => {
      c.node.reset();
      await loadWholeList(c.via, c.provider, c.node, c.expected, c.page);
    });
  }
  return figures;
}

const VIA_TITLE: Record<Via, string> = { loadMore: 'via Load more', loadAll: 'via Load All' };
const VIA_KEY: Record<Via, string> = { loadMore: '', loadAll: 'LoadAll' };

/** One whole list of the benchmark: its figure's words and counts, and how to set up ours and the raw side. */
interface WholeListKind {
  readonly key: string;
  readonly title: string;
  readonly expected: number;
  readonly page: number;
  readonly operation: string;
  /** The SDK's paginator the raw side uses, for the title. */
  readonly paginator: string;
  readonly runs: number;
  readonly warmup: number;
  /** A fresh world with the list's node, and a raw client paging the same list with the SDK's paginator. */
  setUp(): Pick<WholeListCase, 'provider' | 'node' | 'raw'> & { dispose(): void };
}

export async function everything(ctx: BenchContext): Promise<Figure[]> {
  const { emulator } = ctx;
  const big = emulator.info.bigImage;
  const lc = emulator.info.lifecycle;
  const kinds: readonly WholeListKind[] = [
    {
      key: 'allClusters',
      title: `${big.clusters} clusters`,
      expected: big.clusters,
      page: CLUSTER_PAGE,
      operation: 'GetClustersForImage',
      paginator: 'paginateGetClustersForImage',
      runs: ctx.quick ? 1 : 21,
      warmup: ctx.quick ? 0 : 3,
      setUp() {
        const world = createWorld({ images: [big.resourceId] });
        const { inspector } = rawClients(emulator, big.region);
        return {
          provider: world.clusters.provider,
          node: imageRoot(world),
          raw: async () => {
            let n = 0;
            const pages = paginateGetClustersForImage(
              { client: inspector, pageSize: CLUSTER_PAGE },
              { filter: { resourceId: big.resourceId } },
            );
            for await (const p of pages) n += p.cluster?.length ?? 0;
            return n;
          },
          dispose() {
            world.dispose();
            inspector.destroy();
          },
        };
      },
    },
    {
      key: 'allResources',
      title: `${lc.resources} lifecycle resources`,
      expected: lc.resources,
      page: RESOURCE_PAGE,
      operation: 'ListLifecycleExecutionResources',
      paginator: 'paginateListLifecycleExecutionResources',
      // A whole list here takes about 11 ms and its run times have two humps about 1.5 ms apart, on both sides: over
      // 61 runs the median ratio moved between 1.02× and 1.11× from one repetition to the next in one process, over
      // 301 runs between 1.030× and 1.035× (BENCHMARKS.md). About 7 s a figure.
      runs: ctx.quick ? 3 : 301,
      warmup: ctx.quick ? 0 : 20,
      setUp() {
        const world = createWorld({ executions: [{ id: lc.executionId, region: lc.region }] });
        const { imagebuilder } = rawClients(emulator, lc.region);
        const execution = world.lifecycle.openedExecutions[0];
        check(execution, 'the Lifecycle view restored no opened execution');
        return {
          provider: world.lifecycle.provider,
          node: execution,
          raw: async () => {
            let n = 0;
            const pages = paginateListLifecycleExecutionResources(
              { client: imagebuilder, pageSize: RESOURCE_PAGE },
              { lifecycleExecutionId: lc.executionId },
            );
            for await (const p of pages) n += p.resources?.length ?? 0;
            return n;
          },
          dispose() {
            world.dispose();
            imagebuilder.destroy();
          },
        };
      },
    },
  ];
  const figures: Figure[] = [];
  for (const kind of kinds) {
    for (const via of ['loadMore', 'loadAll'] as const) {
      // Each figure starts from objects of its own (a fresh world and raw client): nothing one figure left behind
      // (its rows, its caches, its garbage) weighs on the next.
      const { dispose, ...sides } = kind.setUp();
      try {
        figures.push(
          ...(await wholeList(ctx, {
            ...sides,
            via,
            key: `${kind.key}${VIA_KEY[via]}`,
            title: `Everything: ${kind.title} ${VIA_TITLE[via]} vs ${kind.paginator}`,
            expected: kind.expected,
            page: kind.page,
            operation: kind.operation,
            runs: kind.runs,
            warmup: kind.warmup,
          })),
        );
      } finally {
        dispose();
      }
    }
  }
  return figures;
}
