// Export and the walkthrough in a real VS Code against the emulator: "Copy Clusters as Markdown Table" and "Export
// Clusters as CSV…" from an image row with only its first page shown (every page is exported, the tree is left as it
// was), the palette fallback to the selected row, the lifecycle execution's resources, and the walkthrough opening.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ExecutionNode } from '../../src/imagebuilder/lifecycleNodes';
import type { ImageNode } from '../../src/inspector/clusterNodes';
import type { ExportResult } from '../../src/ui/exportTable';
import { parseCsv } from '../support/csv';
import {
  children,
  DEMO_REGISTRY,
  emulator,
  EXTENSION_ID,
  extensionApi,
  setSetting,
  type EmulatorDataView,
} from './support/harness';

const BASE = `${DEMO_REGISTRY}/platform/base:2026.11`;
const CONTAINER_IN_PROGRESS = 'lce-c0a1b2c3-0001-4d00-8a00-000000000001';

describe('Export and walkthrough', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let data: EmulatorDataView;
  let dir: string;

  const baseImage = () => {
    const image = data.images.find(
      (i) => i.repository === 'platform/base' && i.tags.includes('2026.11') && i.region === 'us-east-1',
    );
    assert.ok(image);
    return image;
  };
  /** Rows a cluster export has: one per details group or namespace, one for a cluster without details. */
  const exportRows = (clusters: { clusterDetails: unknown[] }[]) =>
    clusters.reduce((n, c) => n + Math.max(1, c.clusterDetails.length), 0);

  before(async () => {
    api = await extensionApi();
    await emulator.reset();
    data = await emulator.data();
    dir = mkdtempSync(path.join(tmpdir(), 'if-export-'));
    await setSetting('pageSize.clusters', 40);
    await vscode.commands.executeCommand('imageFootprint.clusters.focus');
  });

  beforeEach(async () => {
    await emulator.reset();
    for (const node of [...api.clusters.imageNodes]) await api.clusters.removeImage(node);
    for (const node of [...api.lifecycle.openedExecutions]) await api.lifecycle.removeOpened(node);
  });

  after(async () => {
    await setSetting('pageSize.clusters', undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every cluster of an image as a Markdown table, though the tree shows only its first page', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    await children(api.clusters.provider, node);
    assert.equal(node.clusters.pager.state, 'more', 'the tree has more pages to load');
    const shownBefore = node.clusters.items.length;
    await emulator.clearRequests();

    const result = (await vscode.commands.executeCommand(
      'imageFootprint.copyClustersAsMarkdown',
      node,
    )) as ExportResult;
    const image = baseImage();
    assert.ok(result, 'the export ran');
    assert.equal(result.items, image.clusters.length, 'every cluster of every page');
    assert.equal(result.rows, exportRows(image.clusters));
    const lines = result.text.trimEnd().split('\n');
    assert.equal(lines.length, result.rows + 2);
    assert.match(lines[0] ?? '', /^\| Cluster \| Kind \|/);
    const requests = await emulator.requests('GetClustersForImage');
    assert.ok(requests.length >= Math.ceil(image.clusters.length / 40), `${requests.length} pages requested`);
    assert.equal(node.clusters.items.length, shownBefore, 'the tree keeps what it showed');
    assert.equal(await vscode.env.clipboard.readText(), result.text, 'the table is on the clipboard');
  });

  it('exports every cluster as RFC 4180 CSV to the chosen file, from the selected row when run from the palette', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    const [firstCluster] = await children(api.clusters.provider, node);
    assert.ok(firstCluster);
    // The palette form: no argument, a cluster row under the image selected.
    await api.clusters.treeView.reveal(firstCluster, { select: true, focus: true });
    const file = vscode.Uri.file(path.join(dir, 'base-clusters.csv'));
    const result = (await vscode.commands.executeCommand(
      'imageFootprint.exportClustersCsv',
      undefined,
      file,
    )) as ExportResult;
    assert.ok(result, 'the export ran');
    assert.equal(result.uri?.fsPath, file.fsPath);
    const records = parseCsv(readFileSync(file.fsPath, 'utf8'));
    const image = baseImage();
    assert.equal(records.length - 1, exportRows(image.clusters));
    const arn = (records[0] ?? []).indexOf('Cluster ARN');
    assert.deepEqual(new Set(records.slice(1).map((r) => r[arn])), new Set(image.clusters.map((c) => c.clusterArn)));
  });

  it('exports every resource of a lifecycle execution, from its row', async () => {
    await setSetting('pageSize.lifecycleResources', 2);
    try {
      const node = (await vscode.commands.executeCommand(
        'imageFootprint.openLifecycleExecution',
        CONTAINER_IN_PROGRESS,
      )) as ExecutionNode;
      assert.ok(node);
      const file = vscode.Uri.file(path.join(dir, 'resources.csv'));
      const csv = (await vscode.commands.executeCommand(
        'imageFootprint.exportLifecycleResourcesCsv',
        node,
        file,
      )) as ExportResult;
      const expected = data.lifecyclePolicies
        .flatMap((p) => p.executions)
        .find((e) => e.lifecycleExecutionId === CONTAINER_IN_PROGRESS);
      assert.ok(expected);
      const records = parseCsv(readFileSync(file.fsPath, 'utf8'));
      const id = (records[0] ?? []).indexOf('Resource ID');
      const action = (records[0] ?? []).indexOf('Action');
      assert.deepEqual(
        records.slice(1).map((r) => [r[id], r[action]]),
        expected.resources.map((r) => [r.resourceId, r.action.name]),
      );
      assert.equal(csv.items, expected.resources.length);
      const md = (await vscode.commands.executeCommand(
        'imageFootprint.copyLifecycleResourcesAsMarkdown',
        CONTAINER_IN_PROGRESS,
      )) as ExportResult;
      assert.equal(md.items, expected.resources.length);
      assert.equal(md.text.trimEnd().split('\n').length, expected.resources.length + 2);
    } finally {
      await setSetting('pageSize.lifecycleResources', undefined);
    }
  });

  it('an export of an image whose pages fail writes nothing', async () => {
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', BASE)) as ImageNode;
    await emulator.setFault('GetClustersForImage', 'denied');
    const file = vscode.Uri.file(path.join(dir, 'never.csv'));
    const result = await vscode.commands.executeCommand('imageFootprint.exportClustersCsv', node, file);
    assert.equal(result, undefined);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(file)), 'no file was written');
  });

  it('opens its walkthrough page (workbench.action.openWalkthrough with publisher.name#id, and the palette command)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const walkthroughs = (ext?.packageJSON as { contributes: { walkthroughs: { id: string }[] } }).contributes
      .walkthroughs;
    assert.deepEqual(
      walkthroughs.map((w) => w.id),
      ['gettingStarted'],
      'VS Code reads the walkthrough from the installed extension',
    );
    // In this test editor (the extension loaded for development into code-server's web workbench) the page opens
    // but does not select the walkthrough (found by trying: the tab stays "Welcome"; the packaged extension installed
    // in the same editor does select it). The walkthrough itself, its steps and media are checked on the packaged
    // extension in the browser stage (test/browser/check.ts, "Get Started opens the walkthrough").
    const gettingStartedTab = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /^(Welcome|Walkthrough: .*)$/.test(t.label));
    for (const open of [
      () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`, false),
      () => vscode.commands.executeCommand('imageFootprint.openWalkthrough'),
    ]) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.equal(gettingStartedTab(), undefined);
      await open();
      for (let i = 0; i < 50 && !gettingStartedTab(); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(gettingStartedTab(), 'the walkthrough page opened');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
