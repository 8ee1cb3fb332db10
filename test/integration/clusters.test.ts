// The Image Clusters view in a real VS Code against the emulator: lookup from the palette's argument form, lazy
// paging with "Load more", errors as nodes with Retry, token loops, unknown union members, and both panels.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ImageNode } from '../../src/inspector/clusterNodes';
import type { TreeNode } from '../../src/tree/node';
import {
  children,
  DEMO_REGISTRY,
  emulator,
  extensionApi,
  items,
  setSetting,
  type EmulatorDataView,
} from './support/harness';

const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;
const BASE = `${DEMO_REGISTRY}/platform/base:2026.11`;

function imageOf(data: EmulatorDataView, repository: string, tag: string): EmulatorDataView['images'][number] {
  const image = data.images.find(
    (i) => i.repository === repository && i.tags.includes(tag) && i.region === 'us-east-1',
  );
  assert.ok(image, `${repository}:${tag} is in the emulator data`);
  return image;
}

describe('Image Clusters view', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let data: EmulatorDataView;

  before(async () => {
    api = await extensionApi();
    await emulator.reset();
    data = await emulator.data();
    await vscode.commands.executeCommand('imageFootprint.clusters.focus');
  });

  beforeEach(async () => {
    await emulator.reset();
    for (const node of [...api.clusters.imageNodes]) await api.clusters.removeImage(node);
  });

  after(async () => {
    await setSetting('pageSize.clusters', undefined);
    await emulator.reset();
  });

  it('looks up an image by tag: one ListCoverage, then its clusters on expand', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode | undefined;
    assert.ok(node, 'the lookup returns the image node');
    assert.equal(api.clusters.imageNodes.length, 1);
    const expected = imageOf(data, 'shop/web', '1.4.2');
    assert.ok(node.image.resourceId.endsWith(`/${expected.digest}`), node.image.resourceId);
    const kids = await children(api.clusters.provider, node);
    const shown = await items(api.clusters.provider, kids);
    const names = shown.filter((s) => /Cluster$/.test(s.context)).map((s) => s.label);
    assert.deepEqual(
      names.sort(),
      expected.clusters.map((c) => c.clusterArn.split('/').pop()).sort(),
      'one node per cluster, named from the ARN',
    );
    const ecs = shown.find((s) => s.label === 'prod-web');
    assert.equal(ecs?.context, 'ecsCluster');
    assert.match(String(ecs?.item.description), /^ECS · \d+ running · \d+ stopped in 24 h$/);
    const ops = (await emulator.requests()).map((r) => r.operation);
    assert.deepEqual(ops, ['ListCoverage', 'GetClustersForImage']);
  });

  it('pages through hundreds of clusters with Load more, keeping the pages already shown', async () => {
    await setSetting('pageSize.clusters', 40);
    const expected = imageOf(data, 'platform/base', '2026.11');
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    let kids = await children(api.clusters.provider, node);
    const firstPage = kids.slice(0, -1);
    const firstRow = await api.clusters.provider.getTreeItem(firstPage[0] as TreeNode);
    let guard = 0;
    for (;;) {
      const last = (await items(api.clusters.provider, kids.slice(-1)))[0];
      if (last?.context !== 'loadMore') break;
      await vscode.commands.executeCommand('imageFootprint.loadMore', last.node);
      kids = await children(api.clusters.provider, node);
      assert.ok(++guard < 100, 'too many pages');
    }
    const clusters = (await items(api.clusters.provider, kids)).filter((s) => /Cluster$|^cluster$/.test(s.context));
    assert.equal(clusters.length, expected.clusters.length);
    assert.equal(new Set(kids.map((k) => k.id)).size, kids.length, 'unique ids');
    for (let i = 0; i < firstPage.length; i++) {
      assert.equal(kids[i], firstPage[i], 'first page nodes kept as they were');
    }
    assert.equal(
      await api.clusters.provider.getTreeItem(firstPage[0] as TreeNode),
      firstRow,
      'a row is built once, not again after every page',
    );
    const requests = await emulator.requests('GetClustersForImage');
    assert.ok(requests.every((r) => r.input.maxResults === 40));
    assert.equal(requests.length, guard + 1, 'one request per page');
  });

  it('loads every remaining cluster with Load All from the Load more row, one request per page', async () => {
    await setSetting('pageSize.clusters', 40);
    const expected = imageOf(data, 'platform/base', '2026.11');
    assert.ok(expected.clusters.length > 80, 'several pages');
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    const kids = await children(api.clusters.provider, node);
    const more = (await items(api.clusters.provider, kids.slice(-1)))[0];
    assert.equal(more?.context, 'loadMore');
    await emulator.clearRequests();
    await vscode.commands.executeCommand('imageFootprint.loadAll', more?.node);
    const all = await children(api.clusters.provider, node);
    const shown = await items(api.clusters.provider, all);
    assert.equal(shown.filter((s) => /Cluster$|^cluster$/.test(s.context)).length, expected.clusters.length);
    assert.equal(all.length, expected.clusters.length, 'no Load more or loading row at the end');
    assert.equal(new Set(all.map((k) => k.id)).size, all.length, 'unique ids');
    const requests = await emulator.requests('GetClustersForImage');
    assert.equal(requests.length, Math.ceil(expected.clusters.length / 40) - 1, 'each remaining page once');
    assert.ok(requests.every((r) => r.input.maxResults === 40));
  });

  it('stops Load All when its loading row is clicked, keeping what is shown', async () => {
    await setSetting('pageSize.clusters', 10);
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    const kids = await children(api.clusters.provider, node);
    await emulator.setFault('GetClustersForImage', 'latency:200');
    const running = vscode.commands.executeCommand('imageFootprint.loadAll', kids[kids.length - 1]);
    for (let i = 0; i < 100 && node.clusters.items.length < 20; i++) await new Promise((r) => setTimeout(r, 50));
    const during = await children(api.clusters.provider, node);
    const loading = (await items(api.clusters.provider, during.slice(-1)))[0];
    assert.equal(loading?.context, 'loadingAll');
    assert.equal(loading?.item.command?.command, 'imageFootprint.stopLoading');
    await vscode.commands.executeCommand('imageFootprint.stopLoading', loading?.node);
    await running;
    const kept = node.clusters.items.length;
    assert.ok(kept >= 20 && kept < 100, `${kept} clusters kept`);
    const after = await children(api.clusters.provider, node);
    const last = (await items(api.clusters.provider, after.slice(-1)))[0];
    assert.equal(last?.context, 'loadMore', 'Load more continues from there');
    assert.equal(after.length, kept + 1);
    await emulator.clearFaults();
    await vscode.commands.executeCommand('imageFootprint.loadMore', last?.node);
    assert.equal(node.clusters.items.length, kept + 10);
  });

  it('a double click on Load more fetches the next page once', async () => {
    await setSetting('pageSize.clusters', 25);
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    const kids = await children(api.clusters.provider, node);
    const more = kids[kids.length - 1] as TreeNode;
    await emulator.clearRequests();
    await Promise.all([
      vscode.commands.executeCommand('imageFootprint.loadMore', more),
      vscode.commands.executeCommand('imageFootprint.loadMore', more),
    ]);
    assert.equal((await emulator.requests('GetClustersForImage')).length, 1);
    assert.equal(node.clusters.items.length, 50);
  });

  it('shows an error as a node with Retry, keeps the shown pages, and continues after the fault clears', async () => {
    await setSetting('pageSize.clusters', 25);
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    let kids = await children(api.clusters.provider, node);
    await emulator.setFault('GetClustersForImage', 'denied');
    await vscode.commands.executeCommand('imageFootprint.loadMore', kids[kids.length - 1]);
    kids = await children(api.clusters.provider, node);
    const error = (await items(api.clusters.provider, kids.slice(-1)))[0];
    assert.equal(error?.context, 'retryableError');
    assert.match(error?.label ?? '', /Access denied/);
    assert.match(String(error?.item.description), /inspector2:GetClustersForImage/);
    assert.equal(node.clusters.items.length, 25, 'the first page stays');
    await emulator.clearFaults();
    await vscode.commands.executeCommand('imageFootprint.retry', error?.node);
    assert.equal(node.clusters.items.length, 50);
  });

  it('stops with an error node when the service returns a token it returned before', async () => {
    await setSetting('pageSize.clusters', 10);
    await emulator.setFault('GetClustersForImage', 'tokenloop');
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    let kids = await children(api.clusters.provider, node);
    for (let i = 0; i < 5; i++) {
      const last = (await items(api.clusters.provider, kids.slice(-1)))[0];
      if (last?.context !== 'loadMore') break;
      await vscode.commands.executeCommand('imageFootprint.loadMore', last.node);
      kids = await children(api.clusters.provider, node);
    }
    const last = (await items(api.clusters.provider, kids.slice(-1)))[0];
    assert.equal(last?.context, 'error');
    assert.match(last?.label ?? '', /page token it had already returned/);
    assert.ok((await emulator.requests('GetClustersForImage')).length <= 3);
  });

  it('shows union members it does not know as "unknown metadata"', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    await node.clusters.pager.loadAll();
    const clusterNodes = (await children(api.clusters.provider, node)).filter((n) => n.id.includes(':arn:'));
    let unknown = 0;
    for (const c of clusterNodes) {
      for (const d of await items(api.clusters.provider, await children(api.clusters.provider, c))) {
        if (d.label === 'unknown metadata') unknown++;
      }
    }
    const expected = imageOf(data, 'platform/base', '2026.11').clusters.flatMap((c) =>
      c.clusterDetails.filter(
        (d) => !('awsEcsMetadataDetails' in d.clusterMetadata) && !('awsEksMetadataDetails' in d.clusterMetadata),
      ),
    ).length;
    assert.ok(expected > 0);
    assert.equal(unknown, expected);
  });

  it('says so when Inspector does not cover a tag, and adds no root', async () => {
    const node = await vscode.commands.executeCommand('imageFootprint.lookupImage', `${DEMO_REGISTRY}/shop/web:1.2.0`);
    assert.equal(node, undefined);
    assert.equal(api.clusters.imageNodes.length, 0);
    assert.deepEqual(
      (await emulator.requests()).map((r) => r.operation),
      ['ListCoverage'],
    );
  });

  it('a digest Inspector does not cover is an error row that says so, not an empty list', async () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.lookupImage',
      `${DEMO_REGISTRY}/shop/web@${digest}`,
    )) as ImageNode;
    assert.ok(node, 'a digest becomes a root without ListCoverage');
    const kids = await items(api.clusters.provider, await children(api.clusters.provider, node));
    assert.equal(kids.length, 1);
    assert.match(kids[0]?.label ?? '', /does not cover shop\/web@sha256:0000/);
    assert.deepEqual(
      (await emulator.requests()).map((r) => r.operation),
      ['GetClustersForImage', 'ListCoverage'],
    );
  });

  it('opens a panel from a cluster ARN alone once the image is loaded', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode;
    await children(api.clusters.provider, node);
    const ecs = node.clusters.items.find((c) => c.clusterArn.includes(':ecs:'));
    assert.ok(ecs);
    const before = api.panels.openCount;
    await vscode.commands.executeCommand('imageFootprint.showEcsTaskDefinition', ecs.clusterArn);
    assert.equal(api.panels.openCount, before + 1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('rejects what is not an ECR image without any request', async () => {
    for (const input of ['nginx:latest', 'docker.io/library/nginx', '', 'arn:aws:ecr:us-east-1:1:repository/x']) {
      assert.equal(await vscode.commands.executeCommand('imageFootprint.lookupImage', input), undefined);
    }
    assert.deepEqual(await emulator.requests(), []);
  });

  it('opens the EKS workloads and ECS task definition panels, reusing an open panel', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode;
    const shown = await items(api.clusters.provider, await children(api.clusters.provider, node));
    const eks = shown.find((s) => s.context === 'eksCluster');
    const ecs = shown.find((s) => s.context === 'ecsCluster');
    assert.ok(eks && ecs);
    const before = api.panels.openCount;
    await vscode.commands.executeCommand('imageFootprint.showEksWorkloads', eks.node);
    await vscode.commands.executeCommand('imageFootprint.showEksWorkloads', eks.node);
    assert.equal(api.panels.openCount, before + 1, 'the same cluster reuses its panel');
    await vscode.commands.executeCommand('imageFootprint.showEcsTaskDefinition', ecs.node);
    assert.equal(api.panels.openCount, before + 2);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a panel from ids alone (hover links), looking the image up first', async () => {
    const expected = imageOf(data, 'shop/web', '1.4.2');
    const eks = expected.clusters.find((c) => c.clusterArn.includes(':eks:'));
    assert.ok(eks);
    const resourceId = `arn:aws:ecr:us-east-1:111122223333:repository/shop/web/${expected.digest}`;
    const before = api.panels.openCount;
    await vscode.commands.executeCommand('imageFootprint.showEksWorkloads', { resourceId, clusterArn: eks.clusterArn });
    assert.equal(api.panels.openCount, before + 1);
    assert.ok(api.clusters.find(resourceId), 'the image became a root of the view');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a profile switch drops what was loaded from the old account', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode;
    await children(api.clusters.provider, node);
    assert.ok(node.clusters.items.length > 0);
    const eks = node.clusters.items.find((c) => c.clusterArn.includes(':eks:'));
    assert.ok(eks);
    await vscode.commands.executeCommand('imageFootprint.showEksWorkloads', eks.clusterArn);
    assert.ok(api.panels.openCount > 0);
    await vscode.commands.executeCommand('imageFootprint.selectProfile', 'demo-other');
    try {
      assert.equal(node.clusters.items.length, 0, 'nothing of the old account stays shown');
      assert.equal(node.clusters.pager.state, 'initial');
      assert.equal(api.panels.openCount, 0, 'panels of the old account are closed');
    } finally {
      await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    }
  });
});
