/**
 * Figure 6, memory, in plain Node with `--expose-gc`: the heap growth when 10,000 clusters are loaded into the Image
 * Clusters tree model (and with a TreeItem per row held, as the extension host keeps what it shows), whether it all
 * comes back when the image is refreshed, the same for the raw SDK objects as a reference, and the heap after many
 * open/close cycles of each webview panel (the panel's host side: shell, state, message handlers).
 */
import '../../test/support/useStandIn';
import { GetClustersForImageCommand, paginateGetClustersForImage } from '@aws-sdk/client-inspector2';
import type { ClusterInfo, LifecycleResource } from '../../src/aws/types';
import { showSnapshotStatesPanel } from '../../src/imagebuilder/snapshotStatesPanel';
import type { ImageNode } from '../../src/inspector/clusterNodes';
import { showEcsTaskDefinitionPanel } from '../../src/inspector/ecsTaskDefinitionPanel';
import { showEksWorkloadsPanel } from '../../src/inspector/eksWorkloadsPanel';
import { check, round, type BenchContext, type Figure } from '../figure';
import type { FakeWebviewPanel } from '../../test/support/vscodeStandIn';
import { createWorld, rawClients, standIn } from '../world';

const MB = 1024 * 1024;

/** Panels the stand-in's window holds open (a function: a checked value must be read again after a change). */
const openFakePanels = (): number => standIn.openPanels.size;

/** Heap in use after full collections (several, until it stops shrinking). */
export async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 8; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= last - 16 * 1024) return Math.min(used, last);
    last = used;
  }
  return last;
}

export async function treeMemory(ctx: BenchContext): Promise<Figure[]> {
  const big = ctx.emulator.info.bigImage;
  const world = createWorld({ images: [big.resourceId] });
  const node = world.clusters.imageNodes[0] as ImageNode;
  const provider = world.clusters.provider;

  const load = async (): Promise<void> => {
    await node.clusters.pager.loadAll();
    check(node.clusters.items.length === big.clusters, `loaded ${node.clusters.items.length} clusters`);
  };
  // A first load and release, so that code, inline caches and the SDK's clients exist before the baseline heap.
  await load();
  await provider.getChildren(node);
  node.reset();

  const before = await settledHeap();
  await load();
  const rows = (await provider.getChildren(node)) ?? [];
  check(rows.length === big.clusters, `the tree has ${rows.length} rows`);
  const model = await settledHeap();
  const items = await Promise.all(rows.map((r) => provider.getTreeItem(r)));
  const withItems = await settledHeap();
  check(items.length === big.clusters, 'tree items');
  items.length = 0;
  rows.length = 0;
  node.reset();
  const released = await settledHeap();
  // Load and release again a few times: what does not come back grows with each cycle.
  for (let i = 0; i < 3; i++) {
    await load();
    await provider.getChildren(node);
    node.reset();
  }
  const afterCycles = await settledHeap();

  // Reference: the SDK's own output objects for the same 10,000 clusters.
  const { inspector } = rawClients(ctx.emulator, big.region);
  await inspector.send(new GetClustersForImageCommand({ filter: { resourceId: big.resourceId }, maxResults: 100 }));
  const rawBefore = await settledHeap();
  let held: unknown[] = [];
  for await (const page of paginateGetClustersForImage(
    { client: inspector, pageSize: 100 },
    { filter: { resourceId: big.resourceId } },
  )) {
    held.push(...(page.cluster ?? []));
  }
  check(held.length === big.clusters, 'raw clusters');
  const rawHeld = await settledHeap();
  held = [];
  inspector.destroy();
  world.dispose();

  const modelMb = (model - before) / MB;
  const withItemsMb = (withItems - before) / MB;
  return [
    {
      id: 'memory.tree10kMB',
      title: `Memory: heap growth, ${big.clusters} clusters in the tree model (+ a TreeItem per row)`,
      value: round(withItemsMb, 2),
      unit: 'MB',
      target: { max: 40 },
      detail: {
        modelOnlyMB: round(modelMb, 2),
        withTreeItemsMB: round(withItemsMb, 2),
        rawSdkObjectsMB: round((rawHeld - rawBefore) / MB, 2),
        perClusterBytes: Math.round((model - before) / big.clusters),
      },
      note:
        `pager items + ClusterNodes ${modelMb.toFixed(1)} MB, with TreeItems ${withItemsMb.toFixed(1)} MB; ` +
        `the SDK's own objects for the same list: ${((rawHeld - rawBefore) / MB).toFixed(1)} MB`,
    },
    {
      id: 'memory.tree10kRetainedMB',
      title: 'Memory: heap left after refresh (released), and after 3 more load/refresh cycles',
      value: round(Math.max(released, afterCycles) / MB - before / MB, 2),
      unit: 'MB',
      target: { max: 1 },
      detail: {
        afterReleaseMB: round((released - before) / MB, 2),
        afterCyclesMB: round((afterCycles - before) / MB, 2),
      },
      note: 'what does not come back when the list is dropped (collector noise is about ±0.2 MB)',
    },
  ];
}

/** The inputs of the three panels, from real API answers (an ECS and an EKS cluster, an AMI with snapshots). */
async function panelInputs(ctx: BenchContext) {
  const big = ctx.emulator.info.bigImage;
  const lc = ctx.emulator.info.lifecycle;
  const world = createWorld();
  const api = world.session.api;
  const target = await world.session.target(big.region);
  const page = await api.getClustersForImage(target, { resourceId: big.resourceId, maxResults: 100 });
  const ecs = page.items.find((c) => c.details.some((d) => d.metadata.kind === 'ecs'));
  const eks = page.items.find((c) =>
    c.details.some((d) => d.metadata.kind === 'eks' && d.metadata.workloads.length > 5),
  );
  const lcTarget = await world.session.target(lc.region);
  const top = await api.listLifecycleExecutionResources(lcTarget, { lifecycleExecutionId: lc.executionId });
  const parent = top.items[0]?.resourceId;
  const amis = await api.listLifecycleExecutionResources(lcTarget, {
    lifecycleExecutionId: lc.executionId,
    parentResourceId: parent,
  });
  const ami = amis.items.find((r) => r.snapshots.length > 0);
  world.dispose();
  check(ecs && eks && ami, 'the emulator data has no ECS cluster, EKS cluster or AMI with snapshots');
  return {
    resourceId: big.resourceId,
    ecs: ecs as ClusterInfo,
    eks: eks as ClusterInfo,
    ami: ami as LifecycleResource,
  };
}

export async function panelMemory(ctx: BenchContext): Promise<Figure[]> {
  const inputs = await panelInputs(ctx);
  const world = createWorld();
  const panels = world.panels;
  const kinds: [string, (i: number) => void][] = [
    [
      'eksWorkloads',
      (i) =>
        showEksWorkloadsPanel(panels, {
          imageLabel: `load/big-image:${i}`,
          resourceId: inputs.resourceId,
          cluster: inputs.eks,
          consoleUrl: 'https://console.aws.amazon.com/eks/home',
        }),
    ],
    [
      'ecsTaskDefinition',
      (i) =>
        showEcsTaskDefinitionPanel(panels, {
          imageLabel: `load/big-image:${i}`,
          resourceId: inputs.resourceId,
          cluster: inputs.ecs,
          consoleUrls: { cluster: 'https://console.aws.amazon.com/ecs/home', taskDefinition: () => undefined },
        }),
    ],
    [
      'snapshotStates',
      () => showSnapshotStatesPanel(panels, { lifecycleExecutionId: 'lce-bench', resource: inputs.ami }),
    ],
  ];
  /** Open, let the page say `ready` (the state is posted), copy once, close. */
  const cycle = (open: (i: number) => void, i: number): void => {
    open(i);
    const panel = [...standIn.openPanels][0] as FakeWebviewPanel;
    check(panel && openFakePanels() === 1, 'the panel did not open');
    const posted = (): number => panel.webview.posted.length;
    check(posted() === 1, 'the state was not posted when the panel was made');
    panel.webview.receive({ type: 'ready' });
    check(posted() === 2, 'the state was not posted again on ready');
    panel.dispose();
    check(panels.openCount === 0 && openFakePanels() === 0, 'a closed panel is still open');
  };
  const cycles = 100;
  const growth: Record<string, number> = {};
  for (const [kind, open] of kinds) {
    for (let i = 0; i < 20; i++) cycle(open, i);
    const before = await settledHeap();
    for (let i = 0; i < cycles; i++) cycle(open, i);
    const after = await settledHeap();
    growth[kind] = (after - before) / 1024;
  }
  world.dispose();
  const worst = Math.max(...Object.values(growth));
  return [
    {
      id: 'memory.panelCyclesKB',
      title: `Memory: heap growth over ${cycles} open/close cycles of each panel (worst panel)`,
      value: round(worst, 1),
      unit: 'KB',
      target: { max: 100 },
      detail: Object.fromEntries(Object.entries(growth).map(([k, v]) => [`${k}KB`, round(v, 1)])),
      note:
        `${Object.entries(growth)
          .map(([k, v]) => `${k} ${v.toFixed(1)} KB`)
          .join(', ')}; ` + `a leak of one panel per cycle would be ≥ ${cycles} × its state`,
    },
  ];
}
