/**
 * The SDK's wire shapes → the plain types of `aws/types.ts`: every field checked, unknown union members kept as
 * "unknown", empty strings and tokens normalised. Part of the AWS layer bundle (`dist/aws.js`); split from `layer.ts`,
 * which keeps the clients and the calls.
 */
import type {
  ClusterInformation,
  ClusterMetadata as SdkClusterMetadata,
  CoveredResource,
} from '@aws-sdk/client-inspector2';
import type {
  LifecycleExecution as SdkLifecycleExecution,
  LifecycleExecutionResource,
} from '@aws-sdk/client-imagebuilder';
import type {
  ClusterDetail,
  ClusterInfo,
  ClusterMetadata,
  CoveredImage,
  EksWorkload,
  LifecycleExecution,
  LifecyclePolicyRule,
  LifecycleResource,
} from '../types';

export function optionalDate(value: Date | undefined): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
}

/*
 * The SDK checks dates and numbers of the wire, but passes structures and lists on as they came: an endpoint that is
 * not AWS (or a proxy) may send a number where a string belongs, or a string where a list does. Fields of the wrong
 * type are dropped here, so the rest of the extension can trust the types of src/aws/types.ts; a top-level list that
 * is not one makes the whole answer unreadable (ResponseShapeError, shown as "could not be read").
 */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function items<T>(value: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(value) ? value : [];
}

export function object<T extends object>(value: T | undefined | null): T | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function status<S extends string>(
  value: { status?: S; reason?: string } | undefined,
): { status?: S; reason?: string } | undefined {
  const v = object(value);
  return v ? { status: text(v.status) as S | undefined, reason: text(v.reason) } : undefined;
}

/** The top-level list of an answer: absent is empty, anything but a list is an answer that cannot be read. */
export function topList<T>(operation: string, member: string, value: readonly T[] | undefined | null): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw Object.assign(new Error(`${operation} answered with "${member}" that is not a list.`), {
      name: 'ResponseShapeError',
    });
  }
  return value.filter((v) => typeof v === 'object' && v !== null);
}

export function toMetadata(value: SdkClusterMetadata | undefined): ClusterMetadata {
  const metadata = object(value);
  const ecs = metadata && 'awsEcsMetadataDetails' in metadata ? object(metadata.awsEcsMetadataDetails) : undefined;
  if (ecs) {
    return {
      kind: 'ecs',
      detailsGroup: text(ecs.detailsGroup) ?? '',
      taskDefinitionArn: text(ecs.taskDefinitionArn) ?? '',
    };
  }
  const eks = metadata && 'awsEksMetadataDetails' in metadata ? object(metadata.awsEksMetadataDetails) : undefined;
  if (eks) {
    return {
      kind: 'eks',
      namespace: text(eks.namespace),
      workloads: toWorkloads(items(eks.workloadInfoList)),
    };
  }
  const unknown = metadata && '$unknown' in metadata ? metadata.$unknown : undefined;
  return { kind: 'unknown', tag: Array.isArray(unknown) && typeof unknown[0] === 'string' ? unknown[0] : undefined };
}

/**
 * EKS workloads (up to 100 per namespace): the SDK's own array when every entry is well-formed (the usual case, and
 * no copy), otherwise the well-formed entries with missing strings as ''.
 */
export function toWorkloads(list: readonly unknown[]): readonly EksWorkload[] {
  const wellFormed = (w: unknown): w is EksWorkload =>
    typeof w === 'object' &&
    w !== null &&
    typeof (w as EksWorkload).name === 'string' &&
    typeof (w as EksWorkload).type === 'string';
  if (list.every(wellFormed)) return list;
  return list.flatMap((w) => {
    const workload = object(w as Partial<EksWorkload>);
    return workload ? [{ name: text(workload.name) ?? '', type: text(workload.type) ?? '' }] : [];
  });
}

export function toClusterInfo(cluster: ClusterInformation): ClusterInfo {
  const details: ClusterDetail[] = [];
  for (const value of items(cluster.clusterDetails)) {
    const d = object(value);
    if (!d) continue;
    details.push({
      lastInUse: optionalDate(d.lastInUse),
      runningUnitCount: count(d.runningUnitCount),
      stoppedUnitCount: count(d.stoppedUnitCount),
      metadata: toMetadata(d.clusterMetadata),
    });
  }
  return { clusterArn: text(cluster.clusterArn) ?? '', details };
}

export function toCoveredImage(r: CoveredResource): CoveredImage {
  const metadata = object(r.resourceMetadata);
  const image = object(metadata?.ecrImage);
  const scan = object(r.scanStatus);
  return {
    resourceId: text(r.resourceId) ?? '',
    accountId: text(r.accountId) ?? '',
    repository: text(object(metadata?.ecrRepository)?.name),
    tags: items(image?.tags).filter((t): t is string => typeof t === 'string'),
    scanStatus: text(scan?.statusCode),
    scanStatusReason: text(scan?.reason),
    lastInUseAt: optionalDate(image?.lastInUseAt),
    inUseCount: count(image?.inUseCount),
  };
}

export function toExecution(e: SdkLifecycleExecution): LifecycleExecution {
  return {
    lifecycleExecutionId: text(e.lifecycleExecutionId) ?? '',
    lifecyclePolicyArn: text(e.lifecyclePolicyArn),
    hasImpactedResources: object(e.resourcesImpactedSummary)?.hasImpactedResources === true,
    state: status(e.state),
    startTime: optionalDate(e.startTime),
    endTime: optionalDate(e.endTime),
  };
}

export function toResource(r: LifecycleExecutionResource): LifecycleResource {
  const action = object(r.action);
  return {
    accountId: text(r.accountId),
    resourceId: text(r.resourceId),
    region: text(r.region),
    state: status(r.state),
    action: action ? { name: text(action.name), reason: text(action.reason) } : undefined,
    snapshots: items(r.snapshots).flatMap((value) => {
      const s = object(value);
      return s ? [{ snapshotId: text(s.snapshotId), state: status(s.state) }] : [];
    }),
    imageUris: items(r.imageUris).filter((u): u is string => typeof u === 'string'),
    startTime: optionalDate(r.startTime),
    endTime: optionalDate(r.endTime),
  };
}

export function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function toPolicyRule(value: unknown): LifecyclePolicyRule[] {
  const rule = object(value as object | undefined) as { action?: unknown } | undefined;
  if (!rule) return [];
  const action = object(rule.action as object | undefined) as
    { type?: unknown; includeResources?: unknown } | undefined;
  const include = object(action?.includeResources as object | undefined) as Record<string, unknown> | undefined;
  const includeResources: { amis?: boolean; snapshots?: boolean; containers?: boolean } = {};
  for (const key of ['amis', 'snapshots', 'containers'] as const) {
    const value = flag(include?.[key]);
    if (value !== undefined) includeResources[key] = value;
  }
  return [{ actionType: text(action?.type), includeResources }];
}

export function emptyToUndefined(token: unknown): string | undefined {
  return typeof token === 'string' && token ? token : undefined;
}
