// What `npm test` and `npm run demo` do before anything else, with no dependency installed yet: install the
// project's npm dependencies when node_modules is missing (npm ci), then run a TypeScript entry point through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** Runs `npm ci` when node_modules (or tsx in it) is missing, saying so. */
export function ensureNodeModules() {
  if (existsSync(tsxLoader)) return;
  console.log('bootstrap: node_modules is missing or incomplete: running `npm ci` (about a minute)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bootstrap: npm ci failed (${r.status ?? r.signal}); fix that first, then run again.`);
    process.exit(1);
  }
}

/**
 * Runs a TypeScript file of the repo with the tsx loader in a child Node, passes on SIGINT/SIGTERM, and exits with
 * its exit code. The child stays in this process group, so Ctrl-C in a terminal reaches it directly too.
 * @param {string} file path relative to the repo root
 * @param {string[]} args
 */
export function runTypeScriptEntry(file, args) {
  const child = spawn(process.execPath, ['--import', tsxLoader, path.join(repoRoot, file), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}
