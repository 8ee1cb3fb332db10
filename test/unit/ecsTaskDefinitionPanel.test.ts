import assert from 'node:assert/strict';
import type { ClusterInfo } from '../../src/aws/types';
import { buildEcsTaskDefinitionState } from '../../src/inspector/ecsTaskDefinitionPanel';

const T = Date.UTC(2026, 1, 2);
const TD1 = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/orders-web:42';
const TD2 = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/orders-worker:7';

const cluster: ClusterInfo = {
  clusterArn: 'arn:aws:ecs:eu-west-1:111122223333:cluster/orders',
  details: [
    {
      runningUnitCount: 3,
      stoppedUnitCount: 0,
      lastInUse: new Date(T),
      metadata: { kind: 'ecs', detailsGroup: 'service:web', taskDefinitionArn: TD1 },
    },
    { metadata: { kind: 'unknown' } },
    { runningUnitCount: 1, metadata: { kind: 'ecs', detailsGroup: 'family:worker', taskDefinitionArn: TD2 } },
    { metadata: { kind: 'ecs', detailsGroup: 'x', taskDefinitionArn: '<script>alert(1)</script>' } },
  ],
};

const input = { imageLabel: 'orders:42', resourceId: 'arn:aws:ecr:eu-west-1:111122223333:repository/orders', cluster };

describe('ECS task definition panel state', () => {
  it('makes one card per task definition, with family, revision, details group and counts', () => {
    const { state } = buildEcsTaskDefinitionState(input);
    assert.equal(state.clusterName, 'orders');
    assert.deepEqual(
      state.taskDefinitions.map((c) => [c.index, c.family, c.revision, c.detailsGroup, c.runningUnitCount]),
      [
        [0, 'orders-web', 42, 'service:web', 3],
        [1, 'orders-worker', 7, 'family:worker', 1],
        [2, undefined, undefined, 'x', undefined],
      ],
    );
    assert.equal(state.taskDefinitions[0]!.lastInUse, T);
    assert.equal(state.taskDefinitions[2]!.taskDefinitionArn, '<script>alert(1)</script>');
    assert.equal(state.otherDetailCount, 1);
    assert.deepEqual(state.totals, { runningUnitCount: 4, stoppedUnitCount: 0, lastInUse: T });
  });

  it('holds each card’s ARN and console URL under the card’s ids, and only https URLs it was given', () => {
    const { state, targets } = buildEcsTaskDefinitionState({
      ...input,
      consoleUrls: {
        cluster: 'https://console.aws.amazon.com/ecs/v2/clusters/orders',
        taskDefinition: (arn) => (arn === TD2 ? 'https://console.aws.amazon.com/ecs/td/orders-worker/7' : undefined),
      },
    });
    assert.deepEqual(targets.copy, {
      clusterArn: cluster.clusterArn,
      resourceId: input.resourceId,
      'taskDefinitionArn:0': TD1,
      'taskDefinitionArn:1': TD2,
      'taskDefinitionArn:2': '<script>alert(1)</script>',
    });
    assert.deepEqual(targets.links, {
      cluster: 'https://console.aws.amazon.com/ecs/v2/clusters/orders',
      'taskDefinition:1': 'https://console.aws.amazon.com/ecs/td/orders-worker/7',
    });
    assert.deepEqual(
      state.taskDefinitions.map((c) => c.hasConsoleLink),
      [false, true, false],
    );
    assert.equal(state.hasClusterConsoleLink, true);
    assert.ok(!JSON.stringify(state).includes('console.aws.amazon.com'));
  });

  it('has no links without console URLs, and no cards for a cluster without ECS details', () => {
    assert.deepEqual(buildEcsTaskDefinitionState(input).targets.links, {});
    assert.equal(buildEcsTaskDefinitionState(input).state.hasClusterConsoleLink, false);
    const { state } = buildEcsTaskDefinitionState({
      ...input,
      cluster: { clusterArn: cluster.clusterArn, details: [] },
    });
    assert.deepEqual(state.taskDefinitions, []);
    assert.equal(state.otherDetailCount, 0);
  });
});
