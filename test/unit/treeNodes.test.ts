/**
 * The tree machinery in plain Node with the `vscode` stand-in (test/support/useStandIn.ts): NodeTreeProvider's row cache
 * and its "row shown" hook, PagedNode's findOrLoad and shared first page, and the lifecycle nodes (a listed and an
 * opened execution are two types; drawing a resource row never starts a request), and the Image Clusters roots (an
 * image the user adds is drawn expanded, a restored one collapsed).
 */
import '../support/useStandIn';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type {
  ClusterInfo,
  LifecycleExecution,
  LifecyclePolicySummary,
  LifecycleResource,
  Page,
} from '../../src/aws/types';
import { ListedExecutionNode, OpenedExecutionNode } from '../../src/imagebuilder/executionNodes';
import type { ImageBuilderLifecycle } from '../../src/imagebuilder/lifecycle';
import type { LifecycleSource } from '../../src/imagebuilder/lifecycleSource';
import { PoliciesNode, PolicyNode } from '../../src/imagebuilder/policyNodes';
import { ResourceNode } from '../../src/imagebuilder/resourceNodes';
import { FootprintError } from '../../src/aws/errors';
import { ClusterNode, ImageNode, type ClusterSource } from '../../src/inspector/clusterNodes';
import { subjectFromResourceId, type ImageSubject } from '../../src/inspector/imageSubject';
import type { ImageUsage } from '../../src/inspector/imageUsage';
import { NodeTreeProvider, TreeNode } from '../../src/tree/node';
import { AwsSession } from '../../src/aws/session';
import { ClustersView } from '../../src/inspector/clustersView';
import { InspectorImages } from '../../src/inspector/images';
import { SettingsStore } from '../../src/settingsStore';
import { TreeItemCollapsibleState, window as standInWindow } from '../support/vscodeStandIn';
import { PagedNode, type PagingOptions } from '../../src/tree/pagedNode';

class Leaf extends TreeNode {
  builds = 0;
  shown = 0;
  constructor(
    readonly id: string,
    parent?: TreeNode,
  ) {
    super(parent);
  }
  override rowShown(): void {
    this.shown++;
  }
  getTreeItem(): vscode.TreeItem {
    this.builds++;
    return { label: `${this.id} #${this.builds}` } as vscode.TreeItem;
  }
}

class Numbers extends PagedNode<number> {
  readonly id = 'numbers';
  readonly requests: (string | undefined)[] = [];
  constructor(
    private readonly pages: readonly (readonly number[])[],
    private readonly provider: NodeTreeProvider,
  ) {
    super(undefined);
  }
  protected paging(): PagingOptions<number> {
    return {
      loadPage: async (token): Promise<Page<number>> => {
        this.requests.push(token);
        const i = token === undefined ? 0 : Number(token);
        return { items: this.pages[i] ?? [], nextToken: i + 1 < this.pages.length ? String(i + 1) : undefined };
      },
      toNode: (n) => new Leaf(`n${n}`, this),
      notify: this.provider.notify,
      toError: () => ({
        kind: 'other',
        message: 'failed',
        hint: '',
        fullMessage: 'failed',
        actions: [],
        actionLook: () => undefined,
      }),
      noun: 'numbers',
      emptyMessage: 'none',
    };
  }
  getTreeItem(): vscode.TreeItem {
    return { label: 'numbers' } as vscode.TreeItem;
  }
}

describe('NodeTreeProvider', () => {
  it('builds a row once per generation, calls rowShown before building, and gives nodes no named cache field', () => {
    const a = new Leaf('a');
    const b = new Leaf('b');
    const provider = new NodeTreeProvider(() => [a, b]);
    const first = provider.getTreeItem(a);
    assert.equal(provider.getTreeItem(a), first, 'asked again: the same row');
    assert.deepEqual([a.builds, a.shown], [1, 1]);
    assert.equal(first.id, 'a');
    // The row is kept on the node under keys private to src/tree/node.ts: no node or caller can name them.
    assert.deepEqual(Object.keys(a).sort(), Object.keys(new Leaf('c')).sort(), 'building a row adds no named field');
    assert.equal(Object.getOwnPropertySymbols(a).length, 2, 'the provider keeps the row under two symbol keys');
    provider.notify(a);
    assert.notEqual(provider.getTreeItem(a), first, 'a node that changed is built again');
    provider.getTreeItem(b);
    provider.getTreeItem(b);
    assert.equal(b.builds, 1, 'its sibling is not');
    provider.notify();
    provider.getTreeItem(b);
    assert.deepEqual([a.builds, b.builds], [2, 2], 'a whole-tree change rebuilds every row');
  });

  it("never hands one tree's row to another tree", () => {
    const a = new Leaf('a');
    const one = new NodeTreeProvider(() => [a]);
    const two = new NodeTreeProvider(() => [a]);
    const fromOne = one.getTreeItem(a);
    assert.notEqual(two.getTreeItem(a), fromOne, 'the second tree builds its own row');
    assert.equal(a.builds, 2);
    two.notify();
    one.notify();
    two.getTreeItem(a);
    assert.equal(a.builds, 3, 'generations of the two trees never coincide');
  });
});

describe('cluster rows', () => {
  const image = new ImageNode(
    {
      resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/app/sha256:${'a'.repeat(64)}`,
      region: 'us-east-1',
      accountId: '111122223333',
      repository: 'app',
      input: 'app',
    },
    { loadClustersPage: () => Promise.resolve({ items: [] }), toError: () => assert.fail('no error expected') },
    () => undefined,
  );
  const cluster = (arn: string, running: number): ClusterInfo => ({
    clusterArn: arn,
    details: [{ runningUnitCount: running, stoppedUnitCount: 0, metadata: { kind: 'unknown' } }],
  });
  const icon = (c: ClusterInfo, i: number) => new ClusterNode(image, c, i).getTreeItem().iconPath as vscode.ThemeIcon;

  it('shows the kind and whether units run now in the icon; rows that look the same share one icon object', () => {
    const ecs = 'arn:aws:ecs:us-east-1:111122223333:cluster/web';
    const eks = 'arn:aws:eks:us-east-1:111122223333:cluster/k8s';
    const runningEcs = icon(cluster(ecs, 2), 0);
    assert.deepEqual([runningEcs.id, runningEcs.color?.id], ['server-process', 'charts.green']);
    const idleEks = icon(cluster(eks, 0), 1);
    assert.deepEqual([idleEks.id, idleEks.color], ['symbol-namespace', undefined]);
    assert.equal(icon(cluster('not an arn', 0), 2).id, 'question');
    assert.equal(icon(cluster(`${ecs}2`, 5), 3), runningEcs, '10,000 rows make no 10,000 icons');
    assert.notEqual(icon(cluster(ecs, 0), 4), runningEcs, 'an idle cluster is not drawn green');
  });
});

describe('PagedNode', () => {
  const provider = new NodeTreeProvider(() => []);

  it('findOrLoad pages on until the child turns up, and no further', async () => {
    const node = new Numbers(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      provider,
    );
    const found = await node.findOrLoad((n): n is Leaf => n instanceof Leaf && n.id === 'n3', 5);
    assert.equal(found?.id, 'n3');
    assert.deepEqual(node.requests, [undefined, '1'], 'two pages read, not three');
    assert.deepEqual(node.items, [1, 2, 3, 4]);
  });

  it('findOrLoad stops after maxPages more pages and at the end of the list', async () => {
    const bounded = new Numbers([[1], [2], [3], [4]], provider);
    const none = (n: TreeNode): n is Leaf => n instanceof Leaf && n.id === 'n9';
    assert.equal(await bounded.findOrLoad(none, 1), undefined);
    assert.deepEqual(bounded.requests, [undefined, '1'], 'the first page, then one more');
    const short = new Numbers([[1], [2]], provider);
    assert.equal(await short.findOrLoad(none, 10), undefined);
    assert.deepEqual(short.requests, [undefined, '1'], 'no request past the last page');
  });

  it('loadFirstPage shares the request in flight and never reads page one twice; reset starts over', async () => {
    const node = new Numbers([[1, 2], [3]], provider);
    await Promise.all([node.loadFirstPage(), node.loadFirstPage(), node.getChildren()]);
    await node.loadFirstPage();
    assert.deepEqual(node.requests, [undefined]);
    assert.equal(node.pagesLoaded, 1);
    node.reset();
    assert.deepEqual([node.items.length, node.pagesLoaded, node.pagerState], [0, 0, 'initial']);
  });

  it('answers getChildren with the same list and Load more row until a page lands; reset forgets it', async () => {
    const node = new Numbers([[1, 2], [3]], provider);
    const first = await node.getChildren();
    assert.equal(await node.getChildren(), first, 'nothing changed: the same list');
    const loadMore = first[first.length - 1];
    assert.equal(first.length, 3);
    await node.findOrLoad((n): n is Leaf => n instanceof Leaf && n.id === 'n3', 1);
    const second = await node.getChildren();
    assert.notEqual(second, first);
    assert.deepEqual(
      second.map((n) => n.id),
      ['n1', 'n2', 'n3'],
    );
    assert.equal(second[0], first[0], 'the rows already shown are the same nodes');
    assert.ok(!second.includes(loadMore as TreeNode), 'no Load more row after the last page');
    node.reset();
    const again = await node.getChildren();
    assert.notEqual(again, first);
    assert.deepEqual(again.map((n) => n.id).slice(0, 2), ['n1', 'n2']);
  });
});

describe('lifecycle nodes', () => {
  const provider = new NodeTreeProvider(() => []);
  /** A row of a resource of `execution` (not one of the associated resources). */
  const resourceRow = (execution: OpenedExecutionNode, resource: LifecycleResource, index: number): ResourceNode =>
    new ResourceNode({ parent: execution, execution, resource, index, topLevel: false });
  const execution: LifecycleExecution = {
    lifecycleExecutionId: 'lce-0123456789abcdef0',
    lifecyclePolicyArn: 'arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/p',
    hasImpactedResources: true,
    state: { status: 'IN_PROGRESS' },
  };
  const policy: LifecyclePolicySummary = { arn: execution.lifecyclePolicyArn as string, name: 'p' };

  function source(): LifecycleSource & { usageAsked: number } {
    const fake = {
      usageAsked: 0,
      notify: provider.notify,
      lifecycle: {
        policy: () => Promise.resolve({ arn: policy.arn, resourceType: 'CONTAINER_IMAGE', rules: [] }),
        // What the view has of the policy without waiting: nothing, unless a test says otherwise.
        knownPolicy: () => undefined,
        toError: () => {
          throw new Error('no error expected');
        },
      } as unknown as ImageBuilderLifecycle,
      limitCheckRead: <T>(task: () => Promise<T>) => task(),
      imageUsage: (): Promise<ImageUsage> => {
        fake.usageAsked++;
        return new Promise<ImageUsage>(() => undefined);
      },
      workspaceReferences: () => [],
    };
    return fake;
  }

  it('a listed and an opened execution are two types with their own row words', () => {
    const s = source();
    const policies = new PoliciesNode('us-east-1', 'default', s);
    const policyNode = new PolicyNode({ parent: policies, policy, index: 0, source: s });
    const listed = new ListedExecutionNode({ policy: policyNode, execution, index: 0, source: s });
    const opened = new OpenedExecutionNode({
      executionId: execution.lifecycleExecutionId,
      region: 'us-east-1',
      source: s,
      execution,
    });
    assert.equal(listed.getTreeItem().contextValue, 'lifecycleExecutionActive');
    assert.equal(opened.getTreeItem().contextValue, 'openedExecutionActive');
    assert.doesNotMatch(String(listed.getTreeItem().description), /lce-/, 'under its policy the id is not repeated');
    assert.match(String(opened.getTreeItem().description), /IN_PROGRESS/);
    assert.equal(opened.id, `execution/us-east-1/${execution.lifecycleExecutionId}`);
    assert.ok(listed.id.startsWith(`${policyNode.id}/0:`));
  });

  it("a resource row's icon: failed, then skipped, then the action's, then the kind's", () => {
    const s = source();
    const opened = new OpenedExecutionNode({
      executionId: execution.lifecycleExecutionId,
      region: 'us-east-1',
      source: s,
      execution,
    });
    const ami = 'ami-0123456789abcdef0';
    const icon = (resource: Partial<LifecycleResource>): string => {
      const full: LifecycleResource = { snapshots: [], imageUris: [], ...resource };
      const node = resourceRow(opened, full, 0);
      const i = node.getTreeItem().iconPath as vscode.ThemeIcon & { color?: { id: string } };
      return [i.id, i.color?.id].filter(Boolean).join(' ');
    };
    assert.equal(
      icon({ resourceId: ami, action: { name: 'DELETE' }, state: { status: 'FAILED' } }),
      'error errorForeground',
    );
    assert.equal(icon({ resourceId: ami, action: { name: 'DELETE' }, state: { status: 'SKIPPED' } }), 'shield');
    assert.equal(
      icon({ resourceId: ami, action: { name: 'DELETE' }, state: { status: 'SUCCESS' } }),
      'trash errorForeground',
    );
    assert.equal(icon({ resourceId: ami, action: { name: 'DEPRECATE' } }), 'archive list.warningForeground');
    assert.equal(icon({ resourceId: ami, action: { name: 'DISABLE' } }), 'circle-slash');
    assert.equal(icon({ resourceId: ami, action: { name: 'AVAILABLE' } }), 'vm');
    assert.equal(icon({ resourceId: ami, action: { name: 'constructor' } }), 'vm', 'a name from the wire is data');
    assert.equal(icon({ resourceId: 'something-else', action: { name: 'AVAILABLE' } }), 'file-binary');
    const uri = '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1';
    assert.equal(icon({ resourceId: uri, imageUris: [uri] }), 'package');
    // Rows share their icons: the same object for the same look.
    const deleted = (resourceId: string): LifecycleResource => ({
      resourceId,
      action: { name: 'DELETE' },
      snapshots: [],
      imageUris: [],
    });
    const a = resourceRow(opened, deleted(ami), 0);
    const b = resourceRow(opened, deleted('ami-0fedcba9876543210'), 1);
    assert.equal(a.getTreeItem().iconPath, b.getTreeItem().iconPath);
  });

  it('drawing a resource row starts no request; the row being shown starts its in-use check once', async () => {
    const s = source();
    const opened = new OpenedExecutionNode({
      executionId: execution.lifecycleExecutionId,
      region: 'us-east-1',
      source: s,
      execution,
    });
    const resource: LifecycleResource = {
      resourceId: '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web@sha256:' + 'a'.repeat(64),
      action: { name: 'DELETE' },
      state: { status: 'SUCCESS' },
      snapshots: [],
      imageUris: [],
    };
    const node = resourceRow(opened, resource, 0);
    node.getTreeItem();
    node.getTreeItem();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(node.usage.kind, 'notChecked', 'getTreeItem only draws');
    assert.equal(s.usageAsked, 0);
    provider.getTreeItem(node);
    provider.getTreeItem(node);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(node.usage.kind, 'checking');
    assert.equal(s.usageAsked, 1, 'one check, however often the row is asked for');
  });

  it("rows shown once the policy's rules are known answer from them at once: no promise, no redraw", async () => {
    const s = source();
    const notified: TreeNode[] = [];
    const watched = { ...s, notify: (n?: TreeNode) => void (n && notified.push(n)) };
    const opened = new OpenedExecutionNode({
      executionId: execution.lifecycleExecutionId,
      region: 'us-east-1',
      source: watched,
      execution,
    });
    // A policy that keeps the ECR images: a DELETE of an ECR image is then "kept", whatever runs it.
    (watched.lifecycle as unknown as { policy: () => Promise<unknown> }).policy = () =>
      Promise.resolve({
        arn: policy.arn,
        resourceType: 'CONTAINER_IMAGE',
        rules: [{ actionType: 'DELETE', includeResources: { containers: false } }],
      });
    const resource = (i: number): LifecycleResource => ({
      resourceId: `111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web@sha256:${String(i).repeat(64)}`,
      action: { name: 'DELETE' },
      state: { status: 'SUCCESS' },
      snapshots: [],
      imageUris: [],
    });
    const first = resourceRow(opened, resource(1), 0);
    first.rowShown();
    assert.equal(first.usage.kind, 'checking', 'before the rules are known the row waits for them');
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(first.usage.kind, 'done');
    assert.deepEqual(notified, [first]);
    const later = resourceRow(opened, resource(2), 1);
    later.rowShown();
    assert.equal(later.usage.kind, 'done', 'answered at once');
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(notified, [first], 'no redraw of the later row');
    assert.equal(s.usageAsked, 0, 'the policy keeps the images: no in-use request');
    opened.reset();
    const afterRefresh = resourceRow(opened, resource(3), 0);
    afterRefresh.rowShown();
    assert.equal(afterRefresh.usage.kind, 'checking', 'a refresh reads the rules again');
    // Once the view has the policy, the rows of a refreshed execution answer from it at once.
    (watched.lifecycle as unknown as { knownPolicy: () => unknown }).knownPolicy = () => ({
      arn: policy.arn,
      resourceType: 'CONTAINER_IMAGE',
      rules: [{ actionType: 'DELETE', includeResources: { containers: false } }],
    });
    opened.reset();
    const known = resourceRow(opened, resource(4), 0);
    known.rowShown();
    assert.equal(known.usage.kind, 'done', 'answered at once from the policy the view has');
    await new Promise((r) => setTimeout(r, 10));
    assert.ok(!notified.includes(known), 'no redraw');
  });
});

describe('Image Clusters image row', () => {
  it('makes no request once removed, even when VS Code still asks for its children', async () => {
    const resourceId = `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/sha256:${'ab12'.repeat(16)}`;
    const subject = subjectFromResourceId(resourceId);
    assert.ok(subject);
    const requests: (string | undefined)[] = [];
    const source: ClusterSource = {
      loadClustersPage: async (_image, token) => {
        requests.push(token);
        return { items: [{ clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod-web', details: [] }] };
      },
      toError: () => new FootprintError('unknown', 'failed', '', []),
    };
    const node = new ImageNode(subject, source, () => undefined);
    assert.equal((await node.getChildren()).length, 1);
    node.reset();
    assert.equal((await node.getChildren()).length, 1, 'a refreshed row loads again');
    assert.equal(requests.length, 2);
    node.remove();
    assert.deepEqual(await node.getChildren(), []);
    assert.equal(requests.length, 2, 'a removed row loads nothing');
  });
});

describe('Image Clusters roots', () => {
  const image = (n: number): ImageSubject => ({
    resourceId: `arn:aws:ecr:us-east-1:111122223333:repository/app/sha256:${String(n).repeat(64)}`,
    region: 'us-east-1',
    accountId: '111122223333',
    repository: 'app',
    input: `app@${n}`,
  });
  const noSource = {
    loadClustersPage: (): Promise<Page<ClusterInfo>> => Promise.reject(new Error('no request in this test')),
    toError: (err: unknown) => err as FootprintError,
  };

  it('draws an image the user just added expanded (VS Code asks for its page at once), later rows collapsed', () => {
    const node = new ImageNode(image(1), noSource, () => undefined);
    const provider = new NodeTreeProvider(() => [node]);
    node.expandWhenShown = true;
    assert.equal(provider.getTreeItem(node).collapsibleState, TreeItemCollapsibleState.Expanded);
    assert.equal(provider.getTreeItem(node).collapsibleState, TreeItemCollapsibleState.Expanded, 'the same row');
    provider.notify(node);
    assert.equal(
      provider.getTreeItem(node).collapsibleState,
      TreeItemCollapsibleState.Collapsed,
      'built again (a page arrived): collapsed, which VS Code ignores for a row it shows (the user folds it or not)',
    );
  });

  it('restores saved images collapsed: no request until the user opens one', () => {
    // noSource rejects every request: a restored image must not make one to be drawn.
    const node = new ImageNode(image(2), noSource, () => undefined);
    assert.equal(
      new NodeTreeProvider(() => [node]).getTreeItem(node).collapsibleState,
      TreeItemCollapsibleState.Collapsed,
    );
  });

  it('ClustersView.addImage draws only a new image expanded, and starts its first page at once', async () => {
    const log = standInWindow.createOutputChannel('test') as unknown as vscode.LogOutputChannel;
    const settings = new SettingsStore(() => undefined);
    const session = new AwsSession(
      settings,
      () => {
        throw new Error('no AWS layer in this test');
      },
      log,
    );
    const state = new Map<string, unknown>([
      ['imageFootprint.images', [{ resourceId: image(3).resourceId, input: 'saved' }]],
    ]);
    const memento = {
      keys: () => [...state.keys()],
      get: <T>(key: string, fallback?: T) => (state.has(key) ? (state.get(key) as T) : fallback),
      update: (key: string, value: unknown) => {
        state.set(key, value);
        return Promise.resolve();
      },
    } as vscode.Memento;
    const requested: string[] = [];
    const source = {
      loadClustersPage: (subject: ImageSubject): Promise<Page<ClusterInfo>> => {
        requested.push(subject.input);
        return Promise.resolve({
          items: [{ clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/a', details: [] }],
        });
      },
      toError: (err: unknown) => err as FootprintError,
    };
    const view = new ClustersView(session, settings, memento, log, source as unknown as InspectorImages);
    const reveals: { id: string; expand: unknown }[] = [];
    (view.treeView as { reveal: unknown }).reveal = (node: TreeNode, options: { expand?: unknown }) => {
      reveals.push({ id: node.id, expand: options.expand });
      return Promise.resolve();
    };
    try {
      const [restored] = view.imageNodes;
      assert.equal(restored?.expandWhenShown, false);
      const adding = view.addImage(image(4));
      assert.deepEqual(requested, ['app@4'], 'the page is asked for as the image is added, before VS Code asks');
      const added = await adding;
      assert.equal(view.provider.getTreeItem(added).collapsibleState, TreeItemCollapsibleState.Expanded);
      assert.equal(
        view.provider.getTreeItem(restored as ImageNode).collapsibleState,
        TreeItemCollapsibleState.Collapsed,
      );
      const rows = await view.provider.getChildren(added);
      assert.equal(rows?.length, 1, 'VS Code gets the page that was started');
      assert.deepEqual(requested, ['app@4'], 'and no second request');
      const again = await view.addImage(image(4));
      assert.equal(again, added);
      assert.equal(again.expandWhenShown, false, 'an image already shown is revealed, not redrawn expanded');
      assert.deepEqual(requested, ['app@4'], 'nor asked for again');
      assert.deepEqual(
        reveals,
        [
          { id: added.id, expand: false },
          { id: added.id, expand: true },
        ],
        'a new image is only selected (it is drawn expanded); one already there is expanded by the reveal',
      );
    } finally {
      view.dispose();
      session.dispose();
      settings.dispose();
    }
  });
});
