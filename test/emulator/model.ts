/**
 * The emulator's data model. Everything is kept in the services' own wire shapes (restJson1, timestamps as epoch
 * seconds), so serving a page is a slice and `JSON.stringify`; tests read the same objects to compute what a correct
 * client must see.
 */

/** `{ status, reason }` as both services send it. */
export interface WireStatus {
  status: string;
  reason?: string;
}

// ---------------------------------------------------------------- Inspector2

export interface EcsMetadataWire {
  awsEcsMetadataDetails: { detailsGroup: string; taskDefinitionArn: string };
}

export interface EksWorkloadWire {
  name: string;
  type: string;
}

export interface EksMetadataWire {
  awsEksMetadataDetails: { namespace?: string; workloadInfoList?: EksWorkloadWire[] };
}

/** The tagged union; any other single key stands for a member a newer service sends and the SDK does not know. */
export type ClusterMetadataWire = EcsMetadataWire | EksMetadataWire | { [futureMember: string]: unknown };

export interface ClusterDetailsWire {
  lastInUse: number;
  runningUnitCount?: number;
  stoppedUnitCount?: number;
  clusterMetadata: ClusterMetadataWire;
}

export interface ClusterInformationWire {
  clusterArn: string;
  clusterDetails: ClusterDetailsWire[];
}

/** One ECR image (one digest) that Inspector knows, with the clusters that use it. */
export interface EcrImageRecord {
  accountId: string;
  region: string;
  /** Repository name, e.g. `shop/web`. */
  repository: string;
  /** `sha256:<64 hex>` */
  digest: string;
  tags: string[];
  /** False = Inspector does not cover it: ListCoverage does not list it and GetClustersForImage finds nothing. */
  covered: boolean;
  scanStatus: WireStatus;
  pushedAt: number;
  lastScannedAt?: number;
  imagePulledAt?: number;
  clusters: ClusterInformationWire[];
}

/** A covered resource that is not an ECR image (EC2 instance, Lambda function), served by ListCoverage as is. */
export interface CoveredResourceWire {
  resourceType: string;
  resourceId: string;
  accountId: string;
  scanType: string;
  scanStatus?: { statusCode: string; reason: string };
  resourceMetadata?: Record<string, unknown>;
  lastScannedAt?: number;
  scanMode?: string;
  /** The region the resource lives in (not a wire member; ListCoverage is regional). */
  region: string;
}

// ---------------------------------------------------------------- Image Builder

export interface LifecycleSnapshotWire {
  snapshotId: string;
  state: WireStatus;
}

export interface LifecycleResourceRecord {
  accountId: string;
  resourceId: string;
  region: string;
  state: WireStatus;
  action: { name: string; reason?: string };
  snapshots?: LifecycleSnapshotWire[];
  imageUris?: string[];
  startTime?: number;
  endTime?: number;
  /** Resources under this one (AMIs of an Image Builder image): served with `parentResourceId` = this `resourceId`. */
  associated?: LifecycleResourceRecord[];
}

export interface LifecycleExecutionRecord {
  lifecycleExecutionId: string;
  state: WireStatus;
  startTime: number;
  endTime?: number;
  resources: LifecycleResourceRecord[];
}

/** `policyDetails[]` of GetLifecyclePolicy, in wire form. */
export interface LifecyclePolicyDetailWire {
  action: {
    type: string;
    /** Which distributed resources the action also applies to; containers = the ECR images of an Image Builder image. */
    includeResources?: { amis?: boolean; snapshots?: boolean; containers?: boolean };
  };
  filter: { type: string; value: number; unit?: string; retainAtLeast?: number };
  exclusionRules?: { tagMap?: Record<string, string>; amis?: Record<string, unknown> };
}

/** A rule like the console's default: delete after 60 days, the distributed resources included. */
export function defaultPolicyDetails(resourceType: string): LifecyclePolicyDetailWire[] {
  return [
    {
      action: {
        type: 'DELETE',
        includeResources: resourceType === 'CONTAINER_IMAGE' ? { containers: true } : { amis: true, snapshots: true },
      },
      filter: { type: 'AGE', value: 60, unit: 'DAYS' },
    },
  ];
}

export interface LifecyclePolicyRecord {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  description?: string;
  status: string;
  executionRole: string;
  resourceType: string;
  dateCreated: number;
  dateUpdated: number;
  dateLastRun?: number;
  tags?: Record<string, string>;
  /** 1–3 rules (GetLifecyclePolicy `policyDetails`); absent = `defaultPolicyDetails(resourceType)`. */
  policyDetails?: LifecyclePolicyDetailWire[];
  /** GetLifecyclePolicy `resourceSelection`: the recipes (or tags) the policy applies to. */
  resourceSelection?: { recipes?: { name: string; semanticVersion: string }[]; tagMap?: Record<string, string> };
  executions: LifecycleExecutionRecord[];
}

// ---------------------------------------------------------------- the whole data set

export interface EmulatorData {
  /** The data set's "now", epoch seconds: every generated time is relative to it. */
  now: number;
  /** Share (0–1) of pages that are cut short while still carrying a token, decided per query and offset. */
  shortPageRate: number;
  images: EcrImageRecord[];
  /** ListCoverage entries other than ECR images and repositories (which are derived from `images`). */
  otherCoverage: CoveredResourceWire[];
  lifecyclePolicies: LifecyclePolicyRecord[];
}

// ---------------------------------------------------------------- names derived from the data

export function registryHost(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

export function repositoryArn(accountId: string, region: string, repository: string): string {
  return `arn:aws:ecr:${region}:${accountId}:repository/${repository}`;
}

/** Inspector2's resourceId of an ECR image: `<repository ARN>/sha256:<digest>`. */
export function imageResourceId(image: Pick<EcrImageRecord, 'accountId' | 'region' | 'repository' | 'digest'>): string {
  return `${repositoryArn(image.accountId, image.region, image.repository)}/${image.digest}`;
}

/** `<registry>/<repository>:<tag>`, or `@sha256:…` when no tag is given. */
export function imageUri(
  image: Pick<EcrImageRecord, 'accountId' | 'region' | 'repository' | 'digest'>,
  tag?: string,
): string {
  const base = `${registryHost(image.accountId, image.region)}/${image.repository}`;
  return tag === undefined ? `${base}@${image.digest}` : `${base}:${tag}`;
}

/** Finds an image by repository and tag (first match in data order), in any account and region unless given. */
export function findImage(
  data: EmulatorData,
  repository: string,
  tag: string,
  where: { accountId?: string; region?: string } = {},
): EcrImageRecord | undefined {
  return data.images.find(
    (i) =>
      i.repository === repository &&
      i.tags.includes(tag) &&
      (where.accountId === undefined || i.accountId === where.accountId) &&
      (where.region === undefined || i.region === where.region),
  );
}

/** Every execution of the data set with its policy. */
export function allExecutions(
  data: EmulatorData,
): { policy: LifecyclePolicyRecord; execution: LifecycleExecutionRecord }[] {
  return data.lifecyclePolicies.flatMap((policy) => policy.executions.map((execution) => ({ policy, execution })));
}
