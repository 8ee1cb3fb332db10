// Lifecycle problems in a real VS Code against the emulator: the Problems panel contents
// (vscode.languages.getDiagnostics) for a Dockerfile and a manifest that name images the demo's container lifecycle
// policy deleted or is deleting, the no-consent and "false" paths (no Image Builder request at all), an image deleted
// while it runs (an error), access denied (entries kept, never cleared to "all fine"), the quick fixes, and the
// whole-workspace command. In Restricted Mode, the workspace's own "true" does not turn the requests on.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DIAGNOSTIC_SOURCE } from '../../src/imagebuilder/lifecycleProblems';
import type { ResourceNode } from '../../src/imagebuilder/resourceNodes';
import type { WorkspaceImageNode } from '../../src/references/workspaceImagesView';
import { children, DEMO_REGISTRY, emulator, extensionApi, item, setSetting, waitFor } from './support/harness';

const restricted = process.env.IF_RESTRICTED_MODE === '1';
const IN_PROGRESS_RUN = 'lce-c0a1b2c3-0001-4d00-8a00-000000000001';

const DOCKERFILE = [
  `FROM ${DEMO_REGISTRY}/shop/worker:0.9.7 AS worker`,
  `FROM ${DEMO_REGISTRY}/shop/web:1.3.0 AS previous`,
  `FROM ${DEMO_REGISTRY}/shop/web:1.4.2`,
  '',
].join('\n');
const MANIFEST = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: old\nspec:\n  containers:\n    - name: web\n      image: ${DEMO_REGISTRY}/shop/web:1.3.0\n`;
const COMPOSE = `services:\n  legacy:\n    image: ${DEMO_REGISTRY}/shop/web:1.3.0\n`;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

/**
 * Requests only the lifecycle index makes unasked (the Lifecycle view lists policies and executions on its own
 * refresh, so those two are left out when other suites may have left it listing).
 */
async function indexOnlyRequests(): Promise<string[]> {
  const only = ['ListLifecycleExecutionResources', 'GetLifecyclePolicy'];
  return (await emulator.requests()).map((r) => r.operation).filter((o) => only.includes(o));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function scratchDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return path.join(folder.uri.fsPath, 'lifecycle-scratch');
}

function writeScratch(): { dockerfile: vscode.Uri; manifest: vscode.Uri; compose: vscode.Uri } {
  const dir = scratchDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(dir, 'pod.yaml'), MANIFEST);
  writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  return {
    dockerfile: vscode.Uri.file(path.join(dir, 'Dockerfile')),
    manifest: vscode.Uri.file(path.join(dir, 'pod.yaml')),
    compose: vscode.Uri.file(path.join(dir, 'compose.yaml')),
  };
}

(restricted ? describe.skip : describe)('Lifecycle problems (Problems panel)', function () {
  this.timeout(120_000);
  let api: ExtensionApi;
  let files: ReturnType<typeof writeScratch>;

  before(async () => {
    api = await extensionApi();
    await setSetting('problems.lifecycle', undefined);
    files = writeScratch();
    await emulator.reset();
  });

  after(async () => {
    // Not consented any more: every entry goes (the suites after this one see none).
    await setSetting('problems.lifecycle', undefined);
    await waitFor('the entries to go', () => (ours(files.compose).length === 0 ? true : undefined));
    // The execution the quick fix opened is this suite's: closed again.
    const opened = api.lifecycle.findOpened(IN_PROGRESS_RUN, 'us-east-1');
    if (opened) await api.lifecycle.removeOpened(opened);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratchDir(), { recursive: true, force: true });
    await emulator.reset();
  });

  it('not set and not answered: no Image Builder request, no entry', async () => {
    assert.equal(api.lifecycleProblems.enabled(), undefined, 'no setting and no remembered answer yet');
    await pause(500); // late answers of the suites before
    await emulator.clearRequests();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(files.manifest));
    await pause(1500);
    assert.deepEqual(await indexOnlyRequests(), []);
    assert.deepEqual(api.lifecycleProblems.indexedRegions, []);
    assert.deepEqual(ours(files.manifest), []);
  });

  it('false: no request ever', async () => {
    await setSetting('problems.lifecycle', false);
    await emulator.clearRequests();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(files.dockerfile));
    await pause(1500);
    assert.deepEqual(await indexOnlyRequests(), []);
    assert.deepEqual(api.lifecycleProblems.indexedRegions, []);
    assert.deepEqual(ours(files.dockerfile), []);
  });

  it('true: open files get entries naming policy, date and run, matched by tag', async () => {
    await setSetting('problems.lifecycle', true);
    const entries = await waitFor('the Dockerfile entries', () => {
      const d = ours(files.dockerfile);
      return d.length >= 2 ? d : undefined;
    });
    assert.equal(entries.length, 2, entries.map((d) => d.message).join('\n'));
    const document = await vscode.workspace.openTextDocument(files.dockerfile);
    const byImage = new Map(entries.map((d) => [document.getText(d.range), d]));
    const deleted = byImage.get(`${DEMO_REGISTRY}/shop/web:1.3.0`);
    assert.ok(deleted, [...byImage.keys()].join(', '));
    assert.equal(deleted.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      deleted.message,
      new RegExp(
        `^Deleted by lifecycle policy shop-container-retention on \\d{1,2} \\w{3} \\d{4} \\(${IN_PROGRESS_RUN}\\): pulling it fails\\. Matched by tag 1\\.3\\.0`,
      ),
    );
    const worker = byImage.get(`${DEMO_REGISTRY}/shop/worker:0.9.7`);
    assert.ok(worker);
    assert.equal(worker.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      worker.message,
      /^Being deleted by lifecycle policy shop-container-retention since .*Still running in 1 cluster/,
    );
    assert.ok(!byImage.has(`${DEMO_REGISTRY}/shop/web:1.4.2`), 'AVAILABLE raises nothing');
    // The manifest opened before consent is checked too, once the setting is on.
    const manifest = await waitFor('the manifest entry', () =>
      ours(files.manifest).length ? ours(files.manifest) : undefined,
    );
    assert.match(manifest[0]!.message, /^Deleted by lifecycle policy shop-container-retention/);
  });

  it('quick fixes: open the run in the Lifecycle view, show where it runs', async () => {
    const deleted = ours(files.manifest)[0];
    assert.ok(deleted);
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        files.manifest,
        deleted.range,
      )) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Open lifecycle execution ${IN_PROGRESS_RUN} in the Lifecycle view`), titles.join(' | '));
    assert.ok(
      titles.some((t) => /^Show (the \d+ clusters? running it|where it runs)/.test(t)),
      titles.join(' | '),
    );
    const open = actions.find((a) => a.title.startsWith('Open lifecycle execution'));
    assert.ok(open?.command);
    await vscode.commands.executeCommand(open.command.command, ...(open.command.arguments ?? []));
    await waitFor('the execution in the Lifecycle view', () => api.lifecycle.findOpened(IN_PROGRESS_RUN, 'us-east-1'));
  });

  it('an image deleted while it still runs is an error that says where', async () => {
    const full = (await emulator.data()) as unknown as {
      now: number;
      images: { repository: string; tags: string[]; clusters: unknown[] }[];
      lifecyclePolicies: { name: string }[];
      otherCoverage: unknown[];
    };
    // The demo's shop images and container policies only: the whole data set is over the control API's body limit.
    const data = {
      ...full,
      images: full.images.filter((i) => i.repository.startsWith('shop/')),
      lifecyclePolicies: full.lifecyclePolicies.filter((p) => p.name.startsWith('shop-')),
      otherCoverage: [],
    };
    const image = data.images.find((i) => i.repository === 'shop/web' && i.tags.includes('1.3.0'));
    assert.ok(image);
    image.clusters = [
      {
        clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/legacy-web',
        clusterDetails: [
          {
            lastInUse: data.now - 60,
            runningUnitCount: 3,
            clusterMetadata: {
              awsEcsMetadataDetails: {
                detailsGroup: 'service:legacy',
                taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/legacy:1',
              },
            },
          },
        ],
      },
    ];
    await emulator.setData(data);
    await vscode.commands.executeCommand('imageFootprint.refresh');
    const error = await waitFor('the error entry', () =>
      ours(files.manifest).find((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.match(error.message, /Still running in 1 cluster: new tasks cannot pull it\. Matched by tag 1\.3\.0/);
    await emulator.reset();
  });

  it('access denied: one message, and the entries are kept, never cleared to "all fine"', async () => {
    const before = ours(files.manifest).length;
    assert.ok(before > 0);
    await emulator.setFault('ListLifecyclePolicies', 'accessDenied');
    await emulator.clearRequests();
    await vscode.commands.executeCommand('imageFootprint.refresh');
    await waitFor('the denied request', async () =>
      (await emulator.requests('ListLifecyclePolicies')).some((r) => r.status === 403) ? true : undefined,
    );
    await pause(1000);
    assert.equal(ours(files.manifest).length, before);
    await emulator.clearFaults();
    await vscode.commands.executeCommand('imageFootprint.refresh');
  });

  it('the workspace command marks files that are not open', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(ours(files.compose), []);
    await vscode.commands.executeCommand('imageFootprint.checkWorkspaceLifecycle');
    const entries = await waitFor('the compose entry', () =>
      ours(files.compose).length ? ours(files.compose) : undefined,
    );
    assert.match(entries[0]!.message, /^Deleted by lifecycle policy shop-container-retention/);
  });

  it('both directions: Workspace Images shows the same fate; the Lifecycle view says "referenced in N files"', async () => {
    // Hidden views are redrawn when shown: show it, as a user looking at it would.
    await vscode.commands.executeCommand('imageFootprint.workspaceImages.focus');
    const images = await children(api.workspaceImages.provider);
    const web130 = images.find(
      (n) =>
        (n as Partial<WorkspaceImageNode>).ref?.repository === 'shop/web' &&
        (n as Partial<WorkspaceImageNode>).ref?.tag === '1.3.0',
    );
    assert.ok(web130, 'shop/web:1.3.0 is in Workspace Images');
    const row = await waitFor('the fate on the Workspace Images row', async () => {
      const r = await item(api.workspaceImages.provider, web130);
      return typeof r.description === 'string' && r.description.startsWith('Deleted by lifecycle policy')
        ? r
        : undefined;
    });
    assert.match(
      String(row.description),
      /^Deleted by lifecycle policy shop-container-retention on \d{1,2} \w{3} \d{4} · /,
    );

    const execution = api.lifecycle.findOpened(IN_PROGRESS_RUN, 'us-east-1');
    assert.ok(execution, 'opened by the quick fix');
    const resources = await children(api.lifecycle.provider, execution);
    const deleted = resources.find((n) => (n as Partial<ResourceNode>).label === 'shop-web 1.3.0/1') as
      ResourceNode | undefined;
    assert.ok(deleted, 'the Image Builder image of shop/web:1.3.0');
    await item(api.lifecycle.provider, deleted); // starts its in-use check
    const hits = await waitFor('the references of the deleted image', () =>
      deleted.referenceHits.length > 0 ? deleted.referenceHits : undefined,
    );
    const paths = new Set(hits.map((h) => h.uri.fsPath));
    for (const uri of [files.dockerfile, files.manifest, files.compose]) assert.ok(paths.has(uri.fsPath), uri.fsPath);
    const described = await waitFor('"referenced in N files" on the row', async () => {
      const r = await item(api.lifecycle.provider, deleted);
      return String(r.description).includes(`referenced in ${paths.size} files`) ? r : undefined;
    });
    assert.ok(described);
    const group = (await children(api.lifecycle.provider, deleted))[0];
    assert.ok(group);
    assert.equal((await item(api.lifecycle.provider, group)).label, `Referenced in ${paths.size} files`);
    assert.equal((await children(api.lifecycle.provider, group)).length, hits.length);
  });
});

(restricted ? describe : describe.skip)('Lifecycle problems in Restricted Mode', function () {
  this.timeout(60_000);

  it("the workspace's own true does not turn the requests on", async () => {
    const api = await extensionApi();
    assert.equal(vscode.workspace.isTrusted, false);
    assert.notEqual(api.lifecycleProblems.enabled(), true, 'only the user’s value counts in Restricted Mode');
    // Unanswered, the question may be open: opening a file makes no request.
    await emulator.clearRequests();
    const files = writeScratch();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(files.manifest));
    await pause(1500);
    assert.deepEqual(await indexOnlyRequests(), []);
    assert.deepEqual(api.lifecycleProblems.indexedRegions, []);
    assert.deepEqual(ours(files.manifest), []);
    rmSync(scratchDir(), { recursive: true, force: true });
  });
});
