/**
 * Pure descriptions of Image Builder lifecycle data for the tree: what a resource is (AMI, Image Builder image,
 * container image), short labels, which resources warrant an in-use check and which ECR images that check asks about,
 * what a policy's DELETE does to ECR images, the worst of several in-use answers, and the execution id pattern.
 * No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import type { FootprintError } from '../aws/errors';
import type { LifecyclePolicy, LifecycleResource, StatusWithReason } from '../aws/types';
import { formatCount } from '../util/format';
import { parseEcrImage, shortImageLabel, type EcrImageRef } from '../inspector/imageRef';
import type { ImageUsage } from '../inspector/imageUsage';
import { isRegionName } from '../settings';

/** `lce-` + a UUID (Image Builder's LifecycleExecutionId pattern). */
const EXECUTION_ID = /^lce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Undefined when `input` is a valid execution id; otherwise what is wrong and what is expected. */
export function validateExecutionId(input: string): string | undefined {
  const value = input.trim();
  if (value === '') return l10n.t('Enter a lifecycle execution id (lce-…).');
  if (EXECUTION_ID.test(value)) return undefined;
  if (!value.startsWith('lce-')) {
    return l10n.t('Not a lifecycle execution id: "{0}". Expected lce- followed by a UUID.', clip(value));
  }
  return l10n.t(
    'Not a lifecycle execution id: "{0}". Expected lce-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal).',
    clip(value),
  );
}

/** An execution the user opened by id, as the view saves it in workspace state. */
export interface OpenedExecution {
  readonly id: string;
  readonly region: string;
}

/** How many opened executions are kept; older ones beyond this are dropped from (corrupt or huge) saved state. */
export const MAX_OPENED_EXECUTIONS = 100;

/**
 * The well-formed entries of saved (possibly corrupt) state: a valid id and region, each (id, region) once (two rows
 * with one id would break the tree), at most MAX_OPENED_EXECUTIONS.
 */
export function restoreOpenedExecutions(saved: unknown): OpenedExecution[] {
  if (!Array.isArray(saved)) return [];
  const seen = new Set<string>();
  const opened: OpenedExecution[] = [];
  for (const e of saved) {
    if (opened.length >= MAX_OPENED_EXECUTIONS) break;
    const v = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof v.id !== 'string' || typeof v.region !== 'string') continue;
    if (validateExecutionId(v.id) !== undefined || v.id !== v.id.trim() || !isRegionName(v.region)) continue;
    const key = `${v.region}/${v.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    opened.push({ id: v.id, region: v.region });
  }
  return opened;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export type ResourceKind = 'ami' | 'imageBuilderImage' | 'containerImage' | 'other';

/** What a resource is and its short label, worked out together in one pass (a tree row asks for both). */
export interface ResourceDescription {
  readonly kind: ResourceKind;
  readonly label: string;
}

const AMI_ID = /^ami-[0-9a-f]{8,17}$/;
const BARE_DIGEST = /^sha256:[a-f0-9]{64}$/;
/**
 * An Image Builder image ARN in one regular expression, on the path of every lifecycle resource row: the same
 * partition, region, account and resource rules as `parseArn` (util/arn.ts), service `imagebuilder`, resource
 * `image/…`; group 1 is the path after `image/`. One test instead of `parseArn`'s split, join and five tests.
 */
const IMAGE_BUILDER_IMAGE_ARN =
  /^arn:aws(?:-[a-z0-9]+)*:imagebuilder:(?:[a-z0-9]+(?:-[a-z0-9]+)*)?:(?:\d{12}|aws(?:-[a-z-]+)?)?:image\/([^\s\p{Cc}]*)$/u;
/** `parseArn`'s limit. */
const MAX_ARN_LENGTH = 2048;

/** The path after `image/` of an Image Builder image ARN (`name/1.0.0/3`), or undefined for any other id. */
function imageBuilderImagePath(id: string): string | undefined {
  if (id.length > MAX_ARN_LENGTH || !id.startsWith('arn:')) return undefined;
  return IMAGE_BUILDER_IMAGE_ARN.exec(id)?.[1];
}

/**
 * The kind of a resource and its short label: the AMI id, `name 1.0.0/3` for an Image Builder image, `repo:tag` for
 * a container image. Each id is tested once (a resource row is built for every resource of a run).
 */
export function describeResource(resource: LifecycleResource): ResourceDescription {
  const id = resource.resourceId ?? '';
  const fallback = id || l10n.t('(no resource id)');
  if (id.startsWith('ami-') && AMI_ID.test(id)) return { kind: 'ami', label: id };
  const path = imageBuilderImagePath(id);
  if (path !== undefined) {
    const slash = path.indexOf('/');
    return {
      kind: 'imageBuilderImage',
      // Joined as one flat string (see resourceNodes.ts, joinParts).
      label: slash < 0 ? path : [path.slice(0, slash), path.slice(slash + 1)].join(' '),
    };
  }
  const own = parseEcrImage(id);
  if (resource.imageUris.length > 0 || own.ok || BARE_DIGEST.test(id)) {
    return {
      kind: 'containerImage',
      label: containerLabel(own.ok ? own.ref : undefined, resource.imageUris) ?? fallback,
    };
  }
  return { kind: resource.snapshots.length > 0 ? 'ami' : 'other', label: fallback };
}

/** `repo:tag`, else `repo@sha256:…` (shortened), of the first of the id and the image URIs that is an ECR image. */
function containerLabel(own: EcrImageRef | undefined, imageUris: readonly string[]): string | undefined {
  let ref = own;
  for (let i = 0; !ref && i < imageUris.length; i++) {
    const parsed = parseEcrImage(imageUris[i] ?? '');
    if (parsed.ok) ref = parsed.ref;
  }
  if (!ref) return undefined;
  return ref.tag && !ref.impliedLatest
    ? `${ref.repository}:${ref.tag}`
    : ref.digest
      ? `${ref.repository}@${ref.digest.slice(0, 19)}…`
      : ref.repository;
}

export function resourceKind(resource: LifecycleResource): ResourceKind {
  return describeResource(resource).kind;
}

/** A short label: the AMI id, `name 1.0.0/3` for an Image Builder image, `repo:tag` for a container image. */
export function resourceLabel(resource: LifecycleResource): string {
  return describeResource(resource).label;
}

/** At most this many ECR images (distributions) of one resource are checked. */
export const MAX_IMAGES_PER_RESOURCE = 10;

/** The ECR images a resource names (its id and its image URIs), for the in-use check: one per repository. */
export function containerImagesOf(resource: LifecycleResource): EcrImageRef[] {
  return ecrImagesOf(resource, []);
}

/**
 * The ECR images to check for a resource: one per distribution (account, region, repository), each by digest where
 * one is known (tags move; a digest is the image for good). Sources, best first: the associated resources (their id
 * is a URI or a bare digest, their `imageUris` name the repository), then the resource's own id and `imageUris`.
 * Associated resources that the run skipped or kept are not being removed: they are left out. A bare digest names
 * the same image in every distribution (ECR digests are content addresses), so it is applied to all of them when the
 * image has exactly one.
 */
export function ecrImagesOf(resource: LifecycleResource, associated: readonly LifecycleResource[]): EcrImageRef[] {
  const groups = new Map<string, EcrImageRef>();
  const digests = new Set<string>();
  const add = (ref: EcrImageRef): void => {
    if (ref.impliedLatest && !ref.digest) return;
    const key = JSON.stringify([ref.partition, ref.accountId, ref.region, ref.repository]);
    const known = groups.get(key);
    if (!known || (!known.digest && ref.digest)) groups.set(key, ref);
  };
  const fromResource = (r: LifecycleResource): void => {
    const id = r.resourceId ?? '';
    const bare = BARE_DIGEST.test(id) ? id : undefined;
    if (bare) digests.add(bare);
    for (const candidate of [id, ...r.imageUris]) {
      const parsed = parseEcrImage(candidate);
      if (!parsed.ok) continue;
      if (parsed.ref.digest) digests.add(parsed.ref.digest);
      add(bare && !parsed.ref.digest ? withDigest(parsed.ref, bare) : parsed.ref);
    }
  };
  for (const r of associated) {
    if (r.state?.status === 'SKIPPED' || !isDestructiveAction(r)) continue;
    fromResource(r);
  }
  fromResource(resource);
  const onlyDigest = digests.size === 1 ? [...digests][0] : undefined;
  const refs = [...groups.values()].map((ref) => (!ref.digest && onlyDigest ? withDigest(ref, onlyDigest) : ref));
  return refs.slice(0, MAX_IMAGES_PER_RESOURCE);
}

function withDigest(ref: EcrImageRef, digest: string): EcrImageRef {
  const { impliedLatest: _implied, ...rest } = ref;
  return { ...rest, digest };
}

const DESTRUCTIVE_ACTIONS = new Set(['DELETE', 'DEPRECATE', 'DISABLE']);

/** Actions that take an image out of use: the ones worth warning about when the image still runs. */
export function isDestructiveAction(resource: LifecycleResource): boolean {
  return DESTRUCTIVE_ACTIONS.has(resource.action?.name ?? '');
}

/**
 * Whether a resource may warrant an in-use check at all: an Image Builder image or a container image that the run
 * takes out of use and did not skip (SKIPPED = an exclusion rule protected it; it is still there and not a warning).
 * AMIs and AVAILABLE resources never cause a request.
 */
export function mayNeedUsageCheck(resource: LifecycleResource, kind: ResourceKind): boolean {
  if (kind !== 'containerImage' && kind !== 'imageBuilderImage') return false;
  return isDestructiveAction(resource) && resource.state?.status !== 'SKIPPED';
}

/** What the extension knows of a policy's rules (GetLifecyclePolicy), for what a DELETE did to ECR images. */
export interface PolicyFacts {
  readonly resourceType?: string;
  /**
   * Whether a DELETE also deletes the distributed ECR images (`includeResources.containers`): true if a DELETE rule
   * includes them, false if DELETE rules say they are not included, undefined when unknown (not read, not said).
   */
  readonly deletesContainers?: boolean;
  /** Why the policy could not be read, when it could not. */
  readonly error?: FootprintError;
}

export function policyFacts(policy: LifecyclePolicy): PolicyFacts {
  const deleteRules = policy.rules.filter((r) => r.actionType === 'DELETE');
  const flags = deleteRules.map((r) => r.includeResources.containers);
  const deletesContainers = flags.includes(true) ? true : flags.includes(false) ? false : undefined;
  return { resourceType: policy.resourceType, deletesContainers };
}

/** How bad one in-use answer is for an image being removed: higher is worse. */
export type UsageVerdict = 'running' | 'recent' | 'failed' | 'notCovered' | 'notInUse' | 'cancelled';

const VERDICT_RANK = new Map<UsageVerdict, number>([
  ['running', 5],
  ['recent', 4],
  ['failed', 3],
  ['notCovered', 2],
  ['notInUse', 1],
  ['cancelled', 0],
]);

export function usageVerdict(usage: ImageUsage): UsageVerdict {
  if (usage.kind === 'notCovered') return 'notCovered';
  if (usage.kind === 'error') return usage.error.kind === 'cancelled' ? 'cancelled' : 'failed';
  if (usage.summary.runningClusters > 0) return 'running';
  if (usage.summary.inUseClusters > 0) return 'recent';
  return 'notInUse';
}

/** One checked ECR image and its answer. */
export interface ImageUsageResult {
  readonly ref: EcrImageRef;
  readonly usage: ImageUsage;
}

/** The worst of several images' answers, with the clusters added up over the images that share that verdict. */
export interface CombinedUsage {
  readonly verdict: UsageVerdict;
  readonly runningClusters: number;
  readonly inUseClusters: number;
  /** More clusters exist than were fetched for at least one image. */
  readonly more: boolean;
}

export function combineUsage(results: readonly ImageUsageResult[]): CombinedUsage {
  let verdict: UsageVerdict = 'cancelled';
  let runningClusters = 0;
  let inUseClusters = 0;
  let more = false;
  for (const { usage } of results) {
    const v = usageVerdict(usage);
    if ((VERDICT_RANK.get(v) ?? 0) > (VERDICT_RANK.get(verdict) ?? 0)) verdict = v;
    if (usage.kind === 'covered') {
      runningClusters += usage.summary.runningClusters;
      inUseClusters += usage.summary.inUseClusters;
      more ||= usage.more && usage.summary.inUseClusters > 0;
    }
  }
  return { verdict, runningClusters, inUseClusters, more };
}

/** What the check found for a resource, ready for the row. */
export type UsageFinding =
  | { readonly kind: 'kept' }
  | { readonly kind: 'checked'; readonly results: readonly ImageUsageResult[]; readonly combined: CombinedUsage };

/**
 * The words of the row's in-use part. `urgent` = the DELETE removes the ECR image itself (the policy includes
 * containers, or the row is the ECR image) and it still runs: running tasks and pods keep their copy, new ones will
 * fail to pull it.
 */
export function usageWords(
  resource: LifecycleResource,
  finding: UsageFinding,
  deletesEcrImage: boolean | undefined,
): { readonly text: string | undefined; readonly inUse: boolean; readonly urgent: boolean } {
  const action = resource.action?.name ?? '';
  const state = resource.state?.status;
  if (finding.kind === 'kept') {
    const text =
      action !== 'DELETE' || state === 'FAILED'
        ? l10n.t('ECR image kept')
        : state === 'SUCCESS'
          ? l10n.t('Image Builder image deleted; ECR image kept')
          : l10n.t('Image Builder image being deleted; ECR image kept');
    return { text, inUse: false, urgent: false };
  }
  const { verdict, runningClusters, inUseClusters, more } = finding.combined;
  // `{2}` of the messages below: "+" when more clusters exist than were read.
  const plus = more ? '+' : '';
  const urgent = verdict === 'running' && action === 'DELETE' && deletesEcrImage === true && state !== 'FAILED';
  switch (verdict) {
    case 'running':
      return { text: runningWords(action, runningClusters, plus, urgent), inUse: true, urgent };
    case 'recent':
      return {
        text:
          inUseClusters === 1
            ? l10n.t('{0} — used in the last 24 h in {1} cluster{2}', action, formatCount(inUseClusters), plus)
            : l10n.t('{0} — used in the last 24 h in {1} clusters{2}', action, formatCount(inUseClusters), plus),
        inUse: true,
        urgent: false,
      };
    case 'failed':
      return { text: l10n.t('in-use check failed'), inUse: false, urgent: false };
    case 'notCovered':
      return { text: l10n.t('not covered by Inspector'), inUse: false, urgent: false };
    case 'notInUse':
      return { text: l10n.t('not in use'), inUse: false, urgent: false };
    default:
      return { text: undefined, inUse: false, urgent: false };
  }
}

/** "DELETE — still running in 3 clusters", one message per plural form, with the urgent ending or without. */
function runningWords(action: string, clusters: number, plus: string, urgent: boolean): string {
  const n = formatCount(clusters);
  if (urgent) {
    return clusters === 1
      ? l10n.t('{0} — still running in {1} cluster{2}; new tasks and pods will fail to pull it', action, n, plus)
      : l10n.t('{0} — still running in {1} clusters{2}; new tasks and pods will fail to pull it', action, n, plus);
  }
  return clusters === 1
    ? l10n.t('{0} — still running in {1} cluster{2}', action, n, plus)
    : l10n.t('{0} — still running in {1} clusters{2}', action, n, plus);
}

/** A short name for one checked image among several: `repo:tag` or `repo@sha256:…`, with its region and account. */
export function imageUsageLabel(ref: EcrImageRef): string {
  return `${shortImageLabel(ref)} (${ref.region}, ${ref.accountId})`;
}

/** Whether an execution may still change (worth refreshing). */
export function isExecutionActive(execution: { readonly state?: StatusWithReason } | undefined): boolean {
  const s = execution?.state?.status;
  return s === 'IN_PROGRESS' || s === 'PENDING' || s === 'CANCELLING';
}

export function shortExecutionId(id: string): string {
  return id.length > 17 ? `${id.slice(0, 17)}…` : id;
}
