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
import type { EcrImageRef } from '../inspector/imageRef';
import { ecrImagesOf, mayNeedUsageCheck, policyFacts, resourceKind, type PolicyFacts } from './lifecycleModel';

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

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}

// The matching and the words of a Problems entry are in lifecycleFates.ts; re-exported for this module's users.
export * from './lifecycleFates';
