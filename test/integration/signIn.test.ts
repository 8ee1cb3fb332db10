// Sign-in in a real VS Code against the emulator's IAM Identity Center: an SSO profile without a session fails with
// "Sign in" on the status bar (error colour), the Sign In command runs the device authorization (the test approves it
// through the emulator, as a user would on the page), writes the shared token cache, and the same request then
// succeeds with the role credentials the SDK got from the SSO portal; the status bar is back to profile and region.
// The profile list the picker uses agrees with the status bar.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ImageNode } from '../../src/inspector/clusterNodes';
import { children, DEMO_REGISTRY, emulator, emulatorUrl, extensionApi, items, setSetting } from './support/harness';

const WEB = `${DEMO_REGISTRY}/shop/web:1.4.2`;
const SESSION = 'it-sso';

const CONFIG = `[default]
region = us-west-1

[profile default]
region = us-east-1 # [profile default] wins over [default], as in the SDK

[profile it-sso] # signs in with IAM Identity Center
sso_session = ${SESSION}
sso_account_id = 111122223333
sso_role_name = ImageFootprintReadOnly
region = us-east-1 # the demo region

[sso-session ${SESSION}]
sso_start_url = https://it.awsapps.com/start
sso_region = us-east-1
`;

async function sso(
  pathname = '',
  body?: unknown,
): Promise<{
  requests: { operation: string; status: number; error?: string }[];
  devices: { userCode: string; status: string }[];
}> {
  const res = await fetch(new URL(`/__emulator/sso${pathname}`, emulatorUrl()), {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `emulator sso ${pathname}: ${res.status}`);
  return (await res.json()) as never;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Sign in with IAM Identity Center inside VS Code', function () {
  this.timeout(90_000);
  let api: ExtensionApi;
  let home: string;
  let configFile: string;
  let savedConfig: Buffer;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (vars: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(vars)) {
      if (!(k in saved)) saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };

  before(async function () {
    // Only with the run's own AWS files (runTest.ts): the suite rewrites the config file.
    if (!process.env.AWS_CONFIG_FILE) this.skip();
    api = await extensionApi();
    home = mkdtempSync(path.join(tmpdir(), 'if-it-sso-'));
    // The config file of the run (the status bar watches it): ours for this suite, put back after.
    configFile = process.env.AWS_CONFIG_FILE as string;
    savedConfig = readFileSync(configFile);
    writeFileSync(configFile, CONFIG);
    // The extension host is this process: the SDK and the extension read these at call time.
    setEnv({
      HOME: home,
      AWS_ENDPOINT_URL_SSO_OIDC: emulatorUrl(),
      AWS_ENDPOINT_URL_SSO: emulatorUrl(),
      AWS_REGION: undefined,
    });
    await emulator.reset();
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    await setSetting('region', undefined);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    for (const node of [...api.clusters.imageNodes]) await api.clusters.removeImage(node);
    writeFileSync(configFile, savedConfig);
    rmSync(home, { recursive: true, force: true });
    await emulator.reset();
  });

  it('the picker, the status bar and the request agree on the profile and its region', async () => {
    await vscode.commands.executeCommand('imageFootprint.selectProfile', 'it-sso');
    await api.connection.update();
    const state = api.connection.state;
    assert.equal(state?.profile, 'it-sso');
    assert.equal(state?.region, 'us-east-1', 'the comment after the region is not part of it');
    assert.equal(state?.regionSource, 'profile');
    assert.match(String(api.connection.statusBarItem.text), /it-sso · us-east-1/);
  });

  it('the default chain: the status bar shows the region of [profile default], comment stripped', async () => {
    await vscode.commands.executeCommand('imageFootprint.selectProfile', '');
    await api.connection.update();
    assert.equal(api.connection.state?.effectiveProfile, 'default');
    assert.equal(api.connection.state?.region, 'us-east-1');
    assert.equal(api.connection.state?.regionSource, 'profile');
    await vscode.commands.executeCommand('imageFootprint.selectProfile', 'it-sso');
    await api.connection.update();
  });

  it('an edit of the config file shows in the status bar without a click', async () => {
    writeFileSync(configFile, CONFIG.replace('region = us-east-1 # the demo region', 'region = eu-west-1'));
    try {
      await waitFor('the new region', () => (api.connection.state?.region === 'eu-west-1' ? true : undefined));
    } finally {
      writeFileSync(configFile, CONFIG);
    }
    await waitFor('the region back', () => (api.connection.state?.region === 'us-east-1' ? true : undefined));
  });

  it('an SSO profile without a session: error row and "Sign in" on the status bar; Sign In fixes both', async () => {
    // By digest: the image becomes a root without a request, so the failure is a row of the tree.
    const data = await emulator.data();
    const image = data.images.find((i) => i.repository === 'shop/web' && i.tags.includes('1.4.2'));
    assert.ok(image);
    const node = (await vscode.commands.executeCommand(
      'imageFootprint.lookupImage',
      `${DEMO_REGISTRY}/shop/web@${image.digest}`,
    )) as ImageNode;
    assert.ok(node, 'the image is a root');
    const rows = await items(api.clusters.provider, await children(api.clusters.provider, node));
    const errorRow = rows.find((r) => /credentials|sign in/i.test(r.label));
    assert.ok(errorRow, `an error row: ${rows.map((r) => r.label).join(' | ')}`);
    await waitFor('the status bar to ask for a sign-in', () =>
      api.connection.state?.sessionProblem ? true : undefined,
    );
    assert.match(String(api.connection.statusBarItem.text), /Sign in/);
    assert.equal(api.connection.statusBarItem.command, 'imageFootprint.connectionMenu');
    assert.deepEqual(
      (await api.connection.menuItems()).filter((i) => !i.args).map((i) => i.command),
      [
        'imageFootprint.signIn',
        'imageFootprint.selectProfile',
        'imageFootprint.selectRegion',
        'imageFootprint.showLog',
      ],
      'one menu, Sign In first while the session is gone',
    );
    assert.deepEqual(
      api.connection.statusBarItem.backgroundColor,
      new vscode.ThemeColor('statusBarItem.errorBackground'),
    );

    // Sign In (what the status bar menu and the error row run); the user approves the code in the browser.
    const signedIn = vscode.commands.executeCommand<boolean>('imageFootprint.signIn');
    const device = await waitFor('a device authorization', async () =>
      (await sso()).devices.find((d) => d.status === 'pending'),
    );
    assert.match(device.userCode, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
    await sso('/approve', { userCode: device.userCode });
    assert.equal(await signedIn, true, 'the command reports the sign-in');

    const cacheFile = path.join(
      home,
      '.aws',
      'sso',
      'cache',
      `${createHash('sha1').update(SESSION).digest('hex')}.json`,
    );
    assert.ok(existsSync(cacheFile), 'the token is in the shared cache');
    const token = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
    assert.equal(token.startUrl, 'https://it.awsapps.com/start');
    assert.ok(typeof token.refreshToken === 'string' && typeof token.clientSecret === 'string');

    await waitFor('the status bar to show the profile again', () =>
      api.connection.state?.sessionProblem === undefined ? true : undefined,
    );
    // The error colour is gone; the warning colour stays, because the emulator is an endpoint override.
    assert.deepEqual(
      api.connection.statusBarItem.backgroundColor,
      new vscode.ThemeColor('statusBarItem.warningBackground'),
    );
    assert.deepEqual(
      (await api.connection.menuItems()).filter((i) => !i.args).map((i) => i.command),
      [
        'imageFootprint.selectProfile',
        'imageFootprint.selectRegion',
        'imageFootprint.signIn',
        'imageFootprint.showLog',
      ],
    );

    // The same lookup now works with the role credentials of the SSO portal.
    await waitFor('clusters after signing in', async () => {
      await children(api.clusters.provider, node);
      return node.clusters.items.length > 0 ? true : undefined;
    });
    // A tag lookup (ListCoverage first) works too.
    const byTag = (await vscode.commands.executeCommand('imageFootprint.lookupImage', WEB)) as ImageNode;
    assert.ok(byTag);
    const ops = (await sso()).requests.map((r) => `${r.operation}:${r.error ?? r.status}`);
    assert.ok(ops.includes('CreateToken:200'), ops.join(', '));
    assert.ok(ops.includes('GetRoleCredentials:200'), ops.join(', '));
  });

  it('a second Sign In uses the refresh token: no browser, no new device code', async function () {
    const cached = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(SESSION).digest('hex')}.json`);
    if (!existsSync(cached)) this.skip(); // the test above failed before signing in
    const before = (await sso()).devices.length;
    assert.equal(await vscode.commands.executeCommand<boolean>('imageFootprint.signIn', 'it-sso'), true);
    assert.equal((await sso()).devices.length, before, 'no new device authorization');
    assert.ok((await sso()).requests.some((r) => r.operation === 'CreateToken' && r.status === 200));
  });

  it('Show Log and the connection menu commands exist and run', async () => {
    await vscode.commands.executeCommand('imageFootprint.showLog');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['imageFootprint.connectionMenu', 'imageFootprint.signIn', 'imageFootprint.showLog']) {
      assert.ok(commands.includes(id), id);
    }
  });
});
