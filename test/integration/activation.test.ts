// The extension as VS Code sees it: lazy activation, the contributed commands, settings and views, and no AWS
// request at activation. Runs inside a real VS Code (see test/integration/index.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';

const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;
const commandIds = manifest.contributes.commands.map((c) => c.command);
const settings = Object.entries(manifest.contributes.configuration.properties) as [string, { default: unknown }][];
const viewIds = manifest.contributes.views.imageFootprint.map((v) => v.id);
const containerId = manifest.contributes.viewsContainers.activitybar[0].id;

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the test host`);
  return ext;
}

/** The emulator's URL: runTest.ts always starts one. */
function emulatorUrl(): string {
  const url = process.env.IF_EMULATOR_URL;
  assert.ok(url, 'IF_EMULATOR_URL is not set: run the suites through test/integration/runTest.ts');
  return url;
}

/** AWS operations the emulator has served, from its request log (control API GET /__emulator/requests). */
async function emulatorOperations(): Promise<string[]> {
  const res = await fetch(new URL('/__emulator/requests', emulatorUrl()));
  assert.equal(res.status, 200, 'the emulator request log did not answer');
  const body = (await res.json()) as { requests?: { operation?: unknown }[] };
  assert.ok(Array.isArray(body.requests), `unexpected request log: ${JSON.stringify(body).slice(0, 200)}`);
  return body.requests.map((r) => String(r.operation));
}

describe('Extension activation and contributions', () => {
  it('runs in VS Code 1.100 or newer', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 100), `vscode.version is ${vscode.version}`);
  });

  it('is installed, and not active before it is used or else active without the AWS layer or the parsers', function () {
    const eager = manifest.activationEvents.some((e) => e === '*' || e === 'onStartupFinished');
    if (eager) this.skip();
    const ext = extension();
    // `onLanguage:jsonc` / `json` / `yaml` may already have fired: the workspace's own .vscode/settings.json is a
    // JSON document. Activation must then have cost no SDK and no parser.
    if (!ext.isActive) return;
    const api = ext.exports as { isAwsLayerLoaded(): boolean; isReferencesLoaded(): boolean };
    assert.equal(api.isAwsLayerLoaded(), false, 'activation loaded the AWS layer');
    assert.equal(api.isReferencesLoaded(), false, 'activation loaded the reference parsers');
  });

  it('activates when one of its commands runs, without any AWS request', async () => {
    const before = await emulatorOperations();
    // Select Region with a value (here '': "from the profile or environment", the default) shows no picker and
    // makes no AWS call.
    await vscode.commands.executeCommand('imageFootprint.selectRegion', '');
    assert.equal(extension().isActive, true);
    const after = await emulatorOperations();
    assert.deepEqual(after.slice(before.length), [], 'activation sent AWS requests');
  });

  it('registers every command it contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = commandIds.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands in package.json that are not registered: ${missing.join(', ')}`);
  });

  it('declares each setting with its default', () => {
    assert.ok(settings.length > 0);
    for (const [key, declared] of settings) {
      const inspected = vscode.workspace.getConfiguration().inspect(key);
      assert.ok(inspected, `setting ${key} is unknown to VS Code`);
      assert.deepEqual(inspected.defaultValue, declared.default, `default of ${key}`);
    }
  });

  it('reads the user settings that point it at the emulator (endpoints are user-only)', () => {
    const url = emulatorUrl();
    const inspected = vscode.workspace.getConfiguration('imageFootprint').inspect<Record<string, string>>('endpoints');
    assert.equal(inspected?.workspaceValue, undefined);
    // The "Extension Tests" launch configuration uses the environment instead.
    const endpoints = inspected?.globalValue ?? {
      inspector2: process.env.AWS_ENDPOINT_URL_INSPECTOR2 ?? '',
      imagebuilder: process.env.AWS_ENDPOINT_URL_IMAGEBUILDER ?? '',
    };
    assert.deepEqual(Object.keys(endpoints ?? {}).sort(), ['imagebuilder', 'inspector2']);
    for (const endpoint of Object.values(endpoints ?? {})) assert.equal(new URL(endpoint).origin, new URL(url).origin);
  });

  it('shows its view container and its three views', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${containerId}`);
    for (const id of viewIds) await vscode.commands.executeCommand(`${id}.focus`);
    assert.deepEqual(viewIds, [
      'imageFootprint.clusters',
      'imageFootprint.lifecycle',
      'imageFootprint.workspaceImages',
    ]);
  });
});
