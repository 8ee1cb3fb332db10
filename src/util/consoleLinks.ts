/**
 * Links into the AWS Management Console, built from ARNs (and ECR image references) that came from the APIs.
 *
 * - `consoleHost(partition)`: `console.aws.amazon.com` (aws), `console.amazonaws.cn` (aws-cn),
 *   `console.amazonaws-us-gov.com` (aws-us-gov); undefined for partitions without a public console.
 * - `clusterConsoleUrl(clusterArn)`: ECS `…/ecs/v2/clusters/<name>?region=…` or EKS `…/eks/clusters/<name>?region=…`.
 * - `taskDefinitionConsoleUrl(taskDefinitionArn)`: `…/ecs/v2/task-definitions/<family>/<revision>/containers?region=…`.
 * - `ecrImageConsoleUrl(image)`: with a digest `…/ecr/repositories/private/<account>/<repository>/_/image/<digest>/details`,
 *   otherwise the repository page (the console has no page per tag). Takes an `EcrImageRef` or the text of an image URI
 *   or Inspector resource id.
 * - `lifecyclePolicyConsoleUrl(policyArn)`: `…/imagebuilder/home?region=…#/lifecyclePolicies/<policy ARN>`.
 *
 * Every URL is https, on the partition's console host, and every component taken from the input is
 * `encodeURIComponent`ed; the `/` of repository paths and the `:` and `/` separators of digests and ARNs are kept, as
 * the console's own URLs have them. Anything that does not parse gives undefined; nothing
 * throws. Pure functions, no `vscode` import.
 */

import { type EcrImageRef, parseEcrImage } from '../inspector/imageRef';
import { clusterNameFromArn, clusterServiceFromArn, parseArn, parseTaskDefinitionArn } from './arn';

const CONSOLE_HOSTS: ReadonlyMap<string, string> = new Map([
  ['aws', 'console.aws.amazon.com'],
  ['aws-cn', 'console.amazonaws.cn'],
  ['aws-us-gov', 'console.amazonaws-us-gov.com'],
]);

/** `LifecyclePolicyArn` in the Image Builder model. */
const LIFECYCLE_POLICY_ARN =
  /^arn:aws(?:-[a-z]+)*:imagebuilder:[a-z]{2,}(?:-[a-z]+)+-[0-9]+:(?:[0-9]{12}|aws):lifecycle-policy\/[a-z0-9-_]+$/;

const enc = encodeURIComponent;

/**
 * `encodeURIComponent` on every piece of `text` between the separators, which are kept as they are. `separator` has one
 * capturing group around one character, so `split` puts the separators at the odd indexes.
 */
function encodeBetween(text: string, separator: RegExp): string {
  return text
    .split(separator)
    .map((piece, i) => (i % 2 === 1 ? piece : enc(piece)))
    .join('');
}

export function consoleHost(partition: string): string | undefined {
  return CONSOLE_HOSTS.get(partition);
}

/** `https://<host>/<path>?region=<region>[#fragment]`, or undefined when the partition has no console or no region. */
function consoleUrl(partition: string, region: string, path: string, fragment = ''): string | undefined {
  const host = consoleHost(partition);
  if (!host || !region) return undefined;
  return `https://${host}/${path}?region=${enc(region)}${fragment}`;
}

export function clusterConsoleUrl(clusterArn: string): string | undefined {
  const arn = parseArn(clusterArn);
  const name = clusterNameFromArn(clusterArn);
  const service = clusterServiceFromArn(clusterArn);
  if (!arn || name === undefined || service === undefined) return undefined;
  const path = service === 'ecs' ? `ecs/v2/clusters/${enc(name)}` : `eks/clusters/${enc(name)}`;
  return consoleUrl(arn.partition, arn.region, path);
}

export function taskDefinitionConsoleUrl(taskDefinitionArn: string): string | undefined {
  const arn = parseArn(taskDefinitionArn);
  const taskDefinition = parseTaskDefinitionArn(taskDefinitionArn);
  if (!arn || !taskDefinition) return undefined;
  const path = `ecs/v2/task-definitions/${enc(taskDefinition.family)}/${enc(String(taskDefinition.revision))}/containers`;
  return consoleUrl(arn.partition, arn.region, path);
}

export function ecrImageConsoleUrl(image: EcrImageRef | string): string | undefined {
  let ref: EcrImageRef;
  if (typeof image === 'string') {
    const parsed = parseEcrImage(image);
    if (!parsed.ok) return undefined;
    ref = parsed.ref;
  } else {
    ref = image;
  }
  const base = `ecr/repositories/private/${enc(ref.accountId)}/${encodeBetween(ref.repository, /(\/)/)}`;
  const path = ref.digest !== undefined ? `${base}/_/image/${encodeBetween(ref.digest, /(:)/)}/details` : base;
  return consoleUrl(ref.partition, ref.region, path);
}

export function lifecyclePolicyConsoleUrl(policyArn: string): string | undefined {
  if (typeof policyArn !== 'string' || !LIFECYCLE_POLICY_ARN.test(policyArn)) return undefined;
  const arn = parseArn(policyArn);
  if (!arn) return undefined;
  // The console routes on the ARN itself, separators included.
  return consoleUrl(
    arn.partition,
    arn.region,
    'imagebuilder/home',
    `#/lifecyclePolicies/${encodeBetween(policyArn, /([:/])/)}`,
  );
}
