// The Lifecycle Executions view in a real VS Code against the emulator: opening an execution by id, every resource
// page, snapshots and associated resources, the snapshot panel, policies and executions, and the in-use warning.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ExecutionNode } from '../../src/imagebuilder/lifecycleNodes';
import type { TreeNode } from '../../src/tree/node';
import { children, emulator, extensionApi, items, setSetting, waitFor, type EmulatorDataView } from './support/harness';

// The demo data's fixed execution ids (test/emulator/demo.ts).
const CONTAINER_SUCCESS = 'lce-c0a1b2c3-0002-4d00-8a00-000000000002';
const CONTAINER_IN_PROGRESS = 'lce-c0a1b2c3-0001-4d00-8a00-000000000001';
const AMI_IN_PROGRESS = 'lce-a0a1b2c3-0001-4d00-8a00-000000000001';

type Provider = vscode.TreeDataProvider<TreeNode>;

/** Loads every page under `node` (clicking Load more) and returns the children without the status row. */
async function loadAll(provider: Provider, node: TreeNode): Promise<TreeNode[]> {
  for (let i = 0; i < 50; i++) {
    const kids = await children(provider, node);
    const last = (await items(provider, kids.slice(-1)))[0];
    if (last?.context !== 'loadMore') return kids;
    await vscode.commands.executeCommand('imageFootprint.loadMore', last.node);
  }
  assert.fail('too many pages');
}

function executionOf(data: EmulatorDataView, id: string) {
  for (const p of data.lifecyclePolicies) {
    const e = p.executions.find((x) => x.lifecycleExecutionId === id);
    if (e) return e;
  }
  assert.fail(`${id} is not in the emulator data`);
}

describe('Lifecycle Executions view', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let data: EmulatorDataView;

  before(async () => {
    api = await extensionApi();
    await emulator.reset();
    data = await emulator.data();
    await vscode.commands.executeCommand('imageFootprint.lifecycle.focus');
  });

  beforeEach(async () => {
    await emulator.reset();
    for (const node of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(node);
    api.usage.clear();
  });

  after(async () => {
    await setSetting('pageSize.lifecycleResources', undefined);
  });

  it('rejects a malformed execution id without a request', async () => {
    for (const bad of ['', 'lce-123', 'abc', 'lce-zzzzzzzz-0002-4d00-8a00-000000000002']) {
      assert.equal(await vscode.commands.executeCommand('imageFootprint.openLifecycleExecution', bad), undefined);
    }
    assert.deepEqual(await emulator.requests(), []);
  });

  it('opens an execution by id: its state heads the node, and every resource loads page by page', async () => {
    await setSetting('pageSize.lifecycleResources', 2);
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      CONTAINER_SUCCESS,
    )) as ExecutionNode;
    assert.ok(node, 'the command returns the execution node');
    const head = (await items(api.lifecycle.provider, [node]))[0];
    assert.match(String(head?.item.description), /^SUCCESS/);
    const resources = await loadAll(api.lifecycle.provider, node);
    const expected = executionOf(data, CONTAINER_SUCCESS).resources;
    assert.equal(resources.length, expected.length);
    const pages = await emulator.requests('ListLifecycleExecutionResources');
    assert.equal(pages.length, Math.ceil(expected.length / 2), 'one request per page of 2');
    const actions = new Set(expected.map((r) => r.action.name));
    const shown = await items(api.lifecycle.provider, resources);
    for (const action of actions) {
      assert.ok(
        shown.some((s) => String(s.item.description).includes(action)),
        `a row shows the action ${action}`,
      );
    }
  });

  it('warns that a DELETE still runs or ran in the last 24 h, and says when Inspector does not cover an image', async () => {
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      CONTAINER_IN_PROGRESS,
    )) as ExecutionNode;
    const resources = await loadAll(api.lifecycle.provider, node);
    // Rendering the rows starts the in-use checks; they finish in the background.
    await items(api.lifecycle.provider, resources);
    const worker = await waitFor('the in-use warning on shop/worker', async () => {
      const shown = await items(api.lifecycle.provider, resources);
      return shown.find(
        (s) => s.label === 'shop/worker:0.9.7' && /still running in \d+ cluster/.test(String(s.item.description)),
      );
    });
    assert.match(String(worker.item.description), /^DELETE — still running in 1 cluster · IN_PROGRESS/);
    const warningRow = (await items(api.lifecycle.provider, await children(api.lifecycle.provider, worker.node)))[0];
    assert.equal(warningRow?.context, 'inUse');
    assert.equal(warningRow?.item.command?.command, 'imageFootprint.lookupImage');
    // Stopped 6 hours ago, nothing running: still a warning, worded for what it is.
    const oldWeb = await waitFor('the answer for shop/web:1.3.0', async () => {
      const shown = await items(api.lifecycle.provider, resources);
      return shown.find(
        (s) =>
          s.label === 'shop/web:1.3.0' &&
          /^DELETE — used in the last 24 h in 1 cluster/.test(String(s.item.description)),
      );
    });
    assert.ok(oldWeb);
    const uncovered = await waitFor('the answer for shop/web:1.2.0', async () => {
      const shown = await items(api.lifecycle.provider, resources);
      return shown.find(
        (s) => s.label === 'shop/web:1.2.0' && /not covered by Inspector/.test(String(s.item.description)),
      );
    });
    assert.ok(uncovered);
    const lookups = await emulator.requests('GetClustersForImage');
    const checked = new Set(lookups.map((r) => JSON.stringify(r.input.filter)));
    const destructive = executionOf(data, CONTAINER_IN_PROGRESS).resources.filter((r) => r.action.name !== 'AVAILABLE');
    assert.ok(checked.size <= destructive.length, 'no request for AVAILABLE resources');
  });

  it('pages associated resources of an image (60 AMIs at 25) and shows snapshot states', async () => {
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      AMI_IN_PROGRESS,
    )) as ExecutionNode;
    const resources = await loadAll(api.lifecycle.provider, node);
    const parents = (await items(api.lifecycle.provider, resources)).filter((s) =>
      (s.node as unknown as { resource: { resourceId?: string } }).resource.resourceId?.includes(':image/'),
    );
    assert.ok(parents.length > 0);
    let amis: TreeNode[] = [];
    for (const p of parents) {
      const group = (await children(api.lifecycle.provider, p.node)).find((c) => c.id.endsWith('/$associated'));
      assert.ok(group, 'an "Associated resources" row');
      const assoc = await loadAll(api.lifecycle.provider, group);
      if (assoc.length > amis.length) amis = assoc;
    }
    assert.ok(amis.length >= 60, `the biggest parent has 60 AMIs, got ${amis.length}`);
    const withSnapshots = (await items(api.lifecycle.provider, amis)).find(
      (s) => s.context === 'lifecycleResourceWithSnapshots',
    );
    assert.ok(withSnapshots);
    const before = api.panels.openCount;
    await vscode.commands.executeCommand('imageFootprint.showSnapshotStates', withSnapshots.node);
    assert.equal(api.panels.openCount, before + 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const assocRequests = (await emulator.requests('ListLifecycleExecutionResources')).filter(
      (r) => typeof r.input.parentResourceId === 'string',
    );
    assert.ok(assocRequests.length >= 3, 'several pages with parentResourceId');
    assert.deepEqual((await emulator.requests('GetClustersForImage')).length, 0, 'AMIs never cause an in-use request');
  });

  it('opens the snapshot panel from ids alone, finding an AMI among associated resources', async () => {
    const execution = executionOf(data, AMI_IN_PROGRESS) as unknown as {
      resources: { resourceId: string; associated?: { resourceId: string; snapshots?: unknown[] }[] }[];
    };
    const ami = execution.resources.flatMap((r) => r.associated ?? []).find((r) => (r.snapshots?.length ?? 0) > 0);
    assert.ok(ami, 'the demo data has an AMI with snapshots under an image');
    const before = api.panels.openCount;
    await vscode.commands.executeCommand('imageFootprint.showSnapshotStates', {
      lifecycleExecutionId: AMI_IN_PROGRESS,
      resourceId: ami.resourceId,
    });
    assert.equal(api.panels.openCount, before + 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists policies, then executions newest first, when the user asks', async () => {
    await vscode.commands.executeCommand('imageFootprint.listLifecyclePolicies');
    const roots = await children(api.lifecycle.provider);
    const policiesRoot = roots.find((r) => r.id === 'policies');
    assert.ok(policiesRoot);
    const policies = await items(api.lifecycle.provider, await loadAll(api.lifecycle.provider, policiesRoot));
    const container = policies.find((p) => p.label === 'shop-container-retention');
    assert.ok(container, policies.map((p) => p.label).join(', '));
    const executions = (await loadAll(api.lifecycle.provider, container.node)) as ExecutionNode[];
    const starts = executions.map((e) => e.execution?.startTime?.getTime() ?? 0);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
    assert.ok(executions.length >= 4);
  });

  it('an unknown execution id is a clear error, not an empty node', async () => {
    const node = await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      'lce-00000000-0000-4000-8000-000000000000',
    );
    assert.equal(node, undefined);
    assert.equal(api.lifecycle.openedExecutions.length, 0);
  });
});
