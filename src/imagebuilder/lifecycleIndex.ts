/**
 * The lifecycle index: what recent runs of the container lifecycle policies of a region did to ECR images, and the
 * fate of one image reference read from it. Pure (no `vscode`): the requests go through a `LifecycleIndexSource`
 * (the AWS layer in the extension and in the emulator tests), the words of a Problems entry are built here too.
 *
 * Requests for one region, all bounded:
 *   ListLifecyclePolicies (every page, at most MAX_PAGES) → the CONTAINER_IMAGE policies (the API filters by name and
 *   status only: the resource type is filtered here)
 *   ListLifecycleExecutions per policy (every page) → sorted by startTime: the newest run plus those within the window
 *   ListLifecycleExecutionResources per run (every page) → the Image Builder images the run acted on
 *   ListLifecycleExecutionResources with parentResourceId per image that a DELETE/DEPRECATE/DISABLE took (not SKIPPED)
 *   → the ECR images under it, with their digests (at most `maxChildLists` per region; beyond, the image URIs of the
 *   parent are used, by tag, and the index says it is partial)
 *   GetLifecyclePolicy per policy with such a run → does a DELETE remove the ECR images (includeResources.containers)
 * At most `concurrency` requests run at once. A failure of any request fails the region: a partial index would
 * read as "nothing deleted", which is the one wrong answer this must never give.
 */
import type {
  LifecycleExecution,
  LifecyclePolicy,
  LifecyclePolicySummary,
  LifecycleResource,
  LifecycleResourcesPage,
  Page,
} from '../aws/types';
import { shortImageLabel, type EcrImageRef } from '../inspector/imageRef';
import type { ImageReference } from '../references/model';
import type { ImageUsage } from '../inspector/imageUsage';
import {
  ecrImagesOf,
  isDestructiveAction,
  mayNeedUsageCheck,
  policyFacts,
  resourceKind,
  type PolicyFacts,
} from './lifecycleModel';

/** The requests the index makes (the extension passes the AWS layer, GetLifecyclePolicy through the view's cache). */
export interface LifecycleIndexSource {
  listPolicies(region: string, token: string | undefined, signal: AbortSignal): Promise<Page<LifecyclePolicySummary>>;
  listExecutions(
    region: string,
    policyArn: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecycleExecution>>;
  listResources(
    region: string,
    executionId: string,
    parentResourceId: string | undefined,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<LifecycleResourcesPage>;
  policy(region: string, policyArn: string, signal: AbortSignal): Promise<LifecyclePolicy>;
}

export interface LifecycleIndexOptions {
  /** Runs that started within this many days are read, besides the newest run of each policy. */
  readonly windowDays: number;
  /** "Now", epoch milliseconds. */
  readonly now: number;
  /** Pages of one list followed at most. */
  readonly maxPages: number;
  /** ListLifecycleExecutionResources calls with a parentResourceId, at most, per region. */
  readonly maxChildLists: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
}

export const DEFAULT_INDEX_OPTIONS: Omit<LifecycleIndexOptions, 'now'> = {
  windowDays: 14,
  maxPages: 40,
  maxChildLists: 400,
  concurrency: 3,
};

/** What one run did to one ECR image. */
export interface ImageFate {
  readonly policyArn: string;
  readonly policyName: string;
  /** The region of the policy (and of its runs). */
  readonly region: string;
  readonly executionId: string;
  readonly executionStart?: Date;
  /** DELETE, DEPRECATE or DISABLE. */
  readonly action: string;
  /** The resource's state: SUCCESS, FAILED, IN_PROGRESS. */
  readonly state?: string;
  readonly reason?: string;
  /** When the action happened (the resource's end, else its start, else the run's start). */
  readonly date?: Date;
  /** The Image Builder image the run acted on, when the ECR image is under one. */
  readonly imageBuilderArn?: string;
  /** The ECR image: digest when the run said it, tag as the run listed it. */
  readonly image: EcrImageRef;
  /**
   * Whether the action removes the ECR image itself: true for a DELETE of an ECR image or of an Image Builder image
   * whose policy includes the containers; false when the policy keeps them; undefined when the policy did not say.
   */
  readonly removesImage?: boolean;
}

export interface RegionIndex {
  readonly region: string;
  readonly builtAt: number;
  readonly fates: readonly ImageFate[];
  /** Some lists were cut at the bounds: the answer may miss images. */
  readonly partial: boolean;
  readonly requests: number;
  readonly policies: number;
  readonly executions: number;
}

/** A small semaphore (kept here so the index stays pure; ImageUsageService has its own). */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Builds the index of one region. Rejects with the first request's error (after aborting the others). */
export async function buildRegionIndex(
  source: LifecycleIndexSource,
  region: string,
  options: LifecycleIndexOptions,
  signal: AbortSignal,
): Promise<RegionIndex> {
  const inner = new AbortController();
  const stop = (): void => inner.abort();
  signal.addEventListener('abort', stop, { once: true });
  const gate = new Gate(Math.max(1, Math.min(options.concurrency, 3)));
  let requests = 0;
  let partial = false;
  let childLists = 0;
  const call = <T>(task: (s: AbortSignal) => Promise<T>): Promise<T> =>
    gate.run(() => {
      if (inner.signal.aborted) throw abortError();
      requests++;
      return task(inner.signal);
    });
  const allPages = async <T>(load: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> => {
    const items: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < options.maxPages; page++) {
      const got = await load(token);
      items.push(...got.items);
      if (!got.nextToken || got.nextToken === token) return items;
      token = got.nextToken;
    }
    partial = true;
    return items;
  };

  try {
    const summaries = await allPages((t) => call((s) => source.listPolicies(region, t, s)));
    const containerPolicies = summaries.filter((p) => p.arn && p.resourceType === 'CONTAINER_IMAGE');
    let executionCount = 0;
    const perPolicy = await Promise.all(
      containerPolicies.map(async (policy) => {
        const executions = await allPages((t) => call((s) => source.listExecutions(region, policy.arn, t, s)));
        const chosen = recentExecutions(executions, options);
        executionCount += chosen.length;
        let facts: Promise<PolicyFacts> | undefined;
        const factsOf = (): Promise<PolicyFacts> =>
          (facts ??= call((s) => source.policy(region, policy.arn, s)).then(policyFacts));
        const perRun = await Promise.all(
          chosen.map(async (execution) => {
            const resources = await allPages((t) =>
              call((s) => source.listResources(region, execution.lifecycleExecutionId, undefined, t, s)),
            );
            const taken = resources.filter((r) => mayNeedUsageCheck(r, resourceKind(r)));
            if (taken.length === 0) return [];
            const policyRead = factsOf();
            // Awaited below, after the child lists: marked handled now so an early failure is not "unhandled".
            policyRead.catch(() => undefined);
            const out = await Promise.all(
              taken.map(async (resource) => {
                let associated: LifecycleResource[] = [];
                if (resourceKind(resource) === 'imageBuilderImage' && resource.resourceId) {
                  if (childLists < options.maxChildLists) {
                    childLists++;
                    associated = await allPages((t) =>
                      call((s) =>
                        source.listResources(region, execution.lifecycleExecutionId, resource.resourceId, t, s),
                      ),
                    );
                  } else {
                    partial = true;
                  }
                }
                return fatesOfResource(policy, region, execution, resource, associated, await policyRead);
              }),
            );
            return out.flat();
          }),
        );
        return perRun.flat();
      }),
    );
    return {
      region,
      builtAt: options.now,
      fates: perPolicy.flat(),
      partial,
      requests,
      policies: containerPolicies.length,
      executions: executionCount,
    };
  } catch (err) {
    inner.abort();
    throw err;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** The newest run of a policy, and every run that started within the window; newest first. */
export function recentExecutions(
  executions: readonly LifecycleExecution[],
  options: Pick<LifecycleIndexOptions, 'windowDays' | 'now'>,
): LifecycleExecution[] {
  const sorted = [...executions].sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0));
  const since = options.now - options.windowDays * 86_400_000;
  return sorted.filter((e, i) => i === 0 || (e.startTime !== undefined && e.startTime.getTime() >= since));
}

function fatesOfResource(
  policy: LifecyclePolicySummary,
  region: string,
  execution: LifecycleExecution,
  resource: LifecycleResource,
  associated: readonly LifecycleResource[],
  facts: PolicyFacts,
): ImageFate[] {
  const kind = resourceKind(resource);
  const action = resource.action?.name ?? '';
  const removesImage =
    action !== 'DELETE' ? false : kind === 'containerImage' ? true : facts.error ? undefined : facts.deletesContainers;
  return ecrImagesOf(resource, associated).map((image) => ({
    policyArn: policy.arn,
    policyName: policy.name ?? policy.arn,
    region,
    executionId: execution.lifecycleExecutionId,
    executionStart: execution.startTime,
    action,
    state: resource.state?.status,
    reason: resource.state?.reason,
    date: resource.endTime ?? resource.startTime ?? execution.startTime,
    imageBuilderArn: kind === 'imageBuilderImage' ? resource.resourceId : undefined,
    image,
    removesImage,
  }));
}

// ---------------------------------------------------------------- one reference

export type MatchKind = 'digest' | 'tag';

export interface FateMatch {
  readonly fate: ImageFate;
  readonly match: MatchKind;
}

const sameRepository = (a: EcrImageRef, b: EcrImageRef): boolean =>
  a.partition === b.partition && a.accountId === b.accountId && a.region === b.region && a.repository === b.repository;

/**
 * The fate that counts for a reference: matched by digest when the reference has one, by tag otherwise (a digest
 * reference never matches by tag: the tag of a pinned reference is for people). A removal is final, so the newest
 * run that removed the image wins; otherwise the newest run that acted on it.
 */
export function fateOf(fates: readonly ImageFate[], ref: EcrImageRef): FateMatch | undefined {
  const candidates: FateMatch[] = [];
  for (const fate of fates) {
    const match = imageMatch(fate.image, ref);
    if (match) candidates.push({ fate, match });
  }
  const time = (m: FateMatch): number => m.fate.date?.getTime() ?? m.fate.executionStart?.getTime() ?? 0;
  candidates.sort((a, b) => time(b) - time(a));
  return candidates.find((m) => isRemoval(m.fate)) ?? candidates[0];
}

/** Whether a reference names an image a run acted on: by digest when the reference has one, else by tag. */
export function imageMatch(image: EcrImageRef, ref: EcrImageRef): MatchKind | undefined {
  if (!sameRepository(image, ref)) return undefined;
  if (ref.digest) return image.digest === ref.digest ? 'digest' : undefined;
  return ref.tag && image.tag === ref.tag && !image.impliedLatest ? 'tag' : undefined;
}

/** A workspace reference to one of a run's images (the Lifecycle view's "referenced in N files"). */
export interface ReferenceHit<U> {
  readonly uri: U;
  readonly reference: ImageReference;
  readonly match: MatchKind;
}

/** The references (of the Workspace Images index) to any of `images`, in file order. */
export function referencesTo<U>(
  files: readonly { readonly uri: U; readonly references: readonly ImageReference[] }[],
  images: readonly EcrImageRef[],
): ReferenceHit<U>[] {
  const hits: ReferenceHit<U>[] = [];
  for (const file of files) {
    for (const reference of file.references) {
      if (reference.target.kind !== 'ecr') continue;
      const ref = reference.target.ref;
      for (const image of images) {
        const match = imageMatch(image, ref);
        if (match) {
          hits.push({ uri: file.uri, reference, match });
          break;
        }
      }
    }
  }
  return hits;
}

export function isRemoval(fate: ImageFate): boolean {
  return fate.action === 'DELETE' && fate.state === 'SUCCESS' && fate.removesImage === true;
}

export type FateSeverity = 'error' | 'warning' | 'information';

export interface FateProblem {
  readonly severity: FateSeverity;
  readonly message: string;
  /** The tag now names another image than the one the run acted on (the run's image is `fate.image`). */
  readonly tagMoved: boolean;
  /** Clusters where the image still runs (from Inspector), when it does. */
  readonly runningClusters: number;
}

/** 11 Nov 2026, in UTC (the same for every reader of the Problems panel). */
export function fateDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'an unknown date';
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

const PAST = new Map([
  ['DELETE', 'Deleted'],
  ['DEPRECATE', 'Deprecated'],
  ['DISABLE', 'Disabled'],
]);
const PRESENT = new Map([
  ['DELETE', 'Being deleted'],
  ['DEPRECATE', 'Being deprecated'],
  ['DISABLE', 'Being disabled'],
]);
const VERB = new Map([
  ['DELETE', 'delete'],
  ['DEPRECATE', 'deprecate'],
  ['DISABLE', 'disable'],
]);

/**
 * The Problems entry for a reference's fate, or undefined when it raises none.
 * `usage`: Inspector's answer for the image the run acted on (by its digest when known); `current`: Inspector's answer
 * for the reference's tag, to tell a tag that moved to another image since the run.
 */
export function fateProblem(
  found: FateMatch,
  ref: EcrImageRef,
  usage?: ImageUsage,
  current?: ImageUsage,
): FateProblem | undefined {
  const { fate, match } = found;
  if (!isDestructiveAction({ action: { name: fate.action }, snapshots: [], imageUris: [] })) return undefined;
  if (fate.state === 'SKIPPED' || fate.state === undefined) return undefined;
  const policy = `lifecycle policy ${fate.policyName}`;
  const when = fateDate(fate.date);
  const run = `(${fate.executionId})`;
  const matched =
    match === 'digest' ? 'Matched by digest.' : `Matched by tag ${ref.tag ?? ''}: tags can move, a digest cannot.`;
  const running = usage?.kind === 'covered' && usage.summary.runningClusters > 0 ? usage.summary.runningClusters : 0;
  const where =
    running > 0
      ? ` Still running in ${running}${usage?.kind === 'covered' && usage.more ? '+' : ''} cluster${running === 1 ? '' : 's'}`
      : '';
  const currentDigest = current?.kind === 'covered' ? digestOfResourceId(current.resourceId) : undefined;
  const tagMoved =
    match === 'tag' &&
    fate.image.digest !== undefined &&
    currentDigest !== undefined &&
    currentDigest !== fate.image.digest;
  if (tagMoved) {
    return {
      severity: 'information',
      message:
        `${PAST.get(fate.action) ?? fate.action} by ${policy} on ${when} ${run}: the image tag ${ref.tag ?? ''} named then ` +
        `(${shortImageLabel({ ...fate.image, tag: undefined })}); the tag now names another image (${currentDigest.slice(0, 19)}…).`,
      tagMoved: true,
      runningClusters: 0,
    };
  }
  const reason = fate.reason ? ` Reason: ${fate.reason}` : '';
  if (fate.state === 'FAILED') {
    return {
      severity: 'warning',
      message: `${policy[0]!.toUpperCase()}${policy.slice(1)} failed to ${VERB.get(fate.action) ?? fate.action} it on ${when} ${run}; it may try again on its next run.${reason}${where ? `${where}.` : ''} ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.state === 'IN_PROGRESS') {
    const ecrToo = fate.action !== 'DELETE' || fate.removesImage !== false;
    return {
      severity: running > 0 && fate.action === 'DELETE' && fate.removesImage === true ? 'warning' : 'information',
      message:
        `${PRESENT.get(fate.action) ?? fate.action} by ${policy} since ${when} ${run}` +
        (ecrToo ? '' : ' (its Image Builder image; the policy keeps the ECR image)') +
        (where ? `.${where}: new tasks will not be able to pull it once it is gone.` : '.') +
        ` ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  // SUCCESS (or a state this version does not know: said as it is).
  const done = fate.state === 'SUCCESS' ? '' : ` (state ${fate.state})`;
  if (fate.action === 'DELETE' && fate.removesImage === false) {
    return {
      severity: 'information',
      message: `Its Image Builder image was deleted by ${policy} on ${when} ${run}${done}; the policy keeps the ECR image, so it can still be pulled. ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.action === 'DELETE' && fate.removesImage === undefined) {
    return {
      severity: 'information',
      message: `Its Image Builder image was deleted by ${policy} on ${when} ${run}${done}; whether the ECR image was deleted too is not known (the policy could not be read). ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.action === 'DELETE') {
    return {
      severity: running > 0 ? 'error' : 'warning',
      message:
        `Deleted by ${policy} on ${when} ${run}${done}` +
        (where ? `.${where}: new tasks cannot pull it.` : ': pulling it fails.') +
        ` ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  return {
    severity: 'information',
    message: `${PAST.get(fate.action) ?? fate.action} by ${policy} on ${when} ${run}${done}.${where ? `${where}.` : ''} ${matched}`,
    tagMoved: false,
    runningClusters: running,
  };
}

/** `arn:…:repository/<repo>/sha256:<hex>` → `sha256:<hex>`. */
function digestOfResourceId(resourceId: string): string | undefined {
  const m = /\/(sha256:[a-f0-9]{64})$/.exec(resourceId);
  return m?.[1];
}

/** The image whose use matters: the run's image, by its digest when the run named one. */
export function imageToCheck(found: FateMatch, ref: EcrImageRef): EcrImageRef {
  return found.fate.image.digest ? { ...ref, digest: found.fate.image.digest } : ref;
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
