// The Lifecycle Executions view in a real VS Code against the emulator: opening an execution by id, every resource
// page, snapshots and associated resources, the snapshot panel, policies and executions, and the in-use warning.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ExecutionNode } from '../../src/imagebuilder/lifecycleNodes';
import type { TreeNode } from '../../src/tree/node';
import {
  children,
  DEMO_REGISTRY,
  emulator,
  extensionApi,
  items,
  setSetting,
  waitFor,
  type EmulatorDataView,
} from './support/harness';

// The demo data's fixed execution ids (test/emulator/demo.ts).
const CONTAINER_SUCCESS = 'lce-c0a1b2c3-0002-4d00-8a00-000000000002';
const CONTAINER_IN_PROGRESS = 'lce-c0a1b2c3-0001-4d00-8a00-000000000001';
const CONTAINER_KEPT = 'lce-c0a1b2c3-0006-4d00-8a00-000000000006';
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

/** A tooltip as the user reads it: Markdown escapes and non-breaking spaces undone. */
function tooltipText(item: vscode.TreeItem): string {
  const t = item.tooltip;
  const value = typeof t === 'string' ? t : (t?.value ?? '');
  // Tooltips escape every Markdown punctuation mark from data (a `:` too, so no URL becomes a link): read as shown.
  return value.replace(/&nbsp;/g, ' ').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function demoDigestOf(data: EmulatorDataView, repository: string, tag: string): string {
  const image = data.images.find((i) => i.repository === repository && i.tags.includes(tag));
  assert.ok(image, `${repository}:${tag} is in the demo data`);
  return image.digest;
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
    // Stop what the last test left running first, then clear the emulator's log: no late request is counted.
    for (const node of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(node);
    api.usage.clear();
    // Refresh forgets the policies read so far (GetLifecyclePolicy is answered once per view session).
    api.lifecycle.refresh();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await emulator.reset();
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
    // The in-use checks of DELETEd images also read their associated resources (parentResourceId): not counted here.
    const pages = (await emulator.requests('ListLifecycleExecutionResources')).filter(
      (r) => r.input.parentResourceId === undefined,
    );
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

  it('flags the top-level Image Builder image of a container run whose ECR image still runs, without expanding anything', async () => {
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      CONTAINER_IN_PROGRESS,
    )) as ExecutionNode;
    const provider = api.lifecycle.provider;
    const resources = await loadAll(provider, node);
    // The real shape: Image Builder image ARNs at the top, nothing expanded.
    for (const r of resources) {
      assert.match(
        (r as unknown as { resource: { resourceId?: string } }).resource.resourceId ?? '',
        /:imagebuilder:.*:image\//,
      );
    }
    // Rendering the rows starts the in-use checks; they finish in the background.
    await items(provider, resources);
    const worker = await waitFor('the in-use warning on the shop-worker image', async () => {
      const shown = await items(provider, resources);
      return shown.find(
        (s) => s.label === 'shop-worker 0.9.7/1' && /still running in \d+ cluster/.test(String(s.item.description)),
      );
    });
    assert.equal(worker.node.parent, node, 'the flagged row is a top-level resource');
    assert.match(
      String(worker.item.description),
      /^DELETE — still running in 1 cluster; new tasks and pods will fail to pull it · IN_PROGRESS/,
    );
    assert.match(
      tooltipText(worker.item),
      /Urgent: the policy deletes the ECR image too[^]*new tasks and pods[^]*will fail to pull it/,
    );
    // One row per ECR distribution under it: us-east-1 runs it (opens the clusters), us-west-2 is not covered.
    const under = await items(provider, await children(provider, worker.node));
    const inUse = under.filter((u) => u.context === 'inUse');
    assert.equal(inUse.length, 1);
    assert.equal(inUse[0]?.item.command?.command, 'imageFootprint.lookupImage');
    const workerImage = data.images.find((i) => i.repository === 'shop/worker' && i.tags.includes('0.9.7'));
    assert.ok(workerImage);
    assert.equal(
      inUse[0]?.item.command?.arguments?.[0],
      `arn:aws:ecr:us-east-1:111122223333:repository/shop/worker/${workerImage.digest}`,
      'matched by digest',
    );
    assert.match(String(inUse[0]?.item.description), /us-east-1/);
    assert.ok(under.some((u) => /Not covered/.test(u.label) && /us-west-2/.test(String(u.item.description))));

    // Stopped 6 hours ago, nothing running: still a warning, worded for what it is.
    await waitFor('the answer for shop-web 1.3.0', async () =>
      (await items(provider, resources)).find(
        (s) =>
          s.label === 'shop-web 1.3.0/1' &&
          /^DELETE — used in the last 24 h in 1 cluster/.test(String(s.item.description)),
      ),
    );
    // No imageUris at the top: its ECR image is found among its associated resources.
    await waitFor('the answer for shop-web 1.2.0', async () =>
      (await items(provider, resources)).find(
        (s) => s.label === 'shop-web 1.2.0/1' && /not covered by Inspector/.test(String(s.item.description)),
      ),
    );
    const shown = await items(provider, resources);
    const skipped = shown.find((s) => s.label === 'shop-api 1.9.0/1');
    assert.match(String(skipped?.item.description), /^DELETE · SKIPPED/);
    assert.doesNotMatch(String(skipped?.item.description), /running|checking|not in use/);
    for (const available of shown.filter((s) => String(s.item.description).startsWith('AVAILABLE'))) {
      assert.doesNotMatch(String(available.item.description), /running|checking|not in use|not covered/);
    }

    // No wasted requests: the policy once; Inspector only for the three DELETEd images, never AVAILABLE or SKIPPED.
    assert.equal((await emulator.requests('GetLifecyclePolicy')).length, 1);
    const inspector = [
      ...(await emulator.requests('GetClustersForImage')),
      ...(await emulator.requests('ListCoverage')),
    ].map((r) => JSON.stringify(r.input));
    assert.ok(inspector.length > 0);
    for (const spared of ['shop/api', demoDigestOf(data, 'shop/web', '1.4.2')]) {
      assert.ok(!inspector.some((i) => i.includes(spared)), `no Inspector request about ${spared}`);
    }
  });

  it('finds the policy of an execution known only by id (restored from saved state) before warning', async () => {
    // As a restored execution: no policy ARN known, so GetLifecycleExecution names it, then GetLifecyclePolicy.
    const node = await api.lifecycle.addOpened(
      { lifecycleExecutionId: CONTAINER_IN_PROGRESS, hasImpactedResources: true },
      'us-east-1',
    );
    const provider = api.lifecycle.provider;
    const resources = await loadAll(provider, node);
    await items(provider, resources);
    await waitFor('the urgent warning on the shop-worker image', async () =>
      (await items(provider, resources)).find(
        (s) => s.label === 'shop-worker 0.9.7/1' && /will fail to pull it/.test(String(s.item.description)),
      ),
    );
    assert.equal((await emulator.requests('GetLifecycleExecution')).length, 1);
    assert.deepEqual(
      (await emulator.requests('GetLifecyclePolicy')).map((r) => r.input.lifecyclePolicyArn),
      [data.lifecyclePolicies.find((p) => p.name === 'shop-container-retention')?.arn],
    );
  });

  it('says the ECR image is kept when the policy does not include containers, and asks Inspector nothing', async () => {
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.openLifecycleExecution',
      CONTAINER_KEPT,
    )) as ExecutionNode;
    const provider = api.lifecycle.provider;
    const resources = await loadAll(provider, node);
    await items(provider, resources);
    const api200 = await waitFor('the kept row', async () =>
      (await items(provider, resources)).find((s) =>
        String(s.item.description).includes('Image Builder image deleted; ECR image kept'),
      ),
    );
    assert.equal(api200.label, 'shop-api 2.0.0/1');
    assert.match(tooltipText(api200.item), /includeResources\.containers is false/);
    assert.equal((await emulator.requests('GetClustersForImage')).length, 0);
    assert.equal((await emulator.requests('ListCoverage')).length, 0);
  });

  it('shows the rows of an execution whose states and actions are Object.prototype names', async () => {
    const id = 'lce-0b1ec700-0000-4000-8000-000000000001';
    await emulator.setData({
      now: '2026-11-30T00:00:00Z',
      lifecyclePolicies: [
        {
          name: 'hostile-names',
          accountId: '111122223333',
          region: 'us-east-1',
          resourceType: 'CONTAINER_IMAGE',
          executions: [
            {
              lifecycleExecutionId: id,
              state: { status: 'constructor', reason: '__proto__' },
              startTime: '2026-11-29T00:00:00Z',
              resources: ['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((name, i) => ({
                accountId: '111122223333',
                resourceId: `arn:aws:imagebuilder:us-east-1:111122223333:image/odd-${i}/1.0.${i}/1`,
                region: 'us-east-1',
                state: { status: name },
                action: { name },
                imageUris: [`${DEMO_REGISTRY}/odd/app:1.0.${i}`],
                associated: [
                  {
                    accountId: '111122223333',
                    resourceId: `${DEMO_REGISTRY}/odd/app:1.0.${i}`,
                    region: 'us-east-1',
                    state: { status: name },
                    action: { name },
                    snapshots: [{ snapshotId: `snap-0000000000000000${i}`, state: { status: name } }],
                  },
                ],
              })),
            },
          ],
        },
      ],
    });
    const node = (await vscode.commands.executeCommand('imageFootprint.openLifecycleExecution', id)) as ExecutionNode;
    assert.ok(node, 'the execution opens');
    const provider = api.lifecycle.provider;
    const [head] = await items(provider, [node]);
    assert.match(String(head?.item.description), /^constructor/);
    const resources = await loadAll(provider, node);
    const rows = await items(provider, resources);
    assert.equal(rows.length, 4);
    assert.deepEqual(
      rows.map((r) => r.label),
      ['odd-0 1.0.0/1', 'odd-1 1.0.1/1', 'odd-2 1.0.2/1', 'odd-3 1.0.3/1'],
    );
    for (const r of rows) {
      const under = await items(provider, await children(provider, r.node));
      const group = under.find((u) => u.context === 'associatedResources');
      assert.ok(group);
      const assoc = await items(provider, await loadAll(provider, group.node));
      assert.equal(assoc.length, 1);
      const snapshots = await items(provider, await children(provider, assoc[0]!.node));
      assert.ok(snapshots.length > 0);
    }
    assert.equal((await emulator.requests('GetClustersForImage')).length, 0, 'no action took an image out of use');
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
    assert.deepEqual((await emulator.requests('ListCoverage')).length, 0);
    assert.ok((await emulator.requests('GetLifecyclePolicy')).length <= 1, 'the policy is read at most once');
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
