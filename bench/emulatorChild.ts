/**
 * The emulator the benchmarks talk to, in a process of its own (so its work runs on the other core, as AWS would be
 * elsewhere, and its data never sits in the heap the memory figures measure). Started by bench/emulatorProcess.ts:
 * prints one JSON line (`BenchEmulatorInfo`) and runs until its stdin closes or it gets SIGTERM.
 *
 * Data: the generated data set (seed 7) with 10,000 clusters on the big image, no short pages (so a list of N takes
 * exactly ⌈N / page size⌉ requests), plus one lifecycle policy with an execution of 500 resources (the generated ones
 * stop at 60).
 */
import {
  BIG_IMAGE,
  findImage,
  imageResourceId,
  imageUri,
  startEmulator,
  type EmulatorData,
  type LifecycleResourceRecord,
} from '../test/emulator';
import type { BenchEmulatorInfo, BenchEmulatorOptions } from './emulatorProcess';

const BENCH_ACCOUNT = '111122223333';
const BENCH_REGION = 'us-west-2';
export const BENCH_EXECUTION_ID = 'lce-b0b0b0b0-0500-4d00-8a00-000000000500';

/** An AMI lifecycle policy whose one execution identified `count` Image Builder images (each with one AMI). */
function benchPolicy(now: number, count: number): EmulatorData['lifecyclePolicies'][number] {
  const actions = ['DELETE', 'DEPRECATE', 'DISABLE', 'AVAILABLE'];
  const states = ['SUCCESS', 'SUCCESS', 'SKIPPED', 'FAILED'];
  const start = now - 3600;
  const resources: LifecycleResourceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const action = actions[i % actions.length] as string;
    const state = states[i % states.length] as string;
    resources.push({
      accountId: BENCH_ACCOUNT,
      resourceId: `arn:aws:imagebuilder:${BENCH_REGION}:${BENCH_ACCOUNT}:image/bench-golden/1.${i >> 8}.${i & 255}/1`,
      region: BENCH_REGION,
      state: { status: state, ...(state === 'FAILED' && { reason: 'Snapshot is in use by another AMI.' }) },
      action: { name: action, reason: `Matched rule ${i % 3} of the policy.` },
      startTime: start + (i % 60),
      endTime: start + 600 + (i % 300),
      associated: [
        {
          accountId: BENCH_ACCOUNT,
          resourceId: `ami-${(0x10000000000000000n + BigInt(i)).toString(16).slice(1, 18)}`,
          region: BENCH_REGION,
          state: { status: state },
          action: { name: action },
          snapshots: [{ snapshotId: `snap-${i.toString(16).padStart(17, '0')}`, state: { status: state } }],
        },
      ],
    });
  }
  return {
    arn: `arn:aws:imagebuilder:${BENCH_REGION}:${BENCH_ACCOUNT}:lifecycle-policy/bench-golden-retention`,
    name: 'bench-golden-retention',
    accountId: BENCH_ACCOUNT,
    region: BENCH_REGION,
    description: 'Benchmark policy: one execution with many resources',
    status: 'ENABLED',
    executionRole: `arn:aws:iam::${BENCH_ACCOUNT}:role/ImageBuilderLifecycleRole`,
    resourceType: 'AMI_IMAGE',
    dateCreated: now - 90 * 86400,
    dateUpdated: now - 30 * 86400,
    dateLastRun: start,
    executions: [
      {
        lifecycleExecutionId: BENCH_EXECUTION_ID,
        state: { status: 'SUCCESS' },
        startTime: start,
        endTime: start + 900,
        resources,
      },
    ],
  };
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as BenchEmulatorOptions;
  const emulator = await startEmulator({
    dataset: 'generated',
    seed: 7,
    clusters: options.clusters,
    shortPageRate: 0,
  });
  const data = emulator.data;
  emulator.setData({
    ...data,
    lifecyclePolicies: [...data.lifecyclePolicies, benchPolicy(data.now, options.lifecycleResources)],
  });
  const big = findImage(emulator.data, BIG_IMAGE.repository, BIG_IMAGE.tag, BIG_IMAGE);
  if (!big) throw new Error('the generated data set has no big image');
  // Five distinct covered, tagged images with clusters, for the hover figures.
  const others = emulator.data.images
    .filter((i) => i !== big && i.covered && i.tags.length > 0 && i.clusters.length > 0)
    .slice(0, options.hoverImages);
  if (others.length < options.hoverImages) throw new Error('the generated data set has too few tagged images');
  const info: BenchEmulatorInfo = {
    url: emulator.url,
    pid: process.pid,
    bigImage: {
      resourceId: imageResourceId(big),
      uriByTag: imageUri(big, BIG_IMAGE.tag),
      uriByDigest: imageUri(big),
      accountId: big.accountId,
      region: big.region,
      repository: big.repository,
      tag: BIG_IMAGE.tag,
      clusters: big.clusters.length,
    },
    hoverImages: others.map((i) => ({
      uriByTag: imageUri(i, i.tags[0]),
      uriByDigest: imageUri(i),
      resourceId: imageResourceId(i),
    })),
    lifecycle: { executionId: BENCH_EXECUTION_ID, region: BENCH_REGION, resources: options.lifecycleResources },
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void emulator.close().then(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench emulator: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
