// Runs the integration suites in a real VS Code through @vscode/test-electron's runTests():
//   node --import tsx test/integration/runTest.ts      (npm run test:integration bundles first)
// Desktop VS Code cannot be downloaded here, so the executable is test/vscode/launcher (the VS Code of code-server in
// headless Chromium); IF_USE_DESKTOP_VSCODE=1 lets test-electron download desktop VS Code as usual. Builds nothing:
// expects dist/ (npm run build) and out/test/integration/ (scripts/bundle-integration-tests.mjs).
// Starts the emulator (demo data) first; the extension host gets its URL, dummy AWS keys and private AWS config files,
// and the user settings (`imageFootprint.endpoints` can only be set there) point it at the emulator.
//
// Two runs: every suite in a trusted workspace, then the Restricted Mode suite with workspace trust on and the folder
// left untrusted, whose `.vscode/settings.json` names another endpoint on loopback (a decoy that counts requests),
// another profile and region, and turns CodeLens on: the decoy must receive nothing.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../emulator/index';
import { isolatedAwsEnv } from '../support/isolatedAws';

const repoRoot = path.resolve(__dirname, '..', '..');
export const launcherPath = path.join(repoRoot, 'test', 'vscode', 'launcher');
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
/** The title of the suite the Restricted Mode run runs (and the trusted run skips). */
export const RESTRICTED_SUITE = 'Restricted Mode';

/** A loopback HTTP server that answers 500 to everything and counts it; `GET /__count` reports the count. */
async function startDecoy(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/__count') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
      return;
    }
    count++;
    console.log(`integration: the decoy endpoint received ${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface IntegrationRunOptions {
  /** Workspace trust on and the folder untrusted; only the Restricted Mode suite runs. */
  readonly restricted?: boolean;
}

export async function runIntegrationTests(
  env: Record<string, string | undefined> = {},
  options: IntegrationRunOptions = {},
): Promise<number> {
  for (const [file, hint] of [
    [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
    [suiteIndex, 'node scripts/bundle-integration-tests.mjs'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${hint}\` first`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'if-integration-'));
  const emulator = await startEmulator({ dataset: 'demo' });
  const decoy = options.restricted ? await startDecoy() : undefined;
  try {
    const workspace = path.join(tmp, 'workspace');
    cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    const workspaceSettings = decoy
      ? {
          // What a hostile repository would try: every setting that chooses where requests go and as whom.
          'imageFootprint.endpoints': { inspector2: decoy.url, imagebuilder: decoy.url },
          'imageFootprint.profile': 'workspace-profile',
          'imageFootprint.region': 'eu-north-1',
          'imageFootprint.dockerfile.codeLens': true,
        }
      : {};
    writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
    // The user's own settings (read by desktop VS Code from --user-data-dir, copied by the launcher).
    const userData = path.join(tmp, 'user-data');
    mkdirSync(path.join(userData, 'User'), { recursive: true });
    writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ 'imageFootprint.endpoints': emulator.endpoints }, null, 2),
    );
    const desktop = process.env.IF_USE_DESKTOP_VSCODE === '1';
    const code = await runTests({
      vscodeExecutablePath: desktop ? undefined : launcherPath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${userData}`],
      extensionTestsEnv: {
        ...isolatedAwsEnv(path.join(tmp, 'aws')),
        IF_EMULATOR_URL: emulator.url,
        ...(decoy
          ? {
              IF_VSCODE_WORKSPACE_TRUST: '1',
              IF_RESTRICTED_MODE: '1',
              IF_DECOY_URL: decoy.url,
              IF_GREP: RESTRICTED_SUITE,
              IF_RESULT_STAGE: 'integration-restricted',
            }
          : {}),
        ...env,
      },
    });
    if (decoy && decoy.count() > 0) {
      console.error(`integration: the workspace's endpoint received ${decoy.count()} request(s) in Restricted Mode`);
      return 1;
    }
    return code;
  } finally {
    await decoy?.close();
    await emulator.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runBoth(): Promise<number> {
  const trusted = await runIntegrationTests();
  // The self-test (a run that must fail) needs one run only.
  if (process.env.IF_SELFTEST_FAIL === '1') return trusted;
  if (process.env.IF_USE_DESKTOP_VSCODE === '1') {
    // runTests() always passes --disable-workspace-trust to desktop VS Code: Restricted Mode needs the launcher.
    console.log('integration: the Restricted Mode run needs the code-server launcher; skipped with desktop VS Code');
    return trusted;
  }
  const restricted = await runIntegrationTests({}, { restricted: true });
  return trusted || restricted;
}

if (require.main === module) {
  // On SIGTERM the launcher (same process group) stops VS Code and exits; runTests() then settles and the finally
  // block above closes the emulator and deletes the temporary folder. Dying at once would skip that.
  process.on('SIGTERM', () => console.log('integration: SIGTERM: stopping'));
  const only = process.env.IF_INTEGRATION_RUN;
  const run =
    only === 'trusted'
      ? runIntegrationTests()
      : only === 'restricted'
        ? runIntegrationTests({}, { restricted: true })
        : runBoth();
  run.then(
    (code) => process.exit(code),
    (err: unknown) => {
      // runTests rejects with TestRunFailedError (it has already printed the exit code) when the suite failed.
      if (err instanceof TestRunFailedError) process.exit(err.code || 1);
      console.error(`integration: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
