// Bundles the integration suites for the extension host: test/integration/index.ts (the runner) and every
// test/integration/**/*.test.ts, each to out/test/integration/<same path>.js, CommonJS, with `vscode` and `mocha`
// left to require() at run time.
//   node scripts/bundle-integration-tests.mjs
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const integrationSrcDir = path.join(root, 'test', 'integration');
export const integrationOutDir = path.join(root, 'out', 'test', 'integration');
/** The file to pass as extensionTestsPath. */
export const integrationIndex = path.join(integrationOutDir, 'index.js');

export async function bundleIntegrationTests() {
  const suites = readdirSync(integrationSrcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(integrationSrcDir, f));
  rmSync(integrationOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(integrationSrcDir, 'index.ts'), ...suites],
    outbase: integrationSrcDir,
    outdir: integrationOutDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return { index: integrationIndex, suites: suites.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleIntegrationTests().then(
    ({ suites }) =>
      console.log(`bundled the integration runner and ${suites} suite file(s) into out/test/integration/`),
    (err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
