// Restricted Mode: run by test/integration/runTest.ts with workspace trust on and the folder left untrusted
// (IF_RESTRICTED_MODE=1). The workspace's .vscode/settings.json names another endpoint on loopback (a decoy that counts
// what it receives), a profile that does not exist, another region, and turns CodeLens on; the user's settings point
// at the emulator. The extension must work with the user's settings and send the decoy nothing. Skipped in the
// trusted run, which checks instead that even a trusted workspace cannot set the endpoints.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ImageNode } from '../../src/inspector/clusterNodes';
import { children, DEMO_REGISTRY, emulator, emulatorUrl, extensionApi, items, waitFor } from './support/harness';

const restricted = process.env.IF_RESTRICTED_MODE === '1';
const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;

async function decoyCount(): Promise<number> {
  const url = process.env.IF_DECOY_URL;
  assert.ok(url, 'IF_DECOY_URL is set by runTest.ts');
  const res = await fetch(new URL('/__count', url));
  return ((await res.json()) as { count: number }).count;
}

(restricted ? describe : describe.skip)('Restricted Mode (untrusted workspace with hostile settings)', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    await emulator.reset();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await decoyCount(), 0, "the workspace's endpoint received requests");
  });

  it('runs in an untrusted workspace whose settings name another endpoint, profile, region and CodeLens', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder is untrusted (Restricted Mode)');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const file = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json')),
    );
    for (const key of ['endpoints', 'profile', 'region', 'dockerfile.codeLens']) {
      assert.ok(file.includes(`"imageFootprint.${key}"`), `the workspace sets imageFootprint.${key}`);
    }
    const c = vscode.workspace.getConfiguration('imageFootprint');
    // VS Code itself already hides the workspace's values of restricted settings in Restricted Mode.
    assert.equal(c.inspect('profile')?.workspaceValue, undefined);
    assert.equal(c.get('dockerfile.codeLens'), false);
    assert.ok(c.inspect('endpoints')?.globalValue, "the user's own endpoints are set");
  });

  it('activates: the extension supports Restricted Mode', async () => {
    api = await extensionApi();
    assert.ok(api.clusters, 'the extension returned its API');
  });

  it("looks an image up with the user's settings: the emulator answers, the workspace's endpoint hears nothing", async () => {
    await emulator.clearRequests();
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode | undefined;
    assert.ok(node, 'the lookup returns the image node');
    const rows = await items(api.clusters.provider, await children(api.clusters.provider, node));
    const clusters = rows.filter((r) => /Cluster$/.test(r.context));
    assert.ok(clusters.length > 0, `cluster rows: ${rows.map((r) => r.label).join(', ')}`);
    const ops = (await emulator.requests()).map((r) => r.operation);
    assert.deepEqual(ops, ['ListCoverage', 'GetClustersForImage']);
    assert.equal(await decoyCount(), 0);
  });

  it('the hover answers from the emulator; the workspace cannot turn CodeLens on', async () => {
    api.usage.clear();
    const document = await vscode.workspace.openTextDocument({
      language: 'dockerfile',
      content: `FROM ${WEB}\nRUN true\n`,
    });
    await vscode.window.showTextDocument(document);
    const hovers = await waitFor('a hover with the clusters', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(0, 8),
      );
      const text = (found ?? [])
        .flatMap((h) => h.contents)
        .map((c) => (c instanceof vscode.MarkdownString ? c.value : String(c)))
        .join('\n');
      return /cluster/i.test(text) ? text : undefined;
    });
    assert.match(hovers, /cluster/i);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
    );
    assert.equal(lenses?.length ?? 0, 0, 'no CodeLens: the workspace value of dockerfile.codeLens is ignored');
    assert.equal(await decoyCount(), 0);
  });

  it('lists lifecycle policies in the region and as the identity of the user, not of the workspace', async () => {
    await emulator.clearRequests();
    await vscode.commands.executeCommand('imageFootprint.listLifecyclePolicies');
    const root = await waitFor('the lifecycle view to show the policies root', async () => {
      const rows = await items(api.lifecycle.provider, await children(api.lifecycle.provider));
      return rows.find((r) => r.context === 'lifecyclePolicies');
    });
    // AWS_REGION of the run (us-east-1) and the default chain, not eu-north-1 and "workspace-profile".
    assert.match(String(root.item.description), /^us-east-1 · /);
    assert.doesNotMatch(String(root.item.description), /workspace-profile/);
    const expected = (await emulator.data()).lifecyclePolicies.filter((p) => p.region === 'us-east-1');
    assert.ok(expected.length > 0);
    const policies = await waitFor('the policies', async () => {
      const rows = await items(api.lifecycle.provider, await children(api.lifecycle.provider, root.node));
      return rows.length === 0 || rows.some((r) => /loading/i.test(r.label)) ? undefined : rows;
    });
    const labels = policies.map((r) => r.label);
    assert.ok(
      expected.some((p) => labels.includes(p.name)),
      `policies of us-east-1 (${expected.map((p) => p.name).join(', ')}) are listed: ${labels.join(', ')}`,
    );
    assert.ok((await emulator.requests('ListLifecyclePolicies')).length > 0);
    assert.equal(await decoyCount(), 0);
  });

  it("the log names the user's endpoint override once (origins only), and never the workspace's", async () => {
    const logFile = path.join(api.logUri.fsPath, 'Image Footprint.log');
    const origin = new URL(emulatorUrl()).origin;
    const log = await waitFor('the override in the log file', () => {
      const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      return text.includes('Endpoint override active') ? text : undefined;
    });
    const lines = log.split('\n').filter((l) => l.includes('Endpoint override active'));
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.ok(lines[0]?.includes(`inspector2 → ${origin}`), lines[0]);
    const decoy = process.env.IF_DECOY_URL ?? 'IF_DECOY_URL';
    assert.ok(!log.includes(new URL(decoy).host), "the workspace's endpoint is in the log");
  });
});

// In the trusted run: even a trusted workspace cannot choose the endpoints (application scope, read as the user's).
(restricted ? describe.skip : describe)('A trusted workspace cannot set imageFootprint.endpoints', function () {
  this.timeout(60_000);
  let settingsFile: vscode.Uri;
  let original: Uint8Array;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    settingsFile = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    original = await vscode.workspace.fs.readFile(settingsFile);
    await emulator.reset();
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(settingsFile, original);
    await waitFor('the workspace settings to be restored', () =>
      vscode.workspace.getConfiguration('imageFootprint').inspect('pageSize.clusters')?.workspaceValue === undefined
        ? true
        : undefined,
    );
  });

  it('refuses to write it for the workspace', async () => {
    await assert.rejects(
      Promise.resolve(
        vscode.workspace
          .getConfiguration('imageFootprint')
          .update('endpoints', { inspector2: 'http://127.0.0.1:9' }, vscode.ConfigurationTarget.Workspace),
      ),
    );
  });

  it('ignores it in .vscode/settings.json: lookups still go to the user’s endpoint', async () => {
    const api = await extensionApi();
    for (const node of [...api.clusters.imageNodes]) await api.clusters.removeImage(node);
    // Port 9 (discard) on loopback: nothing listens there, so a request that went there would fail.
    const hostile = {
      'imageFootprint.endpoints': { inspector2: 'http://127.0.0.1:9', imagebuilder: 'http://127.0.0.1:9' },
      'imageFootprint.pageSize.clusters': 99,
    };
    await vscode.workspace.fs.writeFile(settingsFile, new TextEncoder().encode(JSON.stringify(hostile)));
    // The sentinel in the same file shows the file has been read.
    await waitFor('the workspace settings to be read', () =>
      vscode.workspace.getConfiguration('imageFootprint').get('pageSize.clusters') === 99 ? true : undefined,
    );
    await emulator.clearRequests();
    const node = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode | undefined;
    assert.ok(node, 'the lookup reached the emulator and returned the image');
    const rows = await items(api.clusters.provider, await children(api.clusters.provider, node));
    assert.ok(
      rows.some((r) => /Cluster$/.test(r.context)),
      rows.map((r) => r.label).join(', '),
    );
    assert.deepEqual(
      (await emulator.requests()).map((r) => r.operation),
      ['ListCoverage', 'GetClustersForImage'],
    );
    await api.clusters.removeImage(node);
  });
});
