/**
 * The demo story, with fixed names so the README, the demo Dockerfile and the tests agree:
 * a shop runs web, api and worker images; the container lifecycle policy (which deletes the ECR images too) is deleting
 * the Image Builder image of `shop/worker:0.9.7` while its ECR image still runs in the `batch-jobs` ECS cluster.
 * Container runs have the service's real two-level shape: Image Builder image ARNs at the top, ECR images under them. The shared base image is used by about 350 clusters.
 * Only times depend on `now`; names, digests and ids never change (the seed does not touch them).
 */
import { DAY, generateClusters, HOUR, snapshots, status } from './generate';
import type {
  ClusterInformationWire,
  CoveredResourceWire,
  EcrImageRecord,
  LifecyclePolicyRecord,
  LifecycleResourceRecord,
} from './model';
import { imageUri, registryHost } from './model';
import { digestOf, Random } from './random';

const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const ORG_ACCOUNT = '444455556666';

export const DEMO = {
  accountId: ACCOUNT,
  region: REGION,
  /** A second account of the organisation, running some clusters of the base image. */
  orgAccountId: ORG_ACCOUNT,
  registry: registryHost(ACCOUNT, REGION),
  images: {
    web: { repository: 'shop/web', tag: '1.4.2' },
    api: { repository: 'shop/api', tag: '2.0.0' },
    worker: { repository: 'shop/worker', tag: '0.9.7' },
    oldWeb: { repository: 'shop/web', tag: '1.3.0' },
    uncovered: { repository: 'shop/web', tag: '1.2.0' },
    base: { repository: 'platform/base', tag: '2026.11' },
  },
  /** Approximate number of clusters using `platform/base:2026.11`. */
  baseClusters: 350,
  policies: {
    container: 'shop-container-retention',
    /** A container policy whose rule keeps the ECR images (includeResources.containers false). */
    containerKept: 'shop-builder-cleanup',
    ami: 'golden-ami-retention',
  },
  /** Execution ids, newest first within each policy. */
  executions: {
    containerInProgress: 'lce-c0a1b2c3-0001-4d00-8a00-000000000001',
    containerSuccess: 'lce-c0a1b2c3-0002-4d00-8a00-000000000002',
    containerFailed: 'lce-c0a1b2c3-0003-4d00-8a00-000000000003',
    containerCancelled: 'lce-c0a1b2c3-0004-4d00-8a00-000000000004',
    containerNoImpact: 'lce-c0a1b2c3-0005-4d00-8a00-000000000005',
    /** shop-builder-cleanup: DELETE of the Image Builder image of shop/api:2.0.0, whose ECR image is kept (and runs). */
    containerKept: 'lce-c0a1b2c3-0006-4d00-8a00-000000000006',
    amiInProgress: 'lce-a0a1b2c3-0001-4d00-8a00-000000000001',
    amiSuccess: 'lce-a0a1b2c3-0002-4d00-8a00-000000000002',
    amiFailed: 'lce-a0a1b2c3-0003-4d00-8a00-000000000003',
  },
  /** The Image Builder image (parent) whose 60 AMIs take several pages at 25. */
  amiParentWith60: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image/golden-al2023/2026.9.1/1`,
} as const;

export function demoDigest(repository: string, tag: string): string {
  return digestOf(`image-footprint-demo/${repository}:${tag}`);
}

const ecsArn = (name: string, account = ACCOUNT): string => `arn:aws:ecs:${REGION}:${account}:cluster/${name}`;
const eksArn = (name: string, account = ACCOUNT): string => `arn:aws:eks:${REGION}:${account}:cluster/${name}`;
const taskDefinition = (family: string, revision: number): string =>
  `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;

function image(
  repository: string,
  tags: string[],
  now: number,
  clusters: ClusterInformationWire[],
  covered = true,
): EcrImageRecord {
  return {
    accountId: ACCOUNT,
    region: REGION,
    repository,
    digest: demoDigest(repository, tags[0]),
    tags,
    covered,
    scanStatus: covered
      ? { status: 'ACTIVE', reason: 'SUCCESSFUL' }
      : { status: 'INACTIVE', reason: 'SCAN_ELIGIBILITY_EXPIRED' },
    pushedAt: now - 40 * DAY,
    lastScannedAt: now - 3 * HOUR,
    imagePulledAt: now - 20 * 60,
    clusters,
  };
}

function images(now: number): EcrImageRecord[] {
  const base = generateClusters(new Random(2026), DEMO.baseClusters, {
    region: REGION,
    accountIds: [ACCOUNT, ORG_ACCOUNT],
    now,
    unknownShare: 0.012,
    fullEksShare: 0.06,
    prefix: '',
  });
  return [
    image('shop/web', ['1.4.2', 'latest'], now, [
      {
        clusterArn: ecsArn('prod-web'),
        clusterDetails: [
          {
            lastInUse: now - 95.5,
            runningUnitCount: 12,
            stoppedUnitCount: 3,
            clusterMetadata: {
              awsEcsMetadataDetails: { detailsGroup: 'service:web', taskDefinitionArn: taskDefinition('shop-web', 42) },
            },
          },
        ],
      },
      {
        clusterArn: ecsArn('staging-web'),
        clusterDetails: [
          {
            lastInUse: now - 600,
            runningUnitCount: 2,
            stoppedUnitCount: 1,
            clusterMetadata: {
              awsEcsMetadataDetails: { detailsGroup: 'service:web', taskDefinitionArn: taskDefinition('shop-web', 43) },
            },
          },
        ],
      },
      {
        clusterArn: eksArn('prod-eks'),
        clusterDetails: [
          {
            lastInUse: now - 60.25,
            runningUnitCount: 9,
            stoppedUnitCount: 4,
            clusterMetadata: {
              awsEksMetadataDetails: {
                namespace: 'shop',
                workloadInfoList: [
                  { name: 'web', type: 'Deployment' },
                  { name: 'web-canary', type: 'Deployment' },
                  { name: 'cache-warmer', type: 'CronJob' },
                ],
              },
            },
          },
        ],
      },
    ]),
    image('shop/api', ['2.0.0'], now, [
      {
        clusterArn: eksArn('prod-eks'),
        clusterDetails: [
          {
            lastInUse: now - 120,
            runningUnitCount: 6,
            stoppedUnitCount: 0,
            clusterMetadata: {
              awsEksMetadataDetails: {
                namespace: 'api',
                workloadInfoList: [
                  { name: 'api', type: 'Deployment' },
                  { name: 'api-db-migrate', type: 'Job' },
                ],
              },
            },
          },
        ],
      },
      {
        clusterArn: eksArn('dev-eks'),
        clusterDetails: [
          {
            lastInUse: now - 2 * HOUR,
            runningUnitCount: 1,
            stoppedUnitCount: 2,
            clusterMetadata: {
              awsEksMetadataDetails: { namespace: 'api', workloadInfoList: [{ name: 'api', type: 'Deployment' }] },
            },
          },
        ],
      },
    ]),
    image('shop/worker', ['0.9.7'], now, [
      {
        clusterArn: ecsArn('batch-jobs'),
        clusterDetails: [
          {
            lastInUse: now - 180,
            runningUnitCount: 2,
            stoppedUnitCount: 5,
            clusterMetadata: {
              awsEcsMetadataDetails: {
                detailsGroup: 'family:worker',
                taskDefinitionArn: taskDefinition('shop-worker', 7),
              },
            },
          },
        ],
      },
    ]),
    image('shop/web', ['1.3.0'], now, [
      {
        clusterArn: ecsArn('staging-web'),
        clusterDetails: [
          {
            lastInUse: now - 6 * HOUR,
            runningUnitCount: 0,
            stoppedUnitCount: 2,
            clusterMetadata: {
              awsEcsMetadataDetails: { detailsGroup: 'service:web', taskDefinitionArn: taskDefinition('shop-web', 41) },
            },
          },
        ],
      },
      {
        clusterArn: ecsArn('prod-web'),
        clusterDetails: [
          {
            lastInUse: now - 23 * DAY,
            runningUnitCount: 0,
            stoppedUnitCount: 0,
            clusterMetadata: {
              awsEcsMetadataDetails: { detailsGroup: 'service:web', taskDefinitionArn: taskDefinition('shop-web', 39) },
            },
          },
        ],
      },
    ]),
    image('shop/web', ['1.2.0'], now, [], false),
    image('platform/base', ['2026.11'], now, base),
  ];
}

function otherCoverage(now: number): CoveredResourceWire[] {
  return [
    {
      resourceType: 'AWS_EC2_INSTANCE',
      resourceId: 'i-0a1b2c3d4e5f60718',
      accountId: ACCOUNT,
      region: REGION,
      scanType: 'PACKAGE',
      scanStatus: { statusCode: 'ACTIVE', reason: 'SUCCESSFUL' },
      resourceMetadata: {
        ec2: { platform: 'LINUX', amiId: 'ami-0c1d2e3f4a5b6c7d8', tags: { Name: 'bastion' } },
      },
      lastScannedAt: now - 5 * HOUR,
      scanMode: 'EC2_SSM_AGENT_BASED',
    },
    {
      resourceType: 'AWS_LAMBDA_FUNCTION',
      resourceId: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-thumbnailer`,
      accountId: ACCOUNT,
      region: REGION,
      scanType: 'PACKAGE',
      scanStatus: { statusCode: 'ACTIVE', reason: 'SUCCESSFUL' },
      resourceMetadata: { lambdaFunction: { functionName: 'shop-thumbnailer', runtime: 'NODEJS_20_X' } },
      lastScannedAt: now - 9 * HOUR,
    },
  ];
}

// ---------------------------------------------------------------- lifecycle policies

/** An ECR distribution of a demo image: the demo account and region unless given. */
interface Distribution {
  readonly accountId?: string;
  readonly region?: string;
  /** The associated resource's id: the digest (default) or the image URI. */
  readonly by?: 'digest' | 'uri';
}

/**
 * A container image as a container lifecycle policy's run lists it: at the top the Image Builder image
 * (`image/<repo with - for />/<version>/1`) with the URIs of its ECR distributions in `imageUris` (unless `noUris`),
 * and under it (`parentResourceId` = that ARN) one resource per ECR distribution, whose id is its digest or URI.
 */
function containerImage(
  repository: string,
  tag: string,
  action: string,
  actionReason: string,
  state: string,
  start: number,
  options: { distributions?: readonly Distribution[]; noUris?: boolean; reason?: string } = {},
): LifecycleResourceRecord {
  const digest = demoDigest(repository, tag);
  const distributions = options.distributions ?? [{}];
  const end = state !== 'IN_PROGRESS' ? { endTime: start + 42.5 } : {};
  const stateOf = { ...status(state), ...(options.reason !== undefined && { reason: options.reason }) };
  const associated = distributions.map((d): LifecycleResourceRecord => {
    const ref = { accountId: d.accountId ?? ACCOUNT, region: d.region ?? REGION, repository, digest };
    return {
      accountId: ref.accountId,
      resourceId: d.by === 'uri' ? imageUri(ref, tag) : digest,
      region: ref.region,
      state: stateOf,
      action: { name: action, reason: actionReason },
      imageUris: [imageUri(ref, tag)],
      startTime: start + 1,
      ...end,
    };
  });
  return {
    accountId: ACCOUNT,
    resourceId: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image/${repository.replace(/\//g, '-')}/${tag}/1`,
    region: REGION,
    state: stateOf,
    action: { name: action, reason: actionReason },
    ...(!options.noUris && { imageUris: associated.flatMap((a) => a.imageUris ?? []) }),
    startTime: start,
    ...end,
    associated,
  };
}

function amis(
  count: number,
  random: Random,
  action: string,
  resourceState: string,
  start: number,
  snapshotStates: readonly string[],
): LifecycleResourceRecord[] {
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];
  const out: LifecycleResourceRecord[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      accountId: i % 5 === 4 ? ORG_ACCOUNT : ACCOUNT,
      resourceId: `ami-${random.hex(17)}`,
      region: regions[i % regions.length],
      state: status(resourceState),
      action: { name: action },
      snapshots: snapshots(random, 1 + (i % 3), snapshotStates.slice(i % snapshotStates.length).concat(snapshotStates)),
      startTime: start + 30 + i,
      ...(resourceState !== 'IN_PROGRESS' && { endTime: start + 300 + i }),
    });
  }
  return out;
}

function policies(now: number): LifecyclePolicyRecord[] {
  const E = DEMO.executions;
  const role = `arn:aws:iam::${ACCOUNT}:role/ImageBuilderLifecycleRole`;
  const keep = 'Retained: among the 3 most recent versions.';
  const old = 'Older than 60 days and not among the 3 most recent versions.';
  const t1 = now - 15 * 60; // the run going on now
  const t2 = now - DAY - 20 * 60;
  const t3 = now - 8 * DAY;
  const t4 = now - 15 * DAY;
  const t5 = now - 22 * DAY;
  const container: LifecyclePolicyRecord = {
    arn: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:lifecycle-policy/${DEMO.policies.container}`,
    name: DEMO.policies.container,
    accountId: ACCOUNT,
    region: REGION,
    description: 'Keep the 3 newest shop images; deprecate after 30 days, delete after 60.',
    status: 'ENABLED',
    executionRole: role,
    resourceType: 'CONTAINER_IMAGE',
    dateCreated: now - 200 * DAY,
    dateUpdated: now - 31 * DAY,
    dateLastRun: t1,
    tags: { team: 'shop' },
    policyDetails: [
      {
        action: { type: 'DELETE', includeResources: { containers: true } },
        filter: { type: 'AGE', value: 60, unit: 'DAYS', retainAtLeast: 3 },
        exclusionRules: { tagMap: { keep: 'true' } },
      },
    ],
    resourceSelection: { tagMap: { team: 'shop' } },
    executions: [
      {
        lifecycleExecutionId: E.containerInProgress,
        state: { status: 'IN_PROGRESS', reason: 'Deleting 3 container images.' },
        startTime: t1,
        resources: [
          // Distributed to us-east-1 (where it runs) and us-west-2 (an ECR image Inspector does not cover).
          containerImage('shop/worker', '0.9.7', 'DELETE', old, 'IN_PROGRESS', t1 + 600, {
            distributions: [{}, { region: 'us-west-2', by: 'uri' }],
          }),
          containerImage('shop/web', '1.3.0', 'DELETE', old, 'SUCCESS', t1 + 30, { distributions: [{ by: 'uri' }] }),
          // No imageUris at the top: the ECR image is named only by the associated resource.
          containerImage('shop/web', '1.2.0', 'DELETE', old, 'SUCCESS', t1 + 20, { noUris: true }),
          containerImage('shop/api', '1.9.0', 'DELETE', old, 'SKIPPED', t1 + 25, {
            reason: 'Excluded by the tag keep=true.',
          }),
          containerImage('shop/web', '1.4.2', 'AVAILABLE', keep, 'SUCCESS', t1 + 10),
          containerImage('shop/api', '2.0.0', 'AVAILABLE', keep, 'SUCCESS', t1 + 12),
        ],
      },
      {
        lifecycleExecutionId: E.containerSuccess,
        state: status('SUCCESS'),
        startTime: t2,
        endTime: t2 + 540,
        resources: [
          containerImage('shop/web', '1.1.0', 'DELETE', old, 'SUCCESS', t2 + 30),
          containerImage('shop/api', '1.9.0', 'DELETE', old, 'SKIPPED', t2 + 50, {
            reason: 'Excluded by the tag keep=true.',
          }),
          containerImage('shop/web', '1.3.0', 'AVAILABLE', keep, 'SUCCESS', t2 + 40),
          containerImage('shop/worker', '0.9.7', 'AVAILABLE', keep, 'SUCCESS', t2 + 45),
          containerImage('shop/web', '1.4.2', 'AVAILABLE', keep, 'SUCCESS', t2 + 10),
        ],
      },
      {
        lifecycleExecutionId: E.containerFailed,
        state: { status: 'FAILED', reason: 'Access denied deleting images: ecr:BatchDeleteImage is not allowed.' },
        startTime: t3,
        endTime: t3 + 95,
        resources: [
          containerImage('shop/web', '1.0.0', 'DELETE', old, 'FAILED', t3 + 20, {
            reason: 'AccessDeniedException: not authorized to perform ecr:BatchDeleteImage on repository shop/web.',
          }),
        ],
      },
      {
        lifecycleExecutionId: E.containerCancelled,
        state: { status: 'CANCELLED', reason: 'Cancelled by user request.' },
        startTime: t4,
        endTime: t4 + 30,
        resources: [containerImage('shop/web', '1.0.0', 'DELETE', old, 'SKIPPED', t4 + 5)],
      },
      {
        lifecycleExecutionId: E.containerNoImpact,
        state: status('SUCCESS'),
        startTime: t5,
        endTime: t5 + 12,
        resources: [],
      },
    ],
  };

  // Cleans up Image Builder's own image resources only: the ECR images stay (includeResources.containers false).
  const kept: LifecyclePolicyRecord = {
    arn: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:lifecycle-policy/${DEMO.policies.containerKept}`,
    name: DEMO.policies.containerKept,
    accountId: ACCOUNT,
    region: REGION,
    description: 'Remove Image Builder image resources after 30 days; ECR images are kept.',
    status: 'ENABLED',
    executionRole: role,
    resourceType: 'CONTAINER_IMAGE',
    dateCreated: now - 120 * DAY,
    dateUpdated: now - 120 * DAY,
    dateLastRun: t2 + 3600,
    tags: { team: 'shop' },
    policyDetails: [
      {
        action: { type: 'DELETE', includeResources: { containers: false } },
        filter: { type: 'AGE', value: 30, unit: 'DAYS' },
      },
    ],
    resourceSelection: { recipes: [{ name: 'shop-api', semanticVersion: '2.x.x' }] },
    executions: [
      {
        lifecycleExecutionId: E.containerKept,
        state: status('SUCCESS'),
        startTime: t2 + 3600,
        endTime: t2 + 3700,
        resources: [containerImage('shop/api', '2.0.0', 'DELETE', 'Older than 30 days.', 'SUCCESS', t2 + 3610)],
      },
    ],
  };

  const random = new Random(11);
  const a1 = now - 20 * 60;
  const a2 = now - 7 * DAY;
  const a3 = now - 14 * DAY;
  const image = (version: string): string =>
    `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:image/golden-al2023/${version}/1`;
  const all = ['SUCCESS', 'FAILED', 'SKIPPED', 'IN_PROGRESS'];
  const ami: LifecyclePolicyRecord = {
    arn: `arn:aws:imagebuilder:${REGION}:${ACCOUNT}:lifecycle-policy/${DEMO.policies.ami}`,
    name: DEMO.policies.ami,
    accountId: ACCOUNT,
    region: REGION,
    description: 'Golden AMIs: deprecate after 30 days, disable after 60, delete after 90.',
    status: 'ENABLED',
    executionRole: role,
    resourceType: 'AMI_IMAGE',
    dateCreated: now - 300 * DAY,
    dateUpdated: now - 60 * DAY,
    dateLastRun: a1,
    tags: { team: 'platform' },
    policyDetails: [
      { action: { type: 'DEPRECATE' }, filter: { type: 'AGE', value: 30, unit: 'DAYS' } },
      { action: { type: 'DISABLE' }, filter: { type: 'AGE', value: 60, unit: 'DAYS' } },
      {
        action: { type: 'DELETE', includeResources: { amis: true, snapshots: true } },
        filter: { type: 'AGE', value: 90, unit: 'DAYS', retainAtLeast: 2 },
      },
    ],
    resourceSelection: { recipes: [{ name: 'golden-al2023', semanticVersion: 'x.x.x' }] },
    executions: [
      {
        lifecycleExecutionId: E.amiInProgress,
        state: status('IN_PROGRESS'),
        startTime: a1,
        resources: [
          {
            accountId: ACCOUNT,
            resourceId: image('2026.8.1'),
            region: REGION,
            state: status('IN_PROGRESS'),
            action: { name: 'DELETE', reason: 'Older than 90 days.' },
            startTime: a1 + 5,
            associated: amis(4, random, 'DELETE', 'IN_PROGRESS', a1, all),
          },
          {
            accountId: ACCOUNT,
            resourceId: DEMO.amiParentWith60,
            region: REGION,
            state: status('SUCCESS'),
            action: { name: 'DEPRECATE', reason: 'Older than 30 days.' },
            startTime: a1 + 6,
            endTime: a1 + 400,
            associated: amis(60, random, 'DEPRECATE', 'SUCCESS', a1, ['SUCCESS', 'SUCCESS', 'SKIPPED']),
          },
          {
            accountId: ACCOUNT,
            resourceId: image('2026.7.2'),
            region: REGION,
            state: { status: 'FAILED', reason: 'One or more AMIs could not be disabled.' },
            action: { name: 'DISABLE', reason: 'Older than 60 days.' },
            startTime: a1 + 7,
            endTime: a1 + 200,
            associated: amis(3, random, 'DISABLE', 'FAILED', a1, ['FAILED', 'SUCCESS']),
          },
          {
            accountId: ACCOUNT,
            resourceId: image('2026.11.1'),
            region: REGION,
            state: status('SUCCESS'),
            action: { name: 'AVAILABLE', reason: 'The newest version is kept available.' },
            startTime: a1 + 8,
            endTime: a1 + 9,
            associated: amis(2, random, 'AVAILABLE', 'SUCCESS', a1, ['SKIPPED']),
          },
        ],
      },
      {
        lifecycleExecutionId: E.amiSuccess,
        state: status('SUCCESS'),
        startTime: a2,
        endTime: a2 + 1800,
        resources: [
          {
            accountId: ACCOUNT,
            resourceId: image('2026.6.1'),
            region: REGION,
            state: status('SUCCESS'),
            action: { name: 'DELETE', reason: 'Older than 90 days.' },
            startTime: a2 + 5,
            endTime: a2 + 1700,
            associated: amis(5, random, 'DELETE', 'SUCCESS', a2, ['SUCCESS']),
          },
        ],
      },
      {
        lifecycleExecutionId: E.amiFailed,
        state: { status: 'FAILED', reason: 'The execution role cannot call ec2:DeregisterImage.' },
        startTime: a3,
        endTime: a3 + 60,
        resources: [],
      },
    ],
  };
  return [container, kept, ami];
}

/** The demo story's images, other covered resources and lifecycle policies. */
export function demoData(now: number): {
  images: EcrImageRecord[];
  otherCoverage: CoveredResourceWire[];
  lifecyclePolicies: LifecyclePolicyRecord[];
} {
  return { images: images(now), otherCoverage: otherCoverage(now), lifecyclePolicies: policies(now) };
}
