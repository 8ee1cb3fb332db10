/**
 * Amazon Resource Names, as returned by the AWS APIs: `arn:<partition>:<service>:<region>:<account>:<resource>`.
 *
 * - `parseArn(arn)` → the five fields, or `undefined` for anything that is not a well-formed ARN.
 * - `clusterNameFromArn(arn)` / `clusterServiceFromArn(arn)`: ECS and EKS cluster ARNs
 *   (`arn:aws:ecs:us-east-1:111122223333:cluster/prod-web` → `prod-web`, `'ecs'`).
 * - `parseTaskDefinitionArn(arn)`: `…:task-definition/shop-web:42` → `{ family: 'shop-web', revision: 42 }`.
 *
 * Pure functions, no `vscode` import; none of them throws, whatever it is given.
 */

export interface Arn {
  /** `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, … */
  readonly partition: string;
  readonly service: string;
  /** Empty for global resources. */
  readonly region: string;
  /** 12 digits, `aws` (AWS-owned Image Builder resources), or empty. */
  readonly accountId: string;
  /** Everything after the fifth colon; may itself contain `:` and `/`. */
  readonly resource: string;
}

export type ClusterService = 'ecs' | 'eks';

export interface TaskDefinitionRevision {
  readonly family: string;
  readonly revision: number;
}

/** Longer than any ARN the services we call return (their models cap ARNs at 2048). */
const MAX_ARN_LENGTH = 2048;
const PARTITION = /^aws(?:-[a-z0-9]+)*$/;
const SERVICE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REGION = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/;
const ACCOUNT = /^(?:\d{12}|aws(?:-[a-z-]+)?)?$/;
/** Control characters and whitespace never occur in the resource part of the ARNs we handle. */
const BAD_RESOURCE_CHAR = /[\s\p{Cc}]/u;
const TASK_DEFINITION_RESOURCE = /^task-definition\/([A-Za-z0-9_-]{1,255}):(\d{1,10})$/;

export function parseArn(arn: string): Arn | undefined {
  if (typeof arn !== 'string' || arn.length > MAX_ARN_LENGTH) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, accountId] = parts;
  const resource = parts.slice(5).join(':');
  if (!PARTITION.test(partition) || !SERVICE.test(service) || !REGION.test(region) || !ACCOUNT.test(accountId)) {
    return undefined;
  }
  if (resource.length === 0 || BAD_RESOURCE_CHAR.test(resource)) return undefined;
  return { partition, service, region, accountId, resource };
}

/**
 * An ECS or EKS cluster ARN in one regular expression (on the hot path of every cluster row): the same partition,
 * region and account rules as `parseArn`, and the Inspector2 model's `cluster/[a-zA-Z0-9_-]+` resource.
 */
const CLUSTER_ARN =
  /^arn:aws(?:-[a-z0-9]+)*:(ecs|eks):(?:[a-z0-9]+(?:-[a-z0-9]+)*)?:(?:\d{12}|aws(?:-[a-z-]+)?)?:cluster\/([A-Za-z0-9_-]+)$/;

/** The service and name of an ECS or EKS cluster ARN; undefined for anything else. */
export function parseClusterArn(arn: string): { service: ClusterService; name: string } | undefined {
  if (typeof arn !== 'string' || arn.length > MAX_ARN_LENGTH) return undefined;
  const match = CLUSTER_ARN.exec(arn);
  return match ? { service: match[1] as ClusterService, name: match[2] as string } : undefined;
}

/** The cluster name of an ECS or EKS cluster ARN; undefined for anything else. */
export function clusterNameFromArn(arn: string): string | undefined {
  return parseClusterArn(arn)?.name;
}

/** `'ecs'` or `'eks'` for a cluster ARN of that service; undefined for anything else. */
export function clusterServiceFromArn(arn: string): ClusterService | undefined {
  return parseClusterArn(arn)?.service;
}

/** Family and revision of an ECS task definition ARN (`…:task-definition/<family>:<revision>`). */
export function parseTaskDefinitionArn(arn: string): TaskDefinitionRevision | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'ecs') return undefined;
  const match = TASK_DEFINITION_RESOURCE.exec(parsed.resource);
  if (!match) return undefined;
  const revision = Number(match[2]);
  // ECS revisions start at 1 and are 32-bit integers.
  if (!Number.isInteger(revision) || revision < 1 || revision > 2_147_483_647) return undefined;
  return { family: match[1], revision };
}
