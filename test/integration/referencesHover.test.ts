// Hover and CodeLens on ECR image references outside Dockerfiles, in a real VS Code against the emulator: one saved
// file of each kind (Kubernetes, Helm values, Kustomize, compose with .env, ECS task definition, imagedefinitions.json,
// CloudFormation YAML and JSON, Terraform, GitHub Actions), one lookup for an image hovered in all of them, quiet
// answers and no request for what is not a private ECR image, and the parsers loaded only when a candidate file is.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { DEMO_REGISTRY, emulator, extensionApi, setSetting, waitFor } from './support/harness';

const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;

/** What a Markdown renderer shows for escaped text. */
function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

async function hoversAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover[]> {
  return (
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? []
  );
}

/** Our hover's text at the `nth` occurrence of `needle` (a few characters into it). */
async function hoverText(document: vscode.TextDocument, needle: string, nth = 0): Promise<string> {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = document.getText().indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} is not in ${document.uri.path}`);
  const hovers = await hoversAt(document, document.positionAt(offset + 3));
  return shown(
    hovers
      .flatMap((h) => h.contents)
      .map((c) => (c instanceof vscode.MarkdownString ? c.value : ''))
      .join('\n\n'),
  );
}

async function operations(): Promise<string[]> {
  const inspector = ['ListCoverage', 'GetClustersForImage'];
  return (await emulator.requests()).map((r) => r.operation).filter((o) => inspector.includes(o));
}

/** Files of each kind, each naming shop/web:1.4.2 once; `needle` is where to hover. */
const FILES: { name: string; text: string; where: RegExp; needle?: string }[] = [
  {
    name: 'k8s/deployment.yaml',
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${WEB}\n`,
    where: /Kubernetes manifest · Deployment web › containers\[0\] web/,
  },
  {
    name: 'chart/values.yaml',
    text: `image:\n  repository: ${DEMO_REGISTRY}/shop/web\n  tag: "1.4.2"\n`,
    where: /Helm values · image/,
    needle: '"1.4.2"',
  },
  {
    name: 'overlay/kustomization.yaml',
    text: `images:\n  - name: web\n    newName: ${DEMO_REGISTRY}/shop/web\n    newTag: "1.4.2"\n`,
    where: /Kustomize · images\[0\] web/,
  },
  {
    name: 'compose/compose.yaml',
    text: 'services:\n  web:\n    image: ${REGISTRY}/shop/web:${WEB_TAG:-1.4.2}\n',
    where: /Docker Compose · services\.web/,
    needle: '${REGISTRY}',
  },
  {
    name: 'ecs/taskdef.json',
    text: `{\n  // comments are allowed\n  "family": "web",\n  "containerDefinitions": [{ "name": "web", "image": "${WEB}" }],\n}\n`,
    where: /ECS task definition · web › containerDefinitions\[0\] web/,
  },
  {
    name: 'ecs/imagedefinitions.json',
    text: `[{ "name": "web", "imageUri": "${WEB}" }]\n`,
    where: /imagedefinitions\.json · \[0\] web/,
  },
  {
    name: 'cfn/template.yaml',
    text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: web\n          Image: !Sub "${WEB}"\n`,
    where: /CloudFormation · Resources\.Task › ContainerDefinitions\[0\] web/,
  },
  {
    name: 'cfn/template.json',
    text: `{"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"ImageUri": "${WEB}"}}}}}\n`,
    where: /CloudFormation · Resources\.Fn › Code\.ImageUri/,
  },
  {
    name: 'tf/main.tf',
    text: `resource "aws_ecs_task_definition" "web" {\n  container_definitions = jsonencode([{ name = "web", image = "${WEB}" }])\n}\n`,
    where: /Terraform · aws_ecs_task_definition\.web\.container_definitions\.image/,
  },
  {
    name: '.github/workflows/ci.yml',
    text: `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container: ${WEB}\n`,
    where: /GitHub Actions workflow · jobs\.test\.container/,
  },
];

describe('Image references in manifests, templates and workflows', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  let scratch: string;
  let loadedBefore: boolean;

  before(async () => {
    api = await extensionApi();
    loadedBefore = api.isReferencesLoaded();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test workspace is open');
    scratch = path.join(folder.uri.fsPath, 'references-scratch');
    rmSync(scratch, { recursive: true, force: true });
    for (const file of FILES) {
      mkdirSync(path.dirname(path.join(scratch, file.name)), { recursive: true });
      writeFileSync(path.join(scratch, file.name), file.text);
    }
    writeFileSync(path.join(scratch, 'compose', '.env'), `REGISTRY=${DEMO_REGISTRY}\n`);
  });

  beforeEach(async () => {
    api.usage.clear();
    await emulator.reset();
  });

  after(async () => {
    await setSetting('references.codeLens', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(scratch, { recursive: true, force: true });
    await emulator.reset();
  });

  it('a JSON file that cannot hold a reference does not load the parsers', async function () {
    if (loadedBefore) this.skip();
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "a": 1 }' });
    assert.deepEqual(await hoversAt(document, new vscode.Position(0, 3)), []);
    assert.equal(api.isReferencesLoaded(), false);
  });

  for (const file of FILES) {
    it(`${file.name}: the hover says where the image runs and where the reference is`, async () => {
      const document = await vscode.workspace.openTextDocument(path.join(scratch, file.name));
      const text = await hoverText(document, file.needle ?? DEMO_REGISTRY);
      assert.match(text, /\*\*shop\/web:1\.4\.2\*\* · account 111122223333 · us-east-1/, text);
      assert.match(text, /\*\*3 clusters\*\* \(2 ECS, 1 EKS\) · 23 running/, text);
      assert.match(text, file.where, text);
      assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage']);
      assert.equal(api.isReferencesLoaded(), true);
    });
  }

  it('an image hovered in every file kind is looked up once', async () => {
    for (const file of FILES) {
      const document = await vscode.workspace.openTextDocument(path.join(scratch, file.name));
      assert.match(await hoverText(document, file.needle ?? DEMO_REGISTRY), /3 clusters/, file.name);
    }
    assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage']);
  });

  it('says what is not looked up, and why, with no request', async () => {
    const write = async (name: string, text: string): Promise<vscode.TextDocument> => {
      writeFileSync(path.join(scratch, name), text);
      return vscode.workspace.openTextDocument(path.join(scratch, name));
    };
    const compose = await write(
      'compose/docker-compose.yml',
      'services:\n  w:\n    image: ${REGISTRY}/shop/w:${TAG}\n',
    );
    assert.match(await hoverText(compose, '${REGISTRY}'), /No lookup: TAG is not set in the \.env file/);
    const k8s = await write(
      'k8s/pod.yaml',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx:1.25\n    - image: public.ecr.aws/a/b:1\n',
    );
    assert.match(await hoverText(k8s, 'nginx'), /Not a private Amazon ECR image/);
    assert.match(await hoverText(k8s, 'public.ecr.aws'), /Amazon ECR Public/);
    const cfn = await write(
      'cfn/sub.yaml',
      'Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ImageUri: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/shop/web:1.4.2"\n',
    );
    assert.match(await hoverText(cfn, '${AWS::AccountId}'), /No lookup: CloudFormation !Sub fills in/);
    const chart = await write(
      'chart/templates-deploy.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    );
    assert.match(await hoverText(chart, '{{ .Values'), /No lookup: a Helm template expression/);
    assert.deepEqual(await operations(), []);
  });

  it('a large manifest is read in the worker thread; the hover answers the same', async () => {
    const before = api.referencesWorkerRequests();
    const padding = Array.from(
      { length: 1500 },
      (_, i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${'v'.repeat(100)}"\n`,
    ).join('');
    const text = `${padding}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: last\nspec:\n  containers:\n    - image: ${WEB}\n`;
    assert.ok(text.length > 200_000);
    writeFileSync(path.join(scratch, 'k8s', 'large.yaml'), text);
    const document = await vscode.workspace.openTextDocument(path.join(scratch, 'k8s', 'large.yaml'));
    const hovered = await hoverText(document, DEMO_REGISTRY);
    assert.match(hovered, /\*\*3 clusters\*\*/);
    assert.match(hovered, /Kubernetes manifest · Pod last › containers\[0\]/);
    // The Workspace Images index may read the new file too (when a scan ran before): at least the hover's request.
    assert.ok(api.referencesWorkerRequests() > before, 'the text went to the worker thread');
  });

  it('follows edits and the .env file beside a compose file', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(scratch, 'compose', 'compose.yaml'));
    assert.match(await hoverText(document, '${REGISTRY}'), /shop\/web:1\.4\.2/);
    writeFileSync(path.join(scratch, 'compose', '.env'), `REGISTRY=${DEMO_REGISTRY}\nWEB_TAG=0.9.7\n`);
    const edit = new vscode.WorkspaceEdit();
    const at = document.getText().indexOf('shop/web');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 8)), 'shop/worker');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(await hoverText(document, '${REGISTRY}'), /shop\/worker:0\.9\.7[\s\S]*batch-jobs/);
  });

  it('CodeLens, when on: a lens on each ECR reference, a lookup only when resolved', async () => {
    assert.equal(vscode.workspace.getConfiguration('imageFootprint').get('references.codeLens'), false);
    const document = await vscode.workspace.openTextDocument(path.join(scratch, 'k8s', 'deployment.yaml'));
    await setSetting('references.codeLens', true);
    const lenses = async (resolve?: number): Promise<vscode.CodeLens[]> =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        document.uri,
        resolve,
      )) ?? [];
    const unresolved = await waitFor('the CodeLens to turn on', async () => {
      const found = await lenses();
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      unresolved.map((l) => l.range.start.line),
      [9],
    );
    assert.deepEqual(await operations(), [], 'listing the lenses makes no request');
    const [resolved] = await lenses(1);
    assert.equal(resolved?.command?.title, '$(server) 3 clusters · 23 running');
    assert.deepEqual(resolved?.command?.arguments, [WEB]);
    assert.deepEqual(await operations(), ['ListCoverage', 'GetClustersForImage']);
  });
});
