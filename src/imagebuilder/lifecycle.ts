/**
 * EC2 Image Builder lifecycle data, as far as this extension uses it: the one module that asks Image Builder. The
 * Lifecycle Executions view (its pages), the open-by-id command, the exports and the in-use check all come here.
 *
 * - Pages: policies and executions at the API's limit (25, `PAGE_SIZE_LIMITS.lifecycleLists`), resources and
 *   associated resources per the `imageFootprint.pageSize.lifecycleResources` setting.
 * - `policy()` asks `GetLifecyclePolicy` once per policy until `clear()` (Refresh or a profile/region switch); a
 *   failure is not kept, so the next row asks again.
 *
 * No `vscode` import.
 */
import type { AwsAccess } from '../aws/access';
import type { FootprintError } from '../aws/errors';
import type {
  AwsTarget,
  LifecycleExecution,
  LifecyclePolicy,
  LifecyclePolicySummary,
  LifecycleResourcesPage,
  Page,
} from '../aws/types';
import { PAGE_SIZE_LIMITS } from '../settings';

export class ImageBuilderLifecycle {
  /** GetLifecyclePolicy answers for this session (until `clear()`); failures are not kept. */
  private readonly policyCache = new Map<string, Promise<LifecyclePolicy>>();
  /** The policies of `policyCache` that have answered, by the same key (read without a promise). */
  private readonly settledPolicies = new Map<string, LifecyclePolicy>();

  constructor(
    private readonly access: AwsAccess,
    /** Resources per ListLifecycleExecutionResources page: the setting, read at each request. */
    private readonly resourcesPageSize: () => number,
  ) {}

  target(region: string | undefined): Promise<AwsTarget> {
    return this.access.target(region);
  }

  async policies(
    region: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecyclePolicySummary>> {
    const target = await this.access.target(region);
    return this.access.api.listLifecyclePolicies(
      target,
      { maxResults: PAGE_SIZE_LIMITS.lifecycleLists.fallback, nextToken: token },
      signal,
    );
  }

  async executions(
    region: string,
    policyArn: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecycleExecution>> {
    const target = await this.access.target(region);
    return this.access.api.listLifecycleExecutions(
      target,
      { resourceArn: policyArn, maxResults: PAGE_SIZE_LIMITS.lifecycleLists.fallback, nextToken: token },
      signal,
    );
  }

  /** A page of an execution's resources, or (with `parentResourceId`) of one resource's associated resources. */
  async resources(
    region: string,
    executionId: string,
    parentResourceId: string | undefined,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<LifecycleResourcesPage> {
    const target = await this.access.target(region);
    return this.access.api.listLifecycleExecutionResources(
      target,
      { lifecycleExecutionId: executionId, parentResourceId, maxResults: this.resourcesPageSize(), nextToken: token },
      signal,
    );
  }

  /** GetLifecycleExecution in `target`'s region. */
  execution(target: AwsTarget, executionId: string, signal?: AbortSignal): Promise<LifecycleExecution> {
    return this.access.api.getLifecycleExecution(target, executionId, signal);
  }

  /**
   * One GetLifecyclePolicy per policy for the session, shared by every row that asks. The request is not tied to the
   * first asker's signal (a refreshed execution would cancel it for the others); `clear()` forgets the answer.
   */
  policy(region: string, policyArn: string, signal: AbortSignal): Promise<LifecyclePolicy> {
    const key = JSON.stringify([region, policyArn]);
    let answer = this.policyCache.get(key);
    if (!answer) {
      answer = this.fetchPolicy(region, policyArn);
      this.policyCache.set(key, answer);
      const cached = answer;
      answer.then(
        (policy) => {
          if (this.policyCache.get(key) === cached) this.settledPolicies.set(key, policy);
        },
        () => {
          if (this.policyCache.get(key) === cached) this.policyCache.delete(key);
        },
      );
    }
    return signal.aborted ? Promise.reject(abortError()) : answer;
  }

  /** Forgets the policies read so far (Refresh, or a profile/region switch). */
  /**
   * The policy when `policy()` has already answered for it (since the last `clear()`), without a request or a
   * promise; undefined otherwise. Rows of an execution refreshed while its policy is known answer from it at once.
   */
  knownPolicy(region: string, policyArn: string): LifecyclePolicy | undefined {
    return this.settledPolicies.get(JSON.stringify([region, policyArn]));
  }

  clear(): void {
    this.policyCache.clear();
    this.settledPolicies.clear();
  }

  private async fetchPolicy(region: string, policyArn: string): Promise<LifecyclePolicy> {
    const target = await this.access.target(region);
    return this.access.api.getLifecyclePolicy(target, policyArn);
  }

  toError(err: unknown, operation: string, region: string): FootprintError {
    return this.access.toError(err, { ...this.access.context('imagebuilder', operation), region });
  }

  /** A failure described with the target it was sent to (when it got that far). */
  errorAt(err: unknown, operation: string, target: AwsTarget | undefined): FootprintError {
    return this.access.toError(err, this.access.context('imagebuilder', operation, target));
  }
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
