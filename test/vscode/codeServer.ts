// A real VS Code for tests and the demo: the one inside the code-server npm package (installed by
// scripts/install-editor.mjs), served on 127.0.0.1 with folders of its own, and headless Chromium to drive it.
// Every run gets a fresh root folder (config, user data, extensions, XDG folders, TMPDIR); `close()` ends the
// server's whole process group and deletes the root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Editor } from '../../scripts/install-editor.mjs';

export interface CodeServerOptions {
  editor: Editor;
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Folder that holds every folder of this instance; a fresh temporary one when absent. Deleted by close(). */
  root?: string;
  /** User settings (settings.json of the user data dir), on top of quiet defaults for automation. */
  userSettings?: Record<string, unknown>;
  /** Packaged extensions (.vsix) to install before the server starts. */
  vsix?: string[];
  /** Extra environment for the server and so for the extension host it starts. */
  env?: NodeJS.ProcessEnv;
  /** Folder to open when the URL names none (code-server remembers it as the default). */
  folder?: string;
  /** Called with each line the server prints; by default the lines are kept and shown only if start-up fails. */
  onOutput?: (line: string) => void;
  /** Start-up limit. */
  startTimeoutMs?: number;
  /**
   * Workspace trust on (VS Code's default), with no start-up prompt: a folder opened stays untrusted, in Restricted
   * Mode. Off (the default here) runs with `--disable-workspace-trust`, everything trusted.
   */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  readonly port: number;
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The server's last output lines, for failure reports. */
  outputTail(): string;
  /** Settles with the exit code (or signal) when the server process ends, for whatever reason. */
  readonly exited: Promise<number | string>;
  /** Ends the server's process group and deletes the root folder. Safe to call more than once. */
  close(): Promise<void>;
}

/** With workspace trust on: no modal prompt, so the folder stays untrusted (Restricted Mode) until a test says so. */
export const RESTRICTED_MODE_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

/** Settings that keep a fresh workbench quiet and reproducible. */
export const AUTOMATION_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** A fresh folder in the system temp folder, named for what it is for. */
export function makeTempRoot(purpose: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `if-${purpose}-`));
}

/** Installs packaged extensions with the code-server CLI into an extensions folder. */
export function installVsix(editor: Editor, extensionsDir: string, vsixFiles: string[], env: NodeJS.ProcessEnv): void {
  for (const vsix of vsixFiles) {
    const r = spawnSync(
      process.execPath,
      [editor.codeServer, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0) {
      throw new Error(
        `code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`,
      );
    }
  }
}

/** Starts code-server and resolves once it answers /healthz. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const root = options.root ?? makeTempRoot('code-server');
  const dirs = {
    config: path.join(root, 'config.yaml'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg', 'config'),
    xdgData: path.join(root, 'xdg', 'data'),
    xdgCache: path.join(root, 'xdg', 'cache'),
    xdgRuntime: path.join(root, 'xdg', 'runtime'),
    tmp: path.join(root, 'tmp'),
  };
  for (const d of [dirs.userData, dirs.extensions, dirs.xdgConfig, dirs.xdgData, dirs.xdgCache, dirs.xdgRuntime]) {
    mkdirSync(d, { recursive: true, mode: 0o700 });
  }
  mkdirSync(dirs.tmp, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify(
      { ...AUTOMATION_SETTINGS, ...(options.workspaceTrust ? RESTRICTED_MODE_SETTINGS : {}), ...options.userSettings },
      null,
      2,
    ),
  );

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // No extension marketplace: there is no internet here, and tests must not depend on one anywhere.
    EXTENSIONS_GALLERY: '{}',
    ...options.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    XDG_RUNTIME_DIR: dirs.xdgRuntime,
    TMPDIR: dirs.tmp,
  };
  // Variables that would make code-server think it runs inside another VS Code, or change its port or password.
  for (const name of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'VSCODE_IPC_HOOK_CLI', 'VSCODE_PROXY_URI']) {
    delete env[name];
  }
  if (options.vsix?.length) installVsix(options.editor, dirs.extensions, options.vsix, env);

  const args = [
    options.editor.codeServer,
    '--config',
    dirs.config,
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--ignore-last-opened',
  ];
  if (options.folder) args.push(options.folder);

  // detached: its own process group, so close() can end code-server and every process it started at once.
  const child = spawn(process.execPath, args, { env, cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > 200) tail.shift();
    options.onOutput?.(line);
  };
  pipeLines(child, onLine);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  // Every caller waits for the same, complete shutdown.
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= killGroup(child).then(() => rmSync(root, { recursive: true, force: true, maxRetries: 3 })));

  try {
    const port = await waitForListening(child, tail, options.startTimeoutMs ?? 60_000);
    const url = `http://127.0.0.1:${port}/`;
    await waitForHealth(url, child, options.startTimeoutMs ?? 60_000);
    return {
      url,
      port,
      root,
      userDataDir: dirs.userData,
      extensionsDir: dirs.extensions,
      outputTail: () => tail.join('\n'),
      exited,
      close,
    };
  } catch (err) {
    await close();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`code-server did not start: ${message}\n--- its output ---\n${tail.join('\n')}`);
  }
}

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    stream?.on('end', () => {
      if (buffered) onLine(buffered);
    });
  }
}

/** code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once it has bound the port. */
function waitForListening(child: ChildProcess, tail: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "listening" line within ${timeoutMs} ms`)), timeoutMs);
    const check = (): void => {
      for (const line of tail) {
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (m) return finish(undefined, Number(m[1]));
      }
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`code-server exited early (${code ?? signal})`));
    const finish = (err?: Error, port?: number): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(port ?? 0);
    };
    // Lines reach `tail` through pipeLines' own listener, which was added first; look after every chunk.
    const onData = (): void => check();
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    check();
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('code-server exited early');
    try {
      const res = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}healthz did not answer within ${timeoutMs} ms (${last})`);
}

/** SIGTERM to the process group, SIGKILL to whatever is left after a grace period. */
async function killGroup(child: ChildProcess, graceMs = 3_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (!signalGroup(0)) return;
  }
  signalGroup('SIGKILL');
}

/** The workbench URL for a folder, with an optional development payload (see REAL-VSCODE.md). */
export function workbenchUrl(server: CodeServer, open: { folder?: string; payload?: [string, string][] } = {}): string {
  const url = new URL(server.url);
  if (open.folder) url.searchParams.set('folder', open.folder);
  if (open.payload?.length) url.searchParams.set('payload', JSON.stringify(open.payload));
  return url.toString();
}

/** A path on the server's machine as the workbench names it (vscode-remote://host:port/abs/path). */
export function remoteUri(server: CodeServer, absPath: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

export interface Browser {
  readonly context: BrowserContext;
  /** Closes Chromium and deletes its profile folder. Safe to call more than once. */
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile, driven by playwright-core. */
export async function launchChromium(
  editor: Editor,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  if (!editor.chromium) {
    throw new Error(
      'Chromium is not installed; run `node scripts/install-editor.mjs` (it installs the Debian package).',
    );
  }
  const profile = makeTempRoot('chromium');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: editor.chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1400, height: 900 },
      // Its crash database and caches go into the profile too, not into ~/.config or ~/.cache.
      env: {
        ...process.env,
        TMPDIR: profile,
        XDG_CONFIG_HOME: path.join(profile, 'xdg-config'),
        XDG_CACHE_HOME: path.join(profile, 'xdg-cache'),
      },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    close: () =>
      (closing ??= context
        .close()
        .catch(() => undefined)
        .then(() => rmSync(profile, { recursive: true, force: true, maxRetries: 3 }))),
  };
}
