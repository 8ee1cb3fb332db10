// Runs the integration suites in a real VS Code through @vscode/test-electron's runTests():
//   node --import tsx test/integration/runTest.ts      (npm run test:integration bundles first)
// Desktop VS Code cannot be downloaded here, so the executable is test/vscode/launcher (the VS Code of code-server in
// headless Chromium); IF_USE_DESKTOP_VSCODE=1 lets test-electron download desktop VS Code as usual. Builds nothing:
// expects dist/ (npm run build) and out/test/integration/ (scripts/bundle-integration-tests.mjs).
// Starts the emulator (demo data) first; the extension host gets its URL, dummy AWS keys and private AWS config files, and the
// workspace it opens (a fresh copy of test/integration/workspace) points imageFootprint.endpoints at it.
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../emulator/index';
import { isolatedAwsEnv } from '../support/isolatedAws';

const repoRoot = path.resolve(__dirname, '..', '..');
export const launcherPath = path.join(repoRoot, 'test', 'vscode', 'launcher');
export const suiteIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');

export async function runIntegrationTests(env: Record<string, string | undefined> = {}): Promise<number> {
  for (const [file, hint] of [
    [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
    [suiteIndex, 'node scripts/bundle-integration-tests.mjs'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${hint}\` first`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'if-integration-'));
  const emulator = await startEmulator({ dataset: 'demo' });
  try {
    const workspace = path.join(tmp, 'workspace');
    cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
    mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'imageFootprint.endpoints': emulator.endpoints }, null, 2),
    );
    const desktop = process.env.IF_USE_DESKTOP_VSCODE === '1';
    return await runTests({
      vscodeExecutablePath: desktop ? undefined : launcherPath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(tmp, 'user-data')}`],
      extensionTestsEnv: {
        ...isolatedAwsEnv(path.join(tmp, 'aws')),
        IF_EMULATOR_URL: emulator.url,
        ...env,
      },
    });
  } finally {
    await emulator.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  // On SIGTERM the launcher (same process group) stops VS Code and exits; runTests() then settles and the finally
  // block above closes the emulator and deletes the temporary folder. Dying at once would skip that.
  process.on('SIGTERM', () => console.log('integration: SIGTERM: stopping'));
  runIntegrationTests().then(
    (code) => process.exit(code),
    (err: unknown) => {
      // runTests rejects with TestRunFailedError (it has already printed the exit code) when the suite failed.
      if (err instanceof TestRunFailedError) process.exit(err.code || 1);
      console.error(`integration: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
