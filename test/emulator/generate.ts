/**
 * The seeded generator: clusters for one image (any number), images spread over accounts and regions, lifecycle
 * policies with executions in every state, resources with every action and state, AMIs with snapshots in every state.
 * Same seed + same `now` = same data.
 */
import type {
  ClusterDetailsWire,
  ClusterInformationWire,
  EcrImageRecord,
  EksWorkloadWire,
  LifecycleExecutionRecord,
  LifecyclePolicyDetailWire,
  LifecyclePolicyRecord,
  LifecycleResourceRecord,
  LifecycleSnapshotWire,
  WireStatus,
} from './model';
import { imageUri } from './model';
import { digestOf, Random } from './random';

export const DAY = 86_400;
export const HOUR = 3_600;

export const EXECUTION_STATES = ['IN_PROGRESS', 'CANCELLED', 'CANCELLING', 'FAILED', 'SUCCESS', 'PENDING'] as const;
export const RESOURCE_STATES = ['FAILED', 'IN_PROGRESS', 'SKIPPED', 'SUCCESS'] as const;
export const ACTIONS = ['AVAILABLE', 'DELETE', 'DEPRECATE', 'DISABLE'] as const;
export const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'Pod',
] as const;

/** Where the generated extras live (the demo's account and region hold only the demo story and the big image). */
export const GENERATED_ACCOUNTS = ['111122223333', '444455556666', '777788889999'] as const;
export const GENERATED_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'] as const;
/** The region holding most generated lifecycle policies (more than one page of ListLifecyclePolicies). */
export const GENERATED_POLICY_REGION = 'us-west-2';

/** The "big" image whose cluster list has `--clusters N` entries. */
export const BIG_IMAGE = {
  accountId: '111122223333',
  region: 'us-east-1',
  repository: 'load/big-image',
  tag: 'latest',
} as const;

const TEAMS = ['payments', 'search', 'checkout', 'identity', 'catalog', 'media', 'ml', 'ops', 'data', 'edge'];
const ENVS = ['prod', 'staging', 'dev', 'qa', 'sandbox'];
const APPS = ['api', 'web', 'worker', 'indexer', 'gateway', 'scheduler', 'cache', 'ingest', 'auth', 'report'];
const NAMESPACES = ['default', 'apps', 'batch', 'platform', 'monitoring', 'ingress', 'jobs', 'frontend', 'backend'];

/** A time `secondsAgo` before `now`, with a fraction of a second (timestamps may carry fractions on the wire). */
function before(now: number, secondsAgo: number, random: Random): number {
  return Math.round((now - secondsAgo) * 1000 - random.int(0, 999)) / 1000;
}

function workloadKind(random: Random): string {
  const r = random.next();
  if (r < 0.45) return 'Deployment';
  if (r < 0.55) return 'StatefulSet';
  if (r < 0.65) return 'DaemonSet';
  if (r < 0.73) return 'Job';
  if (r < 0.83) return 'CronJob';
  if (r < 0.93) return 'ReplicaSet';
  return 'Pod';
}

export function workloads(random: Random, count: number): EksWorkloadWire[] {
  const out: EksWorkloadWire[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ name: `${random.pick(APPS)}-${random.pick(APPS)}-${i + 1}`, type: workloadKind(random) });
  }
  return out;
}

function workloadCount(random: Random, fullShare: number): number {
  const r = random.next();
  if (r < fullShare) return 100;
  if (r < fullShare + 0.08) return 0;
  if (r < 0.9) return random.int(1, 12);
  return random.int(13, 99);
}

/** Running/stopped counts and lastInUse: running units were seen minutes ago, idle ones hours to weeks ago. */
function usage(
  random: Random,
  now: number,
): Pick<ClusterDetailsWire, 'lastInUse' | 'runningUnitCount' | 'stoppedUnitCount'> {
  const running = random.chance(0.7) ? random.int(1, 40) : 0;
  const recentlyStopped = running === 0 && random.chance(0.5);
  const stopped = recentlyStopped || random.chance(0.4) ? random.int(1, 12) : 0;
  const ago =
    running > 0
      ? random.int(30, 3 * HOUR)
      : recentlyStopped
        ? random.int(HOUR, 23 * HOUR)
        : random.int(DAY, 8 * 7 * DAY);
  return { lastInUse: before(now, ago, random), runningUnitCount: running, stoppedUnitCount: stopped };
}

export interface ClusterGenOptions {
  readonly region: string;
  readonly accountIds: readonly string[];
  readonly now: number;
  /** Share of clusters whose clusterMetadata is a union member the SDK does not know. */
  readonly unknownShare: number;
  /** Share of EKS namespaces with exactly 100 workloads. */
  readonly fullEksShare: number;
  /** Makes cluster names unique across images. */
  readonly prefix: string;
}

/** `count` clusters, about half ECS and half EKS, each with 1–3 details. */
export function generateClusters(random: Random, count: number, o: ClusterGenOptions): ClusterInformationWire[] {
  const out: ClusterInformationWire[] = [];
  for (let i = 0; i < count; i++) {
    const account = random.chance(0.75) ? o.accountIds[0] : random.pick(o.accountIds);
    const name = `${o.prefix}${random.pick(TEAMS)}-${random.pick(ENVS)}-${i + 1}`;
    if (random.chance(o.unknownShare)) {
      out.push({
        clusterArn: `arn:aws:ecs:${o.region}:${account}:cluster/${name}`,
        clusterDetails: [
          {
            ...usage(random, o.now),
            clusterMetadata: {
              awsFutureMetadataDetails: { platform: 'ECS_ANYWHERE', nodeGroup: `edge-${random.int(1, 9)}` },
            },
          },
        ],
      });
    } else if (random.chance(0.5)) {
      const details: ClusterDetailsWire[] = [];
      const groups = random.int(1, 3);
      for (let g = 0; g < groups; g++) {
        const app = `${random.pick(TEAMS)}-${random.pick(APPS)}`;
        const detailsGroup = random.chance(0.8) ? `service:${app}-${g + 1}` : `family:${app}`;
        details.push({
          ...usage(random, o.now),
          clusterMetadata: {
            awsEcsMetadataDetails: {
              detailsGroup,
              taskDefinitionArn: `arn:aws:ecs:${o.region}:${account}:task-definition/${app}:${random.int(1, 250)}`,
            },
          },
        });
      }
      out.push({ clusterArn: `arn:aws:ecs:${o.region}:${account}:cluster/${name}`, clusterDetails: details });
    } else {
      const details: ClusterDetailsWire[] = [];
      const namespaces = random.int(1, 2);
      for (let n = 0; n < namespaces; n++) {
        details.push({
          ...usage(random, o.now),
          clusterMetadata: {
            awsEksMetadataDetails: {
              namespace: `${random.pick(NAMESPACES)}-${n + 1}`,
              workloadInfoList: workloads(random, workloadCount(random, o.fullEksShare)),
            },
          },
        });
      }
      out.push({ clusterArn: `arn:aws:eks:${o.region}:${account}:cluster/${name}`, clusterDetails: details });
    }
  }
  return out;
}

export function bigImage(random: Random, now: number, clusters: number): EcrImageRecord {
  return {
    accountId: BIG_IMAGE.accountId,
    region: BIG_IMAGE.region,
    repository: BIG_IMAGE.repository,
    digest: digestOf(`image-footprint-big/${BIG_IMAGE.repository}:${BIG_IMAGE.tag}`),
    tags: [BIG_IMAGE.tag],
    covered: true,
    scanStatus: { status: 'ACTIVE', reason: 'SUCCESSFUL' },
    pushedAt: before(now, 30 * DAY, random),
    lastScannedAt: before(now, 2 * HOUR, random),
    imagePulledAt: before(now, 5 * 60, random),
    clusters: generateClusters(random, clusters, {
      region: BIG_IMAGE.region,
      accountIds: ['111122223333', '444455556666', '777788889999'],
      now,
      unknownShare: 0.01,
      fullEksShare: 0.05,
      prefix: 'big-',
    }),
  };
}

/** ECR images in every generated account and region (except the demo's own account+region). */
export function generatedImages(random: Random, now: number): EcrImageRecord[] {
  const out: EcrImageRecord[] = [];
  for (const region of GENERATED_REGIONS) {
    for (const accountId of GENERATED_ACCOUNTS) {
      if (accountId === BIG_IMAGE.accountId && region === BIG_IMAGE.region) continue;
      const repos = random.int(2, 4);
      for (let r = 0; r < repos; r++) {
        const repository = `${random.pick(TEAMS)}/${random.pick(APPS)}`;
        const versions = random.int(1, 3);
        for (let v = 0; v < versions; v++) {
          const version = `${random.int(0, 4)}.${random.int(0, 20)}.${random.int(0, 9)}`;
          const tags = random.chance(0.15) ? [] : v === versions - 1 ? [version, 'latest'] : [version];
          const covered = random.chance(0.9);
          out.push({
            accountId,
            region,
            repository,
            digest: digestOf(`image-footprint-gen/${accountId}/${region}/${repository}/${r}/${v}/${random.hex(8)}`),
            tags,
            covered,
            scanStatus: covered
              ? { status: 'ACTIVE', reason: 'SUCCESSFUL' }
              : { status: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED' },
            pushedAt: before(now, random.int(DAY, 120 * DAY), random),
            lastScannedAt: covered ? before(now, random.int(HOUR, 3 * DAY), random) : undefined,
            imagePulledAt: before(now, random.int(60, 20 * DAY), random),
            clusters: covered
              ? generateClusters(random, random.int(0, 40), {
                  region,
                  accountIds: [accountId],
                  now,
                  unknownShare: 0.03,
                  fullEksShare: 0.03,
                  prefix: '',
                })
              : [],
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- Image Builder

const REASONS: Record<string, string> = {
  FAILED: 'The operation failed: ResourceInUse: the resource is referenced by a launch template.',
  IN_PROGRESS: 'The lifecycle action is running.',
  SKIPPED: 'Skipped: the resource is excluded by a rule of the policy.',
  SUCCESS: 'The lifecycle action completed.',
  CANCELLED: 'Cancelled by user request.',
  CANCELLING: 'Cancellation requested; waiting for running actions to stop.',
  PENDING: 'Waiting for the lifecycle execution to start.',
};

const ACTION_REASONS: Record<string, string> = {
  AVAILABLE: 'Retained: among the most recent versions.',
  DELETE: 'Older than the retention period of the policy.',
  DEPRECATE: 'Older than the deprecation age of the policy.',
  DISABLE: 'Older than the disable age of the policy.',
};

export function status(value: string): WireStatus {
  return { status: value, reason: REASONS[value] };
}

export function snapshots(
  random: Random,
  count: number,
  states: readonly string[] = RESOURCE_STATES,
): LifecycleSnapshotWire[] {
  const out: LifecycleSnapshotWire[] = [];
  for (let i = 0; i < count; i++) {
    const state = states[i % states.length];
    out.push({ snapshotId: `snap-${random.hex(17)}`, state: status(state) });
  }
  return out;
}

/** Resource states consistent with the execution's own state. */
function resourceStates(executionState: string): readonly string[] {
  switch (executionState) {
    case 'SUCCESS':
      return ['SUCCESS', 'SUCCESS', 'SKIPPED'];
    case 'FAILED':
      return ['FAILED', 'SUCCESS', 'SKIPPED'];
    case 'CANCELLED':
    case 'CANCELLING':
      return ['SKIPPED', 'SUCCESS', 'IN_PROGRESS'];
    default:
      return ['IN_PROGRESS', 'SUCCESS', 'SKIPPED', 'FAILED'];
  }
}

function amiResources(
  random: Random,
  policy: { accountId: string; region: string; name: string },
  execution: { state: string; startTime: number },
  count: number,
): LifecycleResourceRecord[] {
  const out: LifecycleResourceRecord[] = [];
  const states = resourceStates(execution.state);
  for (let i = 0; i < count; i++) {
    const action = ACTIONS[(i + random.int(0, 3)) % ACTIONS.length];
    const state = states[i % states.length];
    const imageArn = `arn:aws:imagebuilder:${policy.region}:${policy.accountId}:image/${policy.name}-image/${random.int(1, 3)}.${random.int(0, 12)}.${i}/1`;
    const amis = random.chance(0.1) ? random.int(26, 40) : random.int(0, 6);
    const associated: LifecycleResourceRecord[] = [];
    for (let a = 0; a < amis; a++) {
      associated.push({
        accountId: random.chance(0.8) ? policy.accountId : random.pick(GENERATED_ACCOUNTS),
        resourceId: `ami-${random.hex(17)}`,
        region: random.pick(GENERATED_REGIONS),
        state: status(states[(i + a) % states.length]),
        action: { name: action, reason: ACTION_REASONS[action] },
        snapshots: snapshots(
          random,
          random.int(1, 4),
          RESOURCE_STATES.slice(a % 4).concat(RESOURCE_STATES.slice(0, a % 4)),
        ),
        startTime: execution.startTime + random.int(10, 300),
        ...(state !== 'IN_PROGRESS' && { endTime: execution.startTime + random.int(301, 900) }),
      });
    }
    out.push({
      accountId: policy.accountId,
      resourceId: imageArn,
      region: policy.region,
      state: status(state),
      action: { name: action, reason: ACTION_REASONS[action] },
      startTime: execution.startTime + random.int(1, 60),
      ...(state !== 'IN_PROGRESS' && { endTime: execution.startTime + random.int(901, 1200) }),
      associated,
    });
  }
  return out;
}

/**
 * A container policy's run as the service lists it: Image Builder image ARNs at the top (with the `imageUris` of their
 * ECR distributions, sometimes none), and under each, one associated resource per ECR distribution (account and
 * region) whose id is the image URI or its digest. Container rules only DELETE; the rest stays AVAILABLE.
 */
function containerResources(
  random: Random,
  policy: { accountId: string; region: string; name: string },
  execution: { state: string; startTime: number },
  count: number,
): LifecycleResourceRecord[] {
  const out: LifecycleResourceRecord[] = [];
  const states = resourceStates(execution.state);
  const recipe = policy.name.replace(/-retention.*$/, '');
  const repository = `${recipe}/app`;
  for (let i = 0; i < count; i++) {
    const action = random.chance(0.75) ? 'DELETE' : 'AVAILABLE';
    const state = states[i % states.length];
    const version = `${random.int(0, 3)}.${random.int(0, 30)}.${i}`;
    const digest = digestOf(`${repository}:${i}:${random.hex(6)}`);
    const distributions = [{ accountId: policy.accountId, region: policy.region }];
    if (random.chance(0.3)) distributions.push({ accountId: random.pick(GENERATED_ACCOUNTS), region: 'eu-west-1' });
    const uris = distributions.map((d) => imageUri({ ...d, repository, digest }, version));
    const end = state !== 'IN_PROGRESS' ? { endTime: execution.startTime + random.int(61, 600) } : {};
    out.push({
      accountId: policy.accountId,
      resourceId: `arn:aws:imagebuilder:${policy.region}:${policy.accountId}:image/${recipe}-app/${version}/1`,
      region: policy.region,
      state: status(state),
      action: { name: action, reason: ACTION_REASONS[action] },
      ...(random.chance(0.9) && { imageUris: uris }),
      startTime: execution.startTime + random.int(1, 60),
      ...end,
      associated: distributions.map((d, j) => ({
        accountId: d.accountId,
        resourceId: random.chance(0.5) ? digest : (uris[j] as string),
        region: d.region,
        state: status(state),
        action: { name: action, reason: ACTION_REASONS[action] },
        imageUris: [uris[j] as string],
        startTime: execution.startTime + random.int(1, 60),
        ...end,
      })),
    });
  }
  return out;
}

/** A policy's rules: AMI rules include AMIs (and mostly snapshots); container rules mostly include the ECR images. */
function policyDetails(random: Random, resourceType: string): LifecyclePolicyDetailWire[] {
  const filter = random.chance(0.5)
    ? { type: 'AGE', value: random.int(7, 365), unit: 'DAYS', retainAtLeast: random.int(1, 5) }
    : { type: 'COUNT', value: random.int(3, 20) };
  if (resourceType === 'CONTAINER_IMAGE') {
    return [{ action: { type: 'DELETE', includeResources: { containers: random.chance(0.7) } }, filter }];
  }
  return [
    { action: { type: 'DEPRECATE' }, filter: { type: 'AGE', value: 30, unit: 'DAYS' } },
    { action: { type: 'DELETE', includeResources: { amis: true, snapshots: random.chance(0.8) } }, filter },
  ];
}

/** Lifecycle policies, mostly in GENERATED_POLICY_REGION; across them every execution, action and resource state. */
export function generatedPolicies(random: Random, now: number): LifecyclePolicyRecord[] {
  const out: LifecyclePolicyRecord[] = [];
  const places: [string, number][] = [
    [GENERATED_POLICY_REGION, 30],
    ['eu-west-1', 6],
  ];
  for (const [region, count] of places) {
    for (let p = 0; p < count; p++) {
      const accountId = GENERATED_ACCOUNTS[p % GENERATED_ACCOUNTS.length];
      const resourceType = p % 2 === 0 ? 'AMI_IMAGE' : 'CONTAINER_IMAGE';
      const name = `${random.pick(TEAMS)}-${resourceType === 'AMI_IMAGE' ? 'ami' : 'container'}-retention-${p + 1}`;
      const created = before(now, random.int(30 * DAY, 400 * DAY), random);
      const executionCount = p === 0 ? 30 : random.int(0, 12);
      const executions: LifecycleExecutionRecord[] = [];
      for (let e = 0; e < executionCount; e++) {
        // The first policy holds one execution in each state; elsewhere recent runs may be live, older ones finished.
        const state =
          p === 0 && e < EXECUTION_STATES.length
            ? EXECUTION_STATES[e]
            : e === 0 && random.chance(0.3)
              ? random.pick(['IN_PROGRESS', 'PENDING', 'CANCELLING'])
              : random.pick(['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED', 'CANCELLED']);
        const startTime = before(now, e * DAY + random.int(60, 20 * HOUR), random);
        const live = state === 'IN_PROGRESS' || state === 'PENDING' || state === 'CANCELLING';
        const resourceCount = state === 'PENDING' ? 0 : random.chance(0.1) ? random.int(26, 60) : random.int(0, 12);
        const policyRef = { accountId, region, name };
        const executionRef = { state, startTime };
        executions.push({
          lifecycleExecutionId: `lce-${random.uuid()}`,
          state: status(state),
          startTime,
          ...(!live && { endTime: startTime + random.int(60, 3 * HOUR) }),
          resources:
            resourceType === 'AMI_IMAGE'
              ? amiResources(random, policyRef, executionRef, resourceCount)
              : containerResources(random, policyRef, executionRef, resourceCount),
        });
      }
      out.push({
        arn: `arn:aws:imagebuilder:${region}:${accountId}:lifecycle-policy/${name}`,
        name,
        accountId,
        region,
        description: `Generated ${resourceType === 'AMI_IMAGE' ? 'AMI' : 'container image'} retention policy`,
        status: random.chance(0.85) ? 'ENABLED' : 'DISABLED',
        executionRole: `arn:aws:iam::${accountId}:role/ImageBuilderLifecycleRole`,
        resourceType,
        dateCreated: created,
        dateUpdated: created + random.int(0, 20 * DAY),
        ...(executions.length > 0 && { dateLastRun: Math.max(...executions.map((x) => x.startTime)) }),
        tags: { generated: 'true', team: name.split('-')[0] },
        policyDetails: policyDetails(random, resourceType),
        executions,
      });
    }
  }
  return out;
}
