// The Workspace Images view in a real VS Code against the emulator: the scan finds the ECR images of every file kind
// (Dockerfiles included) with no AWS request, skips what .gitignore, search.exclude and node_modules exclude and what
// is too large or binary, groups a tag and its digest into one image once resolved, opens a reference at its line,
// shows the same cluster rows as Image Clusters when "Where it runs" is expanded, and follows created, saved and
// deleted files without a rescan.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/node';
import { parseEcrImage } from '../../src/inspector/imageRef';
import { children, DEMO_REGISTRY, emulator, extensionApi, items, waitFor } from './support/harness';

const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;

async function operations(): Promise<string[]> {
  const inspector = ['ListCoverage', 'GetClustersForImage'];
  return (await emulator.requests()).map((r) => r.operation).filter((o) => inspector.includes(o));
}

describe('Workspace Images view', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  let root: string;
  let scratch: string;

  const write = (name: string, text: string | Buffer): string => {
    const file = path.join(scratch, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  async function rows(node?: TreeNode): Promise<Awaited<ReturnType<typeof items>>> {
    const provider = api.workspaceImages.provider;
    return items(provider, await children(provider, node));
  }

  async function labels(): Promise<string[]> {
    return (await rows()).map((r) => `${r.label} | ${String(r.item.description)}`);
  }

  before(async () => {
    api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    root = folder.uri.fsPath;
    scratch = path.join(root, 'workspace-images-scratch');
    rmSync(scratch, { recursive: true, force: true });
    write(
      'k8s/web.yaml',
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${WEB}\n        - name: hub\n          image: nginx:1.25\n`,
    );
    write(
      'compose.yaml',
      `services:\n  web:\n    image: ${WEB}\n  worker:\n    image: ${DEMO_REGISTRY}/shop/worker:0.9.7\n`,
    );
    write('app/Dockerfile', `FROM ${WEB} AS base\nFROM base\n`);
    write(
      'infra/main.tf',
      `resource "aws_lambda_function" "f" {\n  image_uri = "${DEMO_REGISTRY}/shop/api:2.0.0"\n}\n`,
    );
    // Excluded or unreadable: none of these may appear.
    write(
      'ignored-by-git/pod.yaml',
      `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${DEMO_REGISTRY}/hidden/git:1\n`,
    );
    write('node_modules/pkg/compose.yaml', `services:\n  x:\n    image: ${DEMO_REGISTRY}/hidden/modules:1\n`);
    write('search-excluded/compose.yaml', `services:\n  x:\n    image: ${DEMO_REGISTRY}/hidden/search:1\n`);
    write('huge/compose.yaml', `services:\n  x:\n    image: ${DEMO_REGISTRY}/hidden/huge:1\n` + '#'.repeat(3_000_000));
    write('binary/compose.yaml', Buffer.from([0, 1, 2, 3, ...Buffer.from(`image: ${DEMO_REGISTRY}/hidden/bin:1`)]));
    write('broken/compose.yaml', 'services: [\n  {{{\n');
    writeFileSync(path.join(root, '.gitignore'), '# test\nworkspace-images-scratch/ignored-by-git/\n');
    await vscode.workspace
      .getConfiguration('search')
      .update('exclude', { '**/search-excluded': true }, vscode.ConfigurationTarget.Workspace);
  });

  beforeEach(async () => {
    api.usage.clear();
    await emulator.reset();
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('search')
      .update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(path.join(root, '.gitignore'), { force: true });
    rmSync(scratch, { recursive: true, force: true });
    await emulator.reset();
  });

  it('the scan lists every private ECR image with its references, and makes no AWS request', async () => {
    await api.workspaceImages.scan();
    assert.equal(api.workspaceIndex.state.status, 'done');
    const found = await labels();
    assert.deepEqual(
      found.filter((l) => l.startsWith('shop/')),
      [
        'shop/api:2.0.0 | 1 reference · 111122223333 · us-east-1',
        'shop/web:1.4.2 | 3 references · 111122223333 · us-east-1',
        'shop/worker:0.9.7 | 1 reference · 111122223333 · us-east-1',
      ],
    );
    assert.deepEqual(
      found.filter((l) => l.startsWith('hidden/')),
      [],
      'excluded, huge and binary files are not listed',
    );
    assert.deepEqual(await operations(), []);
  });

  it('an image row: "Where it runs", then its references, each opening the file at its line', async () => {
    const web = (await rows()).find((r) => r.label === 'shop/web:1.4.2');
    assert.ok(web);
    const under = await rows(web.node);
    assert.equal(under[0]?.label, 'Where it runs');
    assert.deepEqual(
      under.slice(1).map((r) => `${r.label} | ${String(r.item.description)}`),
      [
        'workspace-images-scratch/app/Dockerfile:1 | Dockerfile · FROM … AS base',
        'workspace-images-scratch/compose.yaml:3 | Docker Compose · services.web',
        'workspace-images-scratch/k8s/web.yaml:10 | Kubernetes manifest · Deployment web › containers[0] web',
      ],
    );
    const open = under[3]!.item.command;
    assert.ok(open);
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const editor = await waitFor('the reference to open', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('k8s/web.yaml')
        ? vscode.window.activeTextEditor
        : undefined,
    );
    assert.equal(editor.selection.start.line, 9);
    assert.equal(editor.document.getText(editor.selection), WEB);
    assert.deepEqual(await operations(), []);
  });

  it('"Where it runs" shows the Image Clusters rows, asking AWS only then', async () => {
    const web = (await rows()).find((r) => r.label === 'shop/web:1.4.2');
    assert.ok(web);
    const [runs] = await rows(web.node);
    assert.ok(runs);
    const clusters = await rows(runs.node);
    assert.deepEqual(clusters.map((c) => c.label).sort(), ['prod-eks', 'prod-web', 'staging-web']);
    assert.deepEqual(clusters.map((c) => c.context).sort(), ['ecsCluster', 'ecsCluster', 'eksCluster']);
    const ops = await operations();
    assert.equal(ops[0], 'ListCoverage');
    assert.ok(ops.includes('GetClustersForImage'));
  });

  it('a tag and the digest it resolves to are one image, once "Where it runs" has resolved the tag', async () => {
    const web = (await rows()).find((r) => r.label === 'shop/web:1.4.2');
    assert.ok(web);
    const [runs] = await rows(web.node);
    assert.ok(runs);
    await rows(runs.node);
    const parsed = parseEcrImage(WEB);
    assert.ok(parsed.ok);
    const usage = await api.usage.usage(parsed.ref);
    assert.equal(usage.kind, 'covered');
    const digest = usage.kind === 'covered' ? usage.resourceId.slice(usage.resourceId.lastIndexOf('/') + 1) : '';
    const file = write('pinned/compose.yaml', `services:\n  web:\n    image: ${DEMO_REGISTRY}/shop/web@${digest}\n`);
    await waitFor('the digest reference to join the tag', async () => {
      const now = await labels();
      return now.some((l) => l.startsWith('shop/web:1.4.2 | 4 references')) ? now : undefined;
    });
    assert.equal((await labels()).filter((l) => l.startsWith('shop/web@')).length, 0);
    unlinkSync(file);
  });

  it('a large workspace with a symlink loop, a 10 MB file and binary files: the host answers hovers meanwhile', async () => {
    // 5,000 candidate names: 4,000 JSON files without the words a kind needs (not parsed), 1,000 manifests.
    const bulk = path.join(scratch, 'bulk');
    for (let i = 0; i < 1000; i++) {
      const dir = path.join(bulk, `d${i % 50}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, `pod${i}.yaml`),
        `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${DEMO_REGISTRY}/bulk/app${i % 7}:1\n`,
      );
      for (let j = 0; j < 4; j++) writeFileSync(path.join(dir, `data${i}-${j}.json`), `{"n": ${i}}`);
    }
    write('bulk/ten-mb.yaml', `apiVersion: v1\nkind: Pod\n# ${'x'.repeat(10_000_000)}\n`);
    write('bulk/blob.json', Buffer.alloc(200_000, 0));
    symlinkSync('..', path.join(bulk, 'loop'), 'dir');
    const document = await vscode.workspace.openTextDocument(path.join(scratch, 'k8s', 'web.yaml'));
    let scanEnded = false;
    const scan = api.workspaceImages.scan().then(() => (scanEnded = true));
    await waitFor('the scan to start', () => (api.workspaceIndex.state.status === 'scanning' ? true : undefined));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(9, 20),
    );
    assert.ok((hovers ?? []).length > 0, 'the hover answered');
    const answeredDuringScan = !scanEnded;
    await scan;
    assert.equal(api.workspaceIndex.state.status, 'done');
    assert.ok(answeredDuringScan, 'the hover was answered while the scan was still running');
    const bulkImages = (await labels()).filter((l) => l.startsWith('bulk/'));
    assert.deepEqual(
      bulkImages.map((l) => l.split(' | ')[0]),
      ['bulk/app0:1', 'bulk/app1:1', 'bulk/app2:1', 'bulk/app3:1', 'bulk/app4:1', 'bulk/app5:1', 'bulk/app6:1'],
    );
    const references = bulkImages.map((l) => Number(/(\d+) reference/.exec(l)?.[1]));
    assert.equal(
      references.reduce((a, b) => a + b, 0),
      1000,
      'each manifest once (the symlink loop adds no copies)',
    );
  });

  it('a scan can be cancelled', async () => {
    const scan = api.workspaceImages.scan();
    await waitFor('the scan to start', () => (api.workspaceIndex.state.status === 'scanning' ? true : undefined));
    await vscode.commands.executeCommand('imageFootprint.cancelWorkspaceScan');
    await scan;
    assert.equal(api.workspaceIndex.state.status, 'cancelled');
    rmSync(path.join(scratch, 'bulk'), { recursive: true, force: true });
    await api.workspaceImages.scan();
    assert.equal(api.workspaceIndex.state.status, 'done');
  });

  it('follows created, saved and deleted files without a rescan', async () => {
    const file = write('late/compose.yaml', `services:\n  a:\n    image: ${DEMO_REGISTRY}/shop/late:1\n`);
    await waitFor('the new image to appear', async () =>
      (await labels()).some((l) => l.startsWith('shop/late:1')) ? true : undefined,
    );
    writeFileSync(file, `services:\n  a:\n    image: ${DEMO_REGISTRY}/shop/later:2\n`);
    await waitFor('the saved image to replace it', async () => {
      const now = await labels();
      return now.some((l) => l.startsWith('shop/later:2')) && !now.some((l) => l.startsWith('shop/late:1'))
        ? true
        : undefined;
    });
    unlinkSync(file);
    await waitFor('the deleted file to go', async () =>
      (await labels()).some((l) => l.startsWith('shop/later')) ? undefined : true,
    );
    assert.equal(api.workspaceIndex.state.status, 'done', 'no rescan');
  });
});
