/**
 * "Is this image in use, and where?" for the Dockerfile hover and the lifecycle in-use warning: resolves an ECR image
 * to its Inspector resource id (a digest directly, a tag with ListCoverage), fetches the first page(s) of
 * GetClustersForImage, and summarises them. Answers are cached for a short time, identical questions in flight share
 * one request, at most a few requests run at once, and a caller's cancellation only cancels the request when no
 * other caller still waits for it.
 */
import type { FootprintError } from '../aws/errors';
import type { AwsAccess } from '../aws/access';
import type { ClusterInfo } from '../aws/types';
import { summarizeClusters, type UsageSummary } from './clusterModel';
import { resourceIdOf, shortImageLabel, type EcrImageRef } from './imageRef';

export type ImageUsage =
  | {
      readonly kind: 'covered';
      readonly resourceId: string;
      readonly clusters: readonly ClusterInfo[];
      readonly summary: UsageSummary;
      /** More pages exist beyond what was fetched (the summary then counts at least this many). */
      readonly more: boolean;
    }
  | { readonly kind: 'notCovered'; readonly label: string }
  | { readonly kind: 'error'; readonly error: FootprintError };

export interface ImageUsageOptions {
  /** How long an answer is served from the cache. */
  readonly ttlMs: number;
  /** Pages of GetClustersForImage to follow for one summary. */
  readonly maxPages: number;
  /** Requests in flight at once across all callers. */
  readonly concurrency: number;
}

const DEFAULTS: ImageUsageOptions = { ttlMs: 60_000, maxPages: 1, concurrency: 3 };

interface Entry {
  readonly promise: Promise<ImageUsage>;
  readonly controller: AbortController;
  waiters: number;
  settledAt?: number;
}

export function usageKey(ref: EcrImageRef): string {
  return JSON.stringify([ref.partition, ref.accountId, ref.region, ref.repository, ref.digest ?? `:${ref.tag ?? ''}`]);
}

/** A small semaphore: at most `limit` tasks run at once; the rest wait in order (an aborted waiter leaves the queue). */
export class Limiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = this.queue.indexOf(go);
          if (i >= 0) this.queue.splice(i, 1);
          reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.queue.push(go);
      });
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}

export class ImageUsageService {
  private readonly cache = new Map<string, Entry>();
  private readonly limiter: Limiter;
  private readonly options: ImageUsageOptions;
  private generation = 0;

  constructor(
    private readonly session: AwsAccess,
    options: Partial<ImageUsageOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.limiter = new Limiter(this.options.concurrency);
  }

  /** A cached answer that is still fresh, without making a request. */
  peek(ref: EcrImageRef): Promise<ImageUsage> | undefined {
    const entry = this.fresh(usageKey(ref));
    return entry?.promise;
  }

  private fresh(key: string): Entry | undefined {
    const entry = this.cache.get(key);
    if (!entry) return undefined;
    if (entry.settledAt !== undefined && this.now() - entry.settledAt > this.options.ttlMs) {
      this.cache.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * The usage of one image. `signal` cancels this caller's interest; the request itself is aborted only when no
   * caller waits for it any more. Never rejects: failures are `{ kind: 'error' }` (cancellation included).
   */
  usage(ref: EcrImageRef, signal?: AbortSignal): Promise<ImageUsage> {
    const key = usageKey(ref);
    let entry = this.fresh(key);
    if (!entry) {
      const controller = new AbortController();
      const generation = this.generation;
      const created: Entry = {
        controller,
        waiters: 0,
        promise: this.fetch(ref, controller.signal).then((usage) => {
          // Errors and cancellations are not cached; a later hover asks again.
          if (usage.kind === 'error' || generation !== this.generation) {
            if (this.cache.get(key) === created) this.cache.delete(key);
          } else {
            created.settledAt = this.now();
          }
          return usage;
        }),
      };
      entry = created;
      this.cache.set(key, entry);
    }
    const current = entry;
    current.waiters++;
    if (!signal) return current.promise;
    return new Promise<ImageUsage>((resolve) => {
      const onAbort = (): void => {
        current.waiters--;
        if (current.waiters <= 0 && current.settledAt === undefined) {
          current.controller.abort();
          if (this.cache.get(key) === current) this.cache.delete(key);
        }
        resolve({
          kind: 'error',
          error: this.session.toError(abortError(), this.session.context('inspector2', 'GetClustersForImage')),
        });
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      void current.promise.then((usage) => {
        signal.removeEventListener('abort', onAbort);
        resolve(usage);
      });
    });
  }

  /** Forget every answer (Refresh, or a profile/region switch); requests in flight are dropped from the cache. */
  clear(): void {
    this.generation++;
    for (const entry of this.cache.values()) if (entry.settledAt === undefined) entry.controller.abort();
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }

  private async fetch(ref: EcrImageRef, signal: AbortSignal): Promise<ImageUsage> {
    let operation = 'ListCoverage';
    let region: string | undefined = ref.region;
    try {
      const target = await this.session.target(ref.region);
      region = target.region;
      let resourceId = resourceIdOf(ref);
      if (!resourceId) {
        const found = await this.limiter.run(
          () =>
            this.session.api.findCoveredImages(
              target,
              { accountId: ref.accountId, repository: ref.repository, tag: ref.tag },
              signal,
            ),
          signal,
        );
        resourceId = found.find((f) => f.resourceId.length > 0)?.resourceId;
        if (!resourceId) return { kind: 'notCovered', label: shortImageLabel(ref) };
      }
      operation = 'GetClustersForImage';
      const clusters: ClusterInfo[] = [];
      let token: string | undefined;
      let more = false;
      const seen = new Set<string>();
      for (let page = 0; page < this.options.maxPages; page++) {
        const id = resourceId;
        const out = await this.limiter.run(
          () =>
            this.session.api.getClustersForImage(target, { resourceId: id, maxResults: 100, nextToken: token }, signal),
          signal,
        );
        clusters.push(...out.items);
        token = out.nextToken;
        if (!token || seen.has(token)) break;
        seen.add(token);
        if (page === this.options.maxPages - 1) more = true;
      }
      if (clusters.length === 0 && resourceIdOf(ref) !== undefined) {
        // A digest skipped ListCoverage: an empty answer may mean Inspector does not know the image at all.
        operation = 'ListCoverage';
        const id = resourceId;
        const covered = await this.limiter.run(
          () =>
            this.session.api.findCoveredImages(
              target,
              { accountId: ref.accountId, repository: ref.repository, resourceId: id },
              signal,
            ),
          signal,
        );
        if (covered.length === 0) return { kind: 'notCovered', label: shortImageLabel(ref) };
      }
      return { kind: 'covered', resourceId, clusters, summary: summarizeClusters(clusters), more };
    } catch (err) {
      return {
        kind: 'error',
        error: this.session.toError(err, { ...this.session.context('inspector2', operation), region }),
      };
    }
  }
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
