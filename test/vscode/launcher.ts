// Stands in for the VS Code executable that @vscode/test-electron's runTests() starts: desktop VS Code cannot be
// downloaded here, so this maps the same arguments onto the VS Code inside code-server, run in headless Chromium.
//
//   test/vscode/launcher --extensionDevelopmentPath=/repo --extensionTestsPath=/repo/out/…/index.js [folder] [flags]
//
// It starts code-server on a free 127.0.0.1 port with fresh folders of its own (a --user-data-dir or
// --extensions-dir given is not used: every run starts clean), opens the workbench with the development payload,
// prints what the extension host logs, and exits with the code the test runner reports. The server's environment,
// and so the extension host's, is this process's environment. IF_VSCODE_TIMEOUT_MS (default 300000) fails a run that
// does not finish; IF_VSCODE_VERBOSE=1 also prints the server's and the page's own output.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { findEditor } from '../../scripts/install-editor.mjs';
import { launchChromium, remoteUri, startCodeServer, workbenchUrl, type Browser, type CodeServer } from './codeServer';

export interface LauncherArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  /** Folder or .code-workspace to open; a file opens its folder. */
  open?: string;
  /** `--user-data-dir`: not used as such (every run starts clean), but its `User/settings.json` is copied. */
  userDataDir?: string;
  /** Arguments understood but without effect here, and unknown ones (reported, not fatal). */
  ignored: string[];
}

// Flags desktop VS Code takes that mean nothing to a browser workbench, or that every run here does anyway:
// the extensions folder is always fresh and empty, so --disable-extensions holds.
const HARMLESS_FLAGS = new Set([
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-gpu',
  '--disable-updates',
  '--skip-welcome',
  '--skip-release-notes',
  '--disable-workspace-trust',
  '--disable-extensions',
  '--disable-telemetry',
  '--new-window',
  '--wait',
  '--verbose',
]);
const VALUE_FLAGS = new Set(['--user-data-dir', '--extensions-dir', '--locale', '--log', '--crash-reporter-directory']);

/** Parses the command line runTests() builds. */
export function parseLauncherArgs(argv: readonly string[]): LauncherArgs {
  const out: LauncherArgs = { extensionDevelopmentPaths: [], ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inlineValue = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${name} needs a value`);
      i++;
      return next;
    };
    if (name === '--extensionDevelopmentPath') out.extensionDevelopmentPaths.push(path.resolve(value()));
    else if (name === '--extensionTestsPath') out.extensionTestsPath = path.resolve(value());
    else if (name === '--user-data-dir') {
      out.userDataDir = path.resolve(value());
      out.ignored.push(`${name}=${out.userDataDir}`);
    } else if (VALUE_FLAGS.has(name)) out.ignored.push(`${name}=${value()}`);
    else if (HARMLESS_FLAGS.has(name)) out.ignored.push(name);
    else if (arg.startsWith('-')) out.ignored.push(arg);
    else if (out.open === undefined) out.open = path.resolve(arg);
    else out.ignored.push(arg);
  }
  return out;
}

/** The folder to open for a path given on the command line. */
function folderToOpen(open: string | undefined): string | undefined {
  if (open === undefined) return undefined;
  if (!existsSync(open)) throw new Error(`the folder or file to open does not exist: ${open}`);
  return statSync(open).isDirectory() ? open : path.dirname(open);
}

/** The user settings a caller put into the `--user-data-dir` it passed (as desktop VS Code would read them). */
function userSettingsOf(userDataDir: string | undefined): Record<string, unknown> | undefined {
  if (userDataDir === undefined) return undefined;
  const file = path.join(userDataDir, 'User', 'settings.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Runs a test session and returns the exit code to use. */
export async function runLauncher(argv: readonly string[], log: (line: string) => void): Promise<number> {
  const args = parseLauncherArgs(argv);
  const verbose = process.env.IF_VSCODE_VERBOSE === '1';
  const timeoutMs = Number(process.env.IF_VSCODE_TIMEOUT_MS ?? 300_000);
  if (!(timeoutMs > 0)) {
    throw new Error(`IF_VSCODE_TIMEOUT_MS must be a number of milliseconds, not "${process.env.IF_VSCODE_TIMEOUT_MS}"`);
  }
  const unknown = args.ignored.filter((a) => !HARMLESS_FLAGS.has(a) && !VALUE_FLAGS.has(a.split('=')[0]));
  if (unknown.length) log(`[launcher] not used here: ${unknown.join(' ')}`);
  if (!args.extensionTestsPath) {
    throw new Error('--extensionTestsPath is required: this launcher only runs test suites');
  }
  if (!existsSync(args.extensionTestsPath) && !existsSync(`${args.extensionTestsPath}.js`)) {
    throw new Error(`--extensionTestsPath does not exist: ${args.extensionTestsPath} (was the suite bundled?)`);
  }
  const folder = folderToOpen(args.open);
  const editor = findEditor();
  if (!editor) throw new Error('the editor is not installed: run `node scripts/install-editor.mjs` first');

  const started = Date.now();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await browser?.close();
      await server?.close();
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`[launcher] ${signal}: stopping`);
    void stop().then(() => process.exit(130));
  };
  // The caller went away (its end of our stdout is closed): stop too, rather than leave VS Code running.
  const onStdoutError = (): void => void stop().then(() => process.exit(1));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.stdout.on('error', onStdoutError);
  try {
    const srv = await startCodeServer({
      editor,
      userSettings: userSettingsOf(args.userDataDir),
      // runTests() always passes --disable-workspace-trust; IF_VSCODE_WORKSPACE_TRUST=1 runs with trust on instead.
      workspaceTrust: process.env.IF_VSCODE_WORKSPACE_TRUST === '1',
      onOutput: verbose ? (line) => log(`[code-server] ${line}`) : undefined,
    });
    server = srv;
    const payload: [string, string][] = [
      ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remoteUri(srv, p)]),
      ['extensionTestsPath', remoteUri(srv, args.extensionTestsPath)],
    ];
    const chromium = await launchChromium(editor);
    browser = chromium;
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    const exitCode = new Promise<number>((resolve, reject) => {
      // The workbench calls these when it runs with a development payload: the extension host's console, and the
      // code that the suite runner's run() settled with.
      void Promise.all([
        page.exposeFunction('codeAutomationExit', (code: unknown) => resolve(typeof code === 'number' ? code : 1)),
        page.exposeFunction('codeAutomationLog', (_type: unknown, logArgs: unknown) => {
          const parts = Array.isArray(logArgs) ? logArgs : [logArgs];
          log(format(...parts.map(String)));
        }),
      ]).catch(reject);
      page.on('close', () => reject(new Error('the workbench page closed before the tests finished')));
      chromium.context.on('close', () => reject(new Error('Chromium exited before the tests finished')));
      setTimeout(() => reject(new Error(`the tests did not finish within ${timeoutMs} ms`)), timeoutMs).unref();
    });
    if (verbose) {
      page.on('console', (m) => log(`[page ${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log(`[page error] ${e.message}`));
    }
    await page.goto(workbenchUrl(srv, { folder, payload }), { waitUntil: 'domcontentloaded' });
    const code = await exitCode;
    log(`[launcher] tests finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`[launcher] ${message}`);
    if (server && !verbose && !stopping) log(`[launcher] last lines of code-server:\n${server.outputTail()}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onStdoutError);
    await stop();
  }
}

if (require.main === module) {
  runLauncher(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`launcher: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
