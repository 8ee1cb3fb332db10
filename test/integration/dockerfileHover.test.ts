// The Dockerfile hover and CodeLens in a real VS Code against the emulator: `vscode.executeHoverProvider` on FROM
// lines of untitled and saved Dockerfiles (by language and by file name), the demo Dockerfile, no request for images
// other than private ECR ones, the cache and the Refresh command, hostile text from the file, and the CodeLens behind
// its setting.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DockerfileHoverProvider, DockerfileReferenceCache } from '../../src/dockerfile/hover';
import { findImageReferences } from '../../src/dockerfile/references';
import type { ImageUsageSource } from '../../src/dockerfile/usageMarkdown';
import { parseEcrImage } from '../../src/inspector/imageRef';
import { DEMO_REGISTRY, emulator, EXTENSION_ID, extensionApi, setSetting, waitFor } from './support/harness';

const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;
const TRUSTED = [
  'imageFootprint.lookupImage',
  'imageFootprint.showEcsTaskDefinition',
  'imageFootprint.showEksWorkloads',
  'imageFootprint.selectProfile',
  'imageFootprint.selectRegion',
];

/** What a Markdown renderer shows for escaped text. */
function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function markdownOf(hovers: readonly vscode.Hover[]): vscode.MarkdownString[] {
  return hovers.flatMap((h) =>
    h.contents.filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString),
  );
}

async function hover(document: vscode.TextDocument, line: number, character: number): Promise<vscode.Hover[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
    'vscode.executeHoverProvider',
    document.uri,
    new vscode.Position(line, character),
  );
  return hovers ?? [];
}

/** The hover text at the first occurrence of `needle` (two characters into it). */
async function hoverText(document: vscode.TextDocument, needle: string): Promise<string> {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} is not in the document`);
  const position = document.positionAt(offset + 2);
  return markdownOf(await hover(document, position.line, position.character))
    .map((m) => m.value)
    .join('\n\n');
}

async function untitledDockerfile(content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language: 'dockerfile', content });
}

/** The Inspector requests the emulator has served (the hover makes no other; the views may make Image Builder ones). */
async function operations(): Promise<string[]> {
  const inspector = ['ListCoverage', 'GetClustersForImage'];
  return (await emulator.requests()).map((r) => r.operation).filter((o) => inspector.includes(o));
}

/**
 * Empties the Image Clusters view (what earlier suites looked up reloads on its own, e.g. after a profile switch, and
 * would add requests of its own) and waits until the emulator has had no new request for half a second.
 */
async function quietStart(api: ExtensionApi): Promise<void> {
  for (const node of [...api.clusters.imageNodes]) await api.clusters.removeImage(node);
  let count = -1;
  await waitFor('the emulator to be quiet', async () => {
    const now = (await emulator.requests()).length;
    if (now === count) return true;
    count = now;
    await new Promise((r) => setTimeout(r, 500));
    return undefined;
  });
}

describe('Dockerfile hover', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let scratch: string;

  before(async () => {
    api = await extensionApi();
    await quietStart(api);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    scratch = path.join(folder.uri.fsPath, 'dockerfile-hover-scratch');
    mkdirSync(scratch, { recursive: true });
  });

  beforeEach(async () => {
    api.usage.clear();
    await emulator.reset();
  });

  after(async () => {
    await setSetting('dockerfile.codeLens', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
    await emulator.reset();
  });

  it('shows the clusters of the ECR image on a FROM line, with links trusted only for our commands', async () => {
    const document = await untitledDockerfile(`# web\nFROM ${WEB} AS web\nRUN true\n`);
    const hovers = await hover(document, 1, 'FROM '.length + 3);
    assert.equal(hovers.length, 1, 'one hover');
    const [markdown] = markdownOf(hovers);
    assert.ok(markdown);
    const text = shown(markdown.value);
    assert.match(text, /\*\*shop\/web:1\.4\.2\*\* · account 111122223333 · us-east-1/);
    assert.match(text, /\*\*3 clusters\*\* \(2 ECS, 1 EKS\) · 23 running · 8 stopped in 24 h · last in use/);
    for (const name of ['prod-web', 'prod-eks', 'staging-web']) assert.ok(text.includes(`[${name}](command:`), name);
    assert.deepEqual(markdown.isTrusted, { enabledCommands: TRUSTED });
    assert.notEqual(markdown.supportHtml, true);
    const range = hovers[0]!.range;
    assert.ok(range, 'the hover covers the image token');
    assert.equal(document.getText(range), WEB);
    assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage']);
  });

  it('hovering the same image again is served from the cache; Refresh clears it', async () => {
    const document = await untitledDockerfile(`FROM ${WEB}\nFROM ${WEB} AS again\n`);
    for (let i = 0; i < 10; i++) assert.match(await hoverText(document, DEMO_REGISTRY), /3 clusters/);
    assert.match(shown(markdownOf(await hover(document, 1, 8))[0]?.value ?? ''), /3 clusters/);
    assert.equal((await operations()).length, 2, 'one lookup for eleven hovers');
    await vscode.commands.executeCommand('imageFootprint.refresh');
    assert.match(await hoverText(document, DEMO_REGISTRY), /3 clusters/);
    assert.deepEqual(await operations(), [
      'ListCoverage',
      'GetClustersForImage',
      'ListCoverage',
      'GetClustersForImage',
    ]);
    await quietStart(api); // Refresh also reloads the views: let them finish before the next test
  });

  it('follows edits: the hover names the image the document has now', async () => {
    const document = await untitledDockerfile(`FROM ${WEB}\n`);
    assert.match(shown(await hoverText(document, DEMO_REGISTRY)), /shop\/web:1\.4\.2/);
    const edit = new vscode.WorkspaceEdit();
    const start = document.getText().indexOf('web:1.4.2');
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(start), document.positionAt(start + 9)),
      'api:2.0.0',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(shown(await hoverText(document, DEMO_REGISTRY)), /shop\/api:2\.0\.0[\s\S]*\(0 ECS, 2 EKS\)/);
  });

  it('makes no request for Docker Hub and other registries, nor for stages, and says so quietly', async () => {
    const document = await untitledDockerfile('FROM node:20-alpine AS build\nFROM ghcr.io/owner/tool:1\nFROM build\n');
    assert.match(await hoverText(document, 'node:20'), /Not a private Amazon ECR image/);
    assert.match(await hoverText(document, 'ghcr.io'), /Not a private Amazon ECR image/);
    assert.deepEqual(await hover(document, 2, 7), []);
    assert.deepEqual(await operations(), []);
  });

  it('resolves ARG defaults, and names an ARG without one instead of looking it up', async () => {
    const document = await untitledDockerfile(
      `ARG REGISTRY=${DEMO_REGISTRY}\nARG TAG\nFROM --platform=linux/amd64 \${REGISTRY}/shop/api:\${TAG:-2.0.0}\nFROM \${REGISTRY}/shop/web:$TAG\n`,
    );
    assert.match(
      shown(await hoverText(document, '${REGISTRY}/shop/api')),
      /shop\/api:2\.0\.0[\s\S]*2 clusters\*\* \(0 ECS, 2 EKS\)/,
    );
    assert.match(shown(await hoverText(document, '${REGISTRY}/shop/web')), /depends on TAG, which has no value/);
    assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage']);
  });

  it('works in saved files named Dockerfile, *.Dockerfile and Containerfile', async () => {
    for (const name of ['Dockerfile', 'worker.Dockerfile', 'Containerfile', 'Dockerfile.prod']) {
      const file = path.join(scratch, name);
      writeFileSync(file, `FROM ${DEMO_REGISTRY}/shop/worker:0.9.7\n`);
      const document = await vscode.workspace.openTextDocument(file);
      assert.match(
        shown(await hoverText(document, DEMO_REGISTRY)),
        /1 cluster\*\* \(1 ECS, 0 EKS\)[\s\S]*batch-jobs/,
        name,
      );
    }
    assert.equal((await operations()).length, 2, 'one lookup for the four files');
  });

  it('the demo Dockerfile: every FROM line answers as the demo story says', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const document = await vscode.workspace.openTextDocument(
      path.join(extension.extensionPath, 'demo', 'workspace', 'Dockerfile'),
    );
    assert.match(await hoverText(document, 'node:20-alpine'), /Not a private Amazon ECR image/);
    assert.match(shown(await hoverText(document, '${BASE}')), /platform\/base:2026\.11[\s\S]*\*\*100\+ clusters\*\*/);
    assert.match(shown(await hoverText(document, `${DEMO_REGISTRY}/shop/worker`)), /batch-jobs/);
    assert.match(shown(await hoverText(document, `${DEMO_REGISTRY}/shop/web:1.2.0`)), /Not covered by Inspector/);
    assert.match(shown(await hoverText(document, `${DEMO_REGISTRY}/shop/api@`)), /prod-eks[\s\S]*dev-eks/);
    assert.match(shown(await hoverText(document, '${REGISTRY}/shop/web:1.4.2')), /\*\*3 clusters\*\* \(2 ECS, 1 EKS\)/);
  });

  it('a dismissed hover aborts its lookup (the provider itself, with a cancellation token)', async () => {
    const document = await untitledDockerfile(
      `FROM ${DEMO_REGISTRY}/shop/api@${'sha256:' + 'd64feee0ea991762a3973cbe35016c82140ad68d2f2d2df7f1c1164cd9db7ca9'}\n`,
    );
    const position = new vscode.Position(0, 8);

    // With a source that never answers: the signal it was given is aborted, and the hover gives up.
    let seen: AbortSignal | undefined;
    const never: ImageUsageSource = {
      usage: (_ref, signal) => {
        seen = signal;
        return new Promise(() => undefined);
      },
    };
    const tokens = new vscode.CancellationTokenSource();
    const pending = new DockerfileHoverProvider(never, new DockerfileReferenceCache(findImageReferences)).provideHover(
      document,
      position,
      tokens.token,
    );
    await waitFor('the lookup to start', () => seen);
    assert.equal(seen?.aborted, false);
    tokens.cancel();
    assert.equal(seen?.aborted, true);
    assert.equal(await pending, undefined, 'the hover ends at once, whatever the source does');
    tokens.dispose();

    // With the extension's own ImageUsageService and a slow emulator: the request is dropped, nothing is cached.
    await emulator.setFault('GetClustersForImage', 'latency:3000');
    const slow = new vscode.CancellationTokenSource();
    const started = Date.now();
    const hovering = new DockerfileHoverProvider(
      api.usage,
      new DockerfileReferenceCache(findImageReferences),
    ).provideHover(document, position, slow.token);
    setTimeout(() => slow.cancel(), 200);
    assert.equal(await hovering, undefined);
    assert.ok(Date.now() - started < 2500, 'the hover did not wait for the slow answer');
    const parsed = parseEcrImage(document.getText().slice(5).trim());
    assert.ok(parsed.ok);
    assert.equal(api.usage.peek(parsed.ref), undefined, 'the cancelled lookup is not cached');
    slow.dispose();
  });

  it('hostile text in the Dockerfile stays text: no link, HTML or icon of its own', async () => {
    const document = await untitledDockerfile(
      [
        'ARG EVIL=[x](command:workbench.action.openSettings)',
        'FROM $EVIL',
        'FROM <img/src=x/onerror=alert(1)>',
        'FROM $(bug)javascript:alert(1)',
      ].join('\n'),
    );
    for (const line of [1, 2, 3]) {
      const [markdown] = markdownOf(await hover(document, line, 6));
      assert.ok(markdown, `a quiet hover on line ${line}`);
      assert.doesNotMatch(markdown.value, /(^|[^\\])\]\(/, 'no link');
      assert.doesNotMatch(markdown.value, /(^|[^\\])</, 'no HTML');
      assert.doesNotMatch(markdown.value, /(^|[^\\])\$\(bug/, 'no theme icon from the file');
      assert.deepEqual(markdown.isTrusted, { enabledCommands: TRUSTED });
    }
    assert.ok(
      shown(markdownOf(await hover(document, 1, 6))[0]!.value).includes('[x](command:workbench.action.openSettings)'),
    );
    assert.deepEqual(await operations(), []);
  });
});

describe('Dockerfile CodeLens', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
    await quietStart(api);
  });

  beforeEach(async () => {
    api.usage.clear();
    await emulator.reset();
  });

  after(async () => {
    await setSetting('dockerfile.codeLens', undefined);
    await emulator.reset();
  });

  /**
   * The lenses of a document: without `resolve`, all of them unresolved; with it, only the first `resolve` lenses,
   * resolved (what `vscode.executeCodeLensProvider` returns), in line order.
   */
  async function lenses(document: vscode.TextDocument, resolve?: number): Promise<vscode.CodeLens[]> {
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      document.uri,
      resolve,
    );
    return [...(found ?? [])].sort((a, b) => a.range.start.line - b.range.start.line);
  }

  it('is off by default', async () => {
    assert.equal(vscode.workspace.getConfiguration('imageFootprint').get('dockerfile.codeLens'), false);
    const document = await untitledDockerfile(`FROM ${WEB}\n`);
    assert.deepEqual(await lenses(document), []);
    assert.deepEqual(await operations(), []);
  });

  it('when on: a lens on each ECR FROM line, a lookup only for the lenses that are resolved', async () => {
    await setSetting('dockerfile.codeLens', true);
    const document = await untitledDockerfile(
      `FROM ${WEB} AS web\nFROM node:20\nFROM web\nFROM ${DEMO_REGISTRY}/shop/worker:0.9.7\n`,
    );
    // The setting reaches the extension through a configuration event: wait for the lenses to appear.
    const unresolved = await waitFor('the CodeLens to turn on', async () => {
      const found = await lenses(document);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      unresolved.map((l) => l.range.start.line),
      [0, 3],
    );
    assert.deepEqual(await operations(), [], 'listing the lenses makes no request');
    const resolved = await lenses(document, 1);
    assert.equal(resolved[0]?.command?.title, '$(server) 3 clusters · 23 running');
    assert.equal(resolved[0]?.command?.command, 'imageFootprint.lookupImage');
    assert.deepEqual(resolved[0]?.command?.arguments, [WEB]);
    assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage'], 'only the resolved lens looked up');
    assert.equal(resolved.length, 1);
    const all = await lenses(document, 2);
    assert.equal(all[1]?.command?.title, '$(server) 1 cluster · 2 running');

    await setSetting('dockerfile.codeLens', false);
    await waitFor('the CodeLens to turn off', async () => ((await lenses(document)).length === 0 ? true : undefined));
  });
});
