/**
 * The lifecycle view's policies (ImageBuilderLifecycle.policy and knownPolicy): one GetLifecyclePolicy per policy,
 * shared; known without a promise once it has answered; a failure is neither kept nor known; `clear()` forgets both.
 */
import * as assert from 'node:assert/strict';
import type { AwsAccess } from '../../src/aws/access';
import type { AwsApi, AwsTarget, LifecyclePolicy } from '../../src/aws/types';
import { ImageBuilderLifecycle } from '../../src/imagebuilder/lifecycle';

const ARN = 'arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/keep';

function lifecycle(answer: () => Promise<LifecyclePolicy>): { lifecycle: ImageBuilderLifecycle; asked: () => number } {
  let asked = 0;
  const api = {
    getLifecyclePolicy: () => {
      asked++;
      return answer();
    },
  } as unknown as AwsApi;
  const access = {
    api,
    target: (region?: string): Promise<AwsTarget> => Promise.resolve({ region: region ?? 'us-east-1' }),
    context: () => ({ service: 'imagebuilder', operation: 'GetLifecyclePolicy' }),
    toError: () => {
      throw new Error('not used');
    },
  } as unknown as AwsAccess;
  return { lifecycle: new ImageBuilderLifecycle(access, () => 25), asked: () => asked };
}

const POLICY: LifecyclePolicy = { arn: ARN, resourceType: 'CONTAINER_IMAGE', rules: [] };

describe('lifecycle policies of the view', () => {
  it('are known without a promise once answered, asked once, and forgotten by clear()', async () => {
    const { lifecycle: l, asked } = lifecycle(() => Promise.resolve(POLICY));
    const signal = new AbortController().signal;
    assert.equal(l.knownPolicy('us-east-1', ARN), undefined, 'not asked yet');
    const first = l.policy('us-east-1', ARN, signal);
    assert.equal(l.knownPolicy('us-east-1', ARN), undefined, 'asked, not answered yet');
    assert.equal(await first, POLICY);
    assert.equal(l.knownPolicy('us-east-1', ARN), POLICY);
    assert.equal(l.knownPolicy('us-west-2', ARN), undefined, 'per region');
    assert.equal(await l.policy('us-east-1', ARN, signal), POLICY);
    assert.equal(asked(), 1);
    l.clear();
    assert.equal(l.knownPolicy('us-east-1', ARN), undefined);
    await l.policy('us-east-1', ARN, signal);
    assert.equal(asked(), 2);
  });

  it('does not keep or know a policy whose request failed, nor one answered after clear()', async () => {
    let fail = true;
    const { lifecycle: l, asked } = lifecycle(() =>
      fail ? Promise.reject(new Error('denied')) : Promise.resolve(POLICY),
    );
    const signal = new AbortController().signal;
    await assert.rejects(l.policy('us-east-1', ARN, signal));
    await new Promise((r) => setImmediate(r));
    assert.equal(l.knownPolicy('us-east-1', ARN), undefined);
    fail = false;
    const late = l.policy('us-east-1', ARN, signal);
    l.clear();
    await late;
    assert.equal(l.knownPolicy('us-east-1', ARN), undefined, 'an answer to a request made before clear() is not kept');
    assert.equal(asked(), 2);
  });
});
