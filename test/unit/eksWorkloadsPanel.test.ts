import assert from 'node:assert/strict';
import type { ClusterDetail, ClusterInfo } from '../../src/aws/types';
import { buildEksWorkloadsState } from '../../src/inspector/eksWorkloadsPanel';
import { assertPlainData } from '../support/assertions';

const T1 = Date.UTC(2026, 0, 1);
const T2 = Date.UTC(2026, 0, 5);

const eks = (namespace: string | undefined, names: string[], over: Partial<ClusterDetail> = {}): ClusterDetail => ({
  metadata: { kind: 'eks', namespace, workloads: names.map((name) => ({ name, type: 'Deployment' })) },
  ...over,
});

const cluster: ClusterInfo = {
  clusterArn: 'arn:aws:eks:us-east-1:111122223333:cluster/shop',
  details: [
    eks('payments', ['api', 'worker'], { runningUnitCount: 3, stoppedUnitCount: 1, lastInUse: new Date(T1) }),
    eks('web', ['<img src=x onerror=alert(1)>'], { runningUnitCount: 2, lastInUse: new Date(T2) }),
    { metadata: { kind: 'unknown', tag: 'awsFutureMetadata' }, runningUnitCount: 100 },
  ],
};

const input = { imageLabel: 'shop:1', resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/shop', cluster };

describe('EKS workloads panel state', () => {
  it('lists every namespace’s workloads with their namespace, and per-namespace counts', () => {
    const { state } = buildEksWorkloadsState(input);
    assert.equal(state.clusterName, 'shop');
    assert.deepEqual(state.workloads, [
      { name: 'api', type: 'Deployment', namespace: 'payments' },
      { name: 'worker', type: 'Deployment', namespace: 'payments' },
      { name: '<img src=x onerror=alert(1)>', type: 'Deployment', namespace: 'web' },
    ]);
    assert.deepEqual(state.namespaces, [
      { namespace: 'payments', workloadCount: 2, runningUnitCount: 3, stoppedUnitCount: 1, lastInUse: T1 },
      { namespace: 'web', workloadCount: 1, runningUnitCount: 2, stoppedUnitCount: undefined, lastInUse: T2 },
    ]);
  });

  it('sums the EKS details only, keeps the latest last-in-use, and counts the others', () => {
    const { state } = buildEksWorkloadsState(input);
    assert.deepEqual(state.totals, { runningUnitCount: 5, stoppedUnitCount: 1, lastInUse: T2 });
    assert.equal(state.otherDetailCount, 1);
  });

  it('shows only the chosen namespace', () => {
    const { state } = buildEksWorkloadsState({ ...input, namespace: 'web' });
    assert.equal(state.namespace, 'web');
    assert.deepEqual(
      state.workloads.map((w) => w.name),
      ['<img src=x onerror=alert(1)>'],
    );
    assert.deepEqual(state.totals, { runningUnitCount: 2, stoppedUnitCount: undefined, lastInUse: T2 });
    assert.equal(buildEksWorkloadsState({ ...input, namespace: 'nope' }).state.workloads.length, 0);
  });

  it('holds the copy values and the console URL on the host side, and says only whether a link exists', () => {
    const withLink = buildEksWorkloadsState({ ...input, consoleUrl: 'https://console.aws.amazon.com/eks/x' });
    assert.deepEqual(withLink.targets, {
      copy: { clusterArn: cluster.clusterArn, resourceId: input.resourceId },
      links: { console: 'https://console.aws.amazon.com/eks/x' },
    });
    assert.equal(withLink.state.hasConsoleLink, true);
    assert.ok(!JSON.stringify(withLink.state).includes('console.aws.amazon.com'), 'the URL is not sent to the page');
    const without = buildEksWorkloadsState(input);
    assert.equal(without.state.hasConsoleLink, false);
    assert.deepEqual(without.targets.links, {});
  });

  it('copes with a cluster without details and an ARN that is not a cluster ARN', () => {
    const { state } = buildEksWorkloadsState({ ...input, cluster: { clusterArn: 'not an arn', details: [] } });
    assert.equal(state.clusterName, 'not an arn');
    assert.deepEqual(state.workloads, []);
    assert.deepEqual(state.totals, { runningUnitCount: undefined, stoppedUnitCount: undefined, lastInUse: undefined });
  });

  it('produces a state that survives postMessage (structured clone) unchanged', () => {
    const { state } = buildEksWorkloadsState(input);
    assert.deepEqual(structuredClone(state), state);
    assert.deepEqual(JSON.parse(JSON.stringify(state)), JSON.parse(JSON.stringify(structuredClone(state))));
    // The clone keeps a Date or a Map as it was, so the lines above cannot fail on one: walk the state for plain data.
    assertPlainData(state);
  });

  it('the plain-data check itself fails on what a clone would keep (a Date, a Map, NaN)', () => {
    const { state } = buildEksWorkloadsState(input);
    for (const extra of [new Date(0), new Map([['a', 1]]), new Set([1]), Number.NaN, () => 1]) {
      assert.throws(() => assertPlainData({ ...state, extra }), /state\.extra/);
    }
  });
});
