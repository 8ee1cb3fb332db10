import assert from 'node:assert/strict';
import type { LifecycleResource } from '../../src/aws/types';
import { buildSnapshotStatesState, countByStatus } from '../../src/imagebuilder/snapshotStatesPanel';

const START = Date.UTC(2026, 2, 3, 4, 5, 6);
const LCE = 'lce-12345678-1234-1234-1234-123456789012';

const resource: LifecycleResource = {
  accountId: '111122223333',
  region: 'us-east-1',
  resourceId: 'ami-0123456789abcdef0',
  state: { status: 'FAILED', reason: 'Snapshot in use' },
  action: { name: 'DELETE', reason: 'older than 30 days' },
  snapshots: [
    { snapshotId: 'snap-1', state: { status: 'SUCCESS' } },
    { snapshotId: 'snap-2', state: { status: 'FAILED', reason: '<b>in use</b>' } },
    { snapshotId: 'snap-3', state: { status: 'SUCCESS' } },
    { state: { status: 'SOMETHING_NEW' } },
    { snapshotId: 'snap-5' },
  ],
  imageUris: [],
  startTime: new Date(START),
  endTime: new Date(NaN),
};

describe('snapshot states panel state', () => {
  it('lists the snapshots with id, status and reason, in the service’s order', () => {
    const { state } = buildSnapshotStatesState({ lifecycleExecutionId: LCE, resource });
    assert.deepEqual(state.snapshots, [
      { index: 0, snapshotId: 'snap-1', status: 'SUCCESS', reason: undefined },
      { index: 1, snapshotId: 'snap-2', status: 'FAILED', reason: '<b>in use</b>' },
      { index: 2, snapshotId: 'snap-3', status: 'SUCCESS', reason: undefined },
      { index: 3, snapshotId: undefined, status: 'SOMETHING_NEW', reason: undefined },
      { index: 4, snapshotId: 'snap-5', status: undefined, reason: undefined },
    ]);
  });

  it('counts snapshots per status, most frequent first, unknown statuses kept, missing ones together', () => {
    const { state } = buildSnapshotStatesState({ lifecycleExecutionId: LCE, resource });
    assert.deepEqual(state.statusCounts, [
      { status: 'SUCCESS', count: 2 },
      { status: 'FAILED', count: 1 },
      { status: 'SOMETHING_NEW', count: 1 },
      { status: undefined, count: 1 },
    ]);
    assert.deepEqual(countByStatus([]), []);
    assert.deepEqual(countByStatus([{ index: 0, status: ' ' }, { index: 1 }]), [{ status: undefined, count: 2 }]);
  });

  it('carries the resource’s own state, action and times (invalid dates dropped)', () => {
    const { state } = buildSnapshotStatesState({ lifecycleExecutionId: LCE, resource });
    assert.deepEqual(state.state, { status: 'FAILED', reason: 'Snapshot in use' });
    assert.deepEqual(state.action, { name: 'DELETE', reason: 'older than 30 days' });
    assert.equal(state.startTime, START);
    assert.equal(state.endTime, undefined);
    assert.equal(state.resourceId, 'ami-0123456789abcdef0');
  });

  it('holds copy values for the resource, the execution and each snapshot that has an id', () => {
    const { targets } = buildSnapshotStatesState({ lifecycleExecutionId: LCE, resource });
    assert.deepEqual(targets.copy, {
      lifecycleExecutionId: LCE,
      resourceId: 'ami-0123456789abcdef0',
      'snapshot:0': 'snap-1',
      'snapshot:1': 'snap-2',
      'snapshot:2': 'snap-3',
      'snapshot:4': 'snap-5',
    });
    assert.equal(targets.links, undefined, 'this panel opens nothing');
  });

  it('copes with a resource that reports nothing', () => {
    const { state, targets } = buildSnapshotStatesState({
      lifecycleExecutionId: LCE,
      resource: { snapshots: [], imageUris: [] },
    });
    assert.deepEqual(state.snapshots, []);
    assert.deepEqual(state.statusCounts, []);
    assert.equal(state.state, undefined);
    assert.deepEqual(targets.copy, { lifecycleExecutionId: LCE });
  });
});
