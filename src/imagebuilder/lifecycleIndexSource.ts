/**
 * What the lifecycle index reads, through the one Image Builder module (`lifecycle.ts`): its pages (the settings' page
 * sizes) and its GetLifecyclePolicy cache, shared with the Lifecycle view. A failed request names its operation, so
 * the region's error says which call failed. No `vscode` import.
 */
import type { FootprintError } from '../aws/errors';
import type { ImageBuilderLifecycle } from './lifecycle';
import type { LifecycleIndexSource } from './lifecycleIndex';

export class IndexRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly region: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'IndexRequestError';
  }
}

export function indexSource(lifecycle: ImageBuilderLifecycle): LifecycleIndexSource {
  const wrap = async <T>(operation: string, region: string, task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } catch (err) {
      throw new IndexRequestError(operation, region, err);
    }
  };
  return {
    listPolicies: (region, token, signal) =>
      wrap('ListLifecyclePolicies', region, () => lifecycle.policies(region, token, signal)),
    listExecutions: (region, policyArn, token, signal) =>
      wrap('ListLifecycleExecutions', region, () => lifecycle.executions(region, policyArn, token, signal)),
    listResources: (region, executionId, parentResourceId, token, signal) =>
      wrap('ListLifecycleExecutionResources', region, () =>
        lifecycle.resources(region, executionId, parentResourceId, token, signal),
      ),
    policy: (region, policyArn, signal) =>
      wrap('GetLifecyclePolicy', region, () => lifecycle.policy(region, policyArn, signal)),
  };
}

/** A region's failure as the user reads it: the failed call's operation, else the first list. */
export function indexError(lifecycle: ImageBuilderLifecycle, err: unknown, region: string): FootprintError {
  return err instanceof IndexRequestError
    ? lifecycle.toError(err.cause, err.operation, region)
    : lifecycle.toError(err, 'ListLifecyclePolicies', region);
}
