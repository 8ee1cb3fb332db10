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

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Requests the emulator has served, from its control API; undefined when there is no emulator or no such API. */
async function emulatorRequestCount(): Promise<number | undefined> {
  const base = process.env.IF_EMULATOR_URL;
  if (!base) return undefined;
  const res = await fetch(new URL('/_emulator/requests', base)).catch(() => undefined);
  if (!res?.ok) return undefined;
  const body: unknown = await res.json();
  const list = Array.isArray(body) ? body : (body as { requests?: unknown }).requests;
  assert.ok(Array.isArray(list), `unexpected request log from the emulator: ${JSON.stringify(body).slice(0, 200)}`);
  return list.length;
}

describe('Extension activation and contributions', () => {
  it('runs in VS Code 1.100 or newer', () => {
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 100), `vscode.version is ${vscode.version}`);
  });

  it('is installed and not active before it is used', function () {
    const eager = manifest.activationEvents.some((e) => e === '*' || e === 'onStartupFinished');
    if (eager) this.skip();
    assert.equal(extension().isActive, false);
  });

  it('activates when one of its commands runs, without any AWS request', async () => {
    const before = await emulatorRequestCount();
    // Select Region shows a quick pick and makes no AWS call: start it, wait for activation, dismiss the pick.
    const done = vscode.commands.executeCommand('imageFootprint.selectRegion');
    await waitFor(() => extension().isActive, 'the extension is active');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await done;
    const after = await emulatorRequestCount();
    if (before !== undefined && after !== undefined) assert.equal(after - before, 0, 'activation sent AWS requests');
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

  it('reads the test workspace settings that point it at the emulator', function () {
    const url = process.env.IF_EMULATOR_URL;
    if (!url) return this.skip();
    const endpoints = vscode.workspace.getConfiguration('imageFootprint').get<Record<string, string>>('endpoints');
    assert.deepEqual(Object.keys(endpoints ?? {}).sort(), ['imagebuilder', 'inspector2']);
    for (const endpoint of Object.values(endpoints ?? {})) assert.equal(new URL(endpoint).origin, new URL(url).origin);
  });

  it('shows its view container and both views', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${containerId}`);
    for (const id of viewIds) await vscode.commands.executeCommand(`${id}.focus`);
    assert.deepEqual(viewIds, ['imageFootprint.clusters', 'imageFootprint.lifecycle']);
  });
});
