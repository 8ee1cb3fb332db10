// Installs the VS Code that the tests and the demo run: the one inside the `code-server` npm package, into
// .vscode-test/code-server-<version>/ (git-ignored, like @vscode/test-electron's .vscode-test/), plus the Debian
// packages it needs. Idempotent: a second run only checks and returns.
//
//   node scripts/install-editor.mjs        install if missing, print where it is
//   import { installEditor } from './install-editor.mjs'
//
// Facts behind each step: /work/shared/REAL-VSCODE.md (desktop VS Code, Electron and @vscode/test-web cannot be
// downloaded here; code-server@4.100.3 is the newest release on Node 20 and carries VS Code 1.100.3).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const editorCacheDir = path.join(repoRoot, '.vscode-test');
export const editorDir = path.join(editorCacheDir, `code-server-${CODE_SERVER_VERSION}`);

/** Debian packages: the browser that drives the workbench, gssapi.h for the `kerberos` module, `rg` for search. */
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];

// @vscode/ripgrep's postinstall downloads rg from outside; it looks in this cache first.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const MARKER = '.installed.json';

/**
 * @typedef {object} Editor
 * @property {string} codeServer  the code-server CLI (a Node script)
 * @property {string} vscodeDir   the VS Code build inside it (lib/vscode)
 * @property {string} chromium    the Chromium binary that drives the workbench
 * @property {string} version     the code-server version
 */

/** @param {string} cmd */
function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** @param {string} pkg */
function debianPackageInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (r.error) throw new Error(`${cmd} could not be started: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

/** @param {string} question */
async function confirm(question) {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/**
 * Installs the Debian packages the editor needs, when missing. Under CI=true or as root it installs without asking;
 * otherwise it asks on a terminal, and without one it stops and says what to run.
 * @param {(line: string) => void} log
 */
export async function ensureDebianPackages(log = console.log) {
  const missing = DEBIAN_PACKAGES.filter((p) => !debianPackageInstalled(p));
  if (missing.length === 0) return;
  if (!which('apt-get')) {
    throw new Error(
      `These packages are missing and there is no apt-get to install them: ${missing.join(', ')}. ` +
        'Install Chromium, the Kerberos headers and ripgrep with your package manager, then run again.',
    );
  }
  const isRoot = process.getuid?.() === 0;
  const command = `${isRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.env.CI !== 'true' && !isRoot && !(await confirm(`install-editor: run "${command}"?`))) {
    throw new Error(`Debian packages missing: ${missing.join(', ')}. Run: ${command}`);
  }
  const [apt, ...aptArgs] = isRoot ? ['apt-get'] : ['sudo', 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`install-editor: installing Debian packages ${missing.join(', ')} (apt-get update, then apt-get install)`);
  run(apt, [...aptArgs, '-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], { env });
  run(
    apt,
    [...aptArgs, '-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...missing],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/** @returns {Editor | undefined} the installed editor, when the marker of a finished install is there */
export function findEditor() {
  const codeServer = path.join(editorDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(path.join(editorDir, MARKER)) || !existsSync(codeServer)) return undefined;
  return {
    codeServer,
    vscodeDir: path.join(editorDir, 'node_modules', 'code-server', 'lib', 'vscode'),
    chromium: which('chromium'),
    version: CODE_SERVER_VERSION,
  };
}

/**
 * Installs code-server into .vscode-test/ when it is not there yet, and returns where it is.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<Editor>}
 */
export async function installEditor({ log = console.log } = {}) {
  await ensureDebianPackages(log);
  const found = findEditor();
  if (found) return found;

  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH after installing it; install the Debian package ripgrep.');
  const started = Date.now();
  log(`install-editor: installing code-server@${CODE_SERVER_VERSION} into ${path.relative(repoRoot, editorDir)}/`);
  log('install-editor: (VS Code cannot be downloaded here; the one inside the code-server npm package is used)');

  mkdirSync(editorCacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(editorCacheDir, '.staging-'));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'if-install-editor-'));
  try {
    // A tarball of Debian's rg where @vscode/ripgrep's postinstall looks before it downloads.
    const rgCache = path.join(tmp, RIPGREP_CACHE);
    const rgBin = path.join(tmp, 'rg-bin');
    mkdirSync(rgCache, { recursive: true });
    mkdirSync(rgBin);
    run('cp', [rg, path.join(rgBin, 'rg')]);
    run('tar', ['-czf', path.join(rgCache, RIPGREP_TARBALL), '-C', rgBin, 'rg']);

    writeFileSync(
      path.join(staging, 'package.json'),
      JSON.stringify({ name: 'if-editor', private: true, description: 'VS Code for tests' }, null, 2),
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', '--omit=dev', `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: staging,
        env: {
          ...process.env,
          TMPDIR: tmp,
          npm_config_unsafe_perm: 'true', // its postinstall refuses root otherwise
          npm_config_yes: 'true', // a postinstall runs `npx node-gyp`
          npm_config_update_notifier: 'false',
        },
      },
    );
    writeFileSync(
      path.join(staging, MARKER),
      JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }) + '\n',
    );
    rmSync(editorDir, { recursive: true, force: true });
    renameSync(staging, editorDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
  const editor = findEditor();
  if (!editor) throw new Error(`code-server was installed but ${editorDir} does not hold it; delete it and retry.`);
  log(`install-editor: done in ${Math.round((Date.now() - started) / 1000)} s`);
  return editor;
}

/** Reads the VS Code version of the installed build (lib/vscode/product.json). */
export function editorVscodeVersion(/** @type {Editor} */ editor) {
  const pkg = JSON.parse(readFileSync(path.join(editor.vscodeDir, 'package.json'), 'utf8'));
  return String(pkg.version);
}

// Run as a script (no top-level await: TypeScript tests load this module through tsx as CommonJS).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  installEditor().then(
    (editor) => {
      console.log(`code-server ${editor.version} (VS Code ${editorVscodeVersion(editor)}): ${editor.codeServer}`);
      console.log(`chromium: ${editor.chromium || 'not found'}`);
    },
    (err) => {
      console.error(`install-editor: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
