// The stages of `npm test` (entry: scripts/test.mjs), in order:
//   static       build, type check (src and tests), lint, format check, packaged Markdown links: one check each
//   unit         mocha: test/unit/**/*.test.ts and bench/**/*.test.ts (the benchmark's own statistics)
//   aws          mocha: test/aws/**/*.test.ts (the AWS layer, real SDK over real HTTP, against the emulator)
//   integration  the suites in a real VS Code (test/integration/runTest.ts), then a self-test proving that a failing
//                integration test fails the run
//   browser      npm run package, then test/browser/check.ts on the packaged .vsix
// Each stage prints its own report and an IF-RESULT line; this reads them, prints a per-stage summary and ends with
// `N passed, N failed`. Exit code 1 when anything failed; a stage that crashed counts as a failed test.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { installEditor } from './install-editor.mjs';
import {
  formatResultLine,
  parseResultLines,
  summarize,
  type StageOutcome,
  type StageResult,
} from '../test/support/results';
import { findTestFiles } from '../test/support/testFiles';

const repoRoot = path.resolve(__dirname, '..');
const bin = (name: string): string => path.join(repoRoot, 'node_modules', '.bin', name);
const tsxLoader = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs');
const STAGES = ['static', 'unit', 'aws', 'integration', 'browser'] as const;
type StageName = (typeof STAGES)[number];

interface Exec {
  readonly code: number | null;
  readonly output: string;
  readonly seconds: number;
}

/** Set on Ctrl-C: no new command starts. */
let interrupted = false;
/** The command running now, so that Ctrl-C can stop it. */
let current: { pid: number; closed: Promise<void> } | undefined;

/** Runs a command in its own process group, echoing its output (unless quiet), with a time limit. */
function exec(
  cmd: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; quiet?: boolean } = {},
): Promise<Exec> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 15 * 60_000;
  if (interrupted) return Promise.resolve({ code: null, output: '', seconds: 0 }); // Ctrl-C: start nothing new
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise<void>((r) => child.once('close', () => r()));
    if (child.pid !== undefined) current = { pid: child.pid, closed };
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (!options.quiet) process.stdout.write(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      output += `\n${cmd} did not finish within ${timeoutMs / 1000} s: stopped\n`;
      void stopGroup(child.pid, closed);
    }, timeoutMs);
    const finish = (code: number | null): void => {
      clearTimeout(timer);
      current = undefined;
      killGroup(child.pid); // anything the command left behind in its group
      resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (err) => {
      output += `${cmd} could not be started: ${err.message}\n`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to a command's process group, so that it can stop what it started in groups of its own (code-server,
 * Chromium), then SIGKILL to whatever is left after a grace period.
 */
async function stopGroup(pid: number | undefined, closed: Promise<void>, graceMs = 15_000): Promise<void> {
  killGroup(pid, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
  killGroup(pid, 'SIGKILL');
}

function banner(text: string): void {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 100 - text.length))}`);
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** A stage made of commands that each count as one check (passed when they exit 0); also says which failed. */
async function checks(
  stage: string,
  list: readonly [string, string, string[]][],
): Promise<StageOutcome & { failedChecks: string[] }> {
  const results: StageResult[] = [];
  let seconds = 0;
  for (const [title, cmd, args] of list) {
    const r = await exec(cmd, args, { quiet: true });
    seconds += r.seconds;
    const ok = r.code === 0;
    console.log(`  ${ok ? '✔' : '✘'} ${title} (${r.seconds.toFixed(1)} s)`);
    if (!ok) console.log(tail(r.output).replace(/^/gm, '      '));
    results.push({ stage, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  }
  const total = {
    stage,
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => r.failed).length,
  };
  console.log(formatResultLine(total));
  const failedChecks = list.filter((_, i) => results[i].failed).map(([title]) => title);
  return { stage, results: [total], exitCode: 0, seconds, failedChecks };
}

const BUILD_CHECK = 'build (npm run build)';

async function staticStage(): Promise<StageOutcome & { failedChecks: string[] }> {
  return checks('static', [
    [BUILD_CHECK, 'npm', ['run', '--silent', 'build']],
    ['type check src (tsc -p .)', bin('tsc'), ['--noEmit', '-p', '.']],
    ['type check tests (tsc -p test)', bin('tsc'), ['--noEmit', '-p', 'test']],
    ['lint (eslint .)', bin('eslint'), ['.']],
    ['format (prettier --check .)', bin('prettier'), ['--check', '.']],
    [
      'packaged Markdown links resolve inside the .vsix (vsce ls)',
      process.execPath,
      ['--import', tsxLoader, 'test/package/checkLinks.ts'],
    ],
  ]);
}

async function mochaStage(stage: string, folders: string[]): Promise<StageOutcome> {
  if (findTestFiles(folders.map((f) => path.join(repoRoot, f))).length === 0) {
    console.log(`  no *.test.ts files in ${folders.join(', ')} yet`);
    return { stage, results: [], exitCode: 0, seconds: 0, skippedBecause: `no test files in ${folders.join(', ')}` };
  }
  const r = await exec(process.execPath, [
    '--import',
    tsxLoader,
    'test/support/runStage.ts',
    '--stage',
    stage,
    ...folders,
  ]);
  return { stage, results: parseResultLines(r.output), exitCode: r.code, seconds: r.seconds };
}

async function integrationStage(): Promise<StageOutcome> {
  const started = Date.now();
  await installEditor();
  // dist/ as the static stage built it (built again here: a second or so, and right with --only=integration too).
  for (const [cmd, args] of [
    ['npm', ['run', '--silent', 'build']],
    [process.execPath, ['scripts/bundle-integration-tests.mjs']],
  ] as const) {
    const r = await exec(cmd, args);
    if (r.code !== 0) return { stage: 'integration', results: [], exitCode: r.code, seconds: 0 };
  }
  const runTest = [process.execPath, ['--import', tsxLoader, 'test/integration/runTest.ts']] as const;
  const run = await exec(...runTest);
  // 'integration-selftest' too, when someone runs `IF_SELFTEST_FAIL=1 npm test` to see a failing run.
  const results = parseResultLines(run.output).filter((r) => r.stage.startsWith('integration'));

  // Proof that a failing test fails the run: one more run with a single test that fails on purpose.
  console.log('\n  self-test: running one integration test that must fail (IF_SELFTEST_FAIL=1)…');
  const self = await exec(...runTest, { env: { IF_SELFTEST_FAIL: '1', IF_GREP: '' }, quiet: true });
  const seen = parseResultLines(self.output).find((r) => r.stage === 'integration-selftest');
  const ok = self.code !== 0 && seen?.failed === 1 && seen.passed === 0;
  console.log(
    `  ${ok ? '✔' : '✘'} a failing integration test fails the run (exit code ${self.code}, ` +
      `result ${seen ? JSON.stringify(seen) : 'missing'}) (${self.seconds.toFixed(1)} s)`,
  );
  if (!ok) console.log(tail(self.output).replace(/^/gm, '      '));
  const selfResult: StageResult = { stage: 'integration', passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
  console.log(formatResultLine(selfResult));
  return {
    stage: 'integration',
    results: results.length ? [...results, selfResult] : [],
    exitCode: run.code,
    seconds: (Date.now() - started) / 1000,
  };
}

async function browserStage(): Promise<StageOutcome> {
  const started = Date.now();
  await installEditor();
  const pkg = await exec('npm', ['run', '--silent', 'package'], { quiet: true });
  if (pkg.code !== 0) {
    console.log(tail(pkg.output));
    return { stage: 'browser', results: [], exitCode: pkg.code, seconds: pkg.seconds };
  }
  console.log(`  packaged image-footprint.vsix (${pkg.seconds.toFixed(1)} s)`);
  const r = await exec(process.execPath, ['--import', tsxLoader, 'test/browser/check.ts']);
  return {
    stage: 'browser',
    results: parseResultLines(r.output).filter((x) => x.stage === 'browser'),
    exitCode: r.code,
    seconds: (Date.now() - started) / 1000,
  };
}

/** --only=a,b and --skip=a,b select stages. */
export function selectStages(argv: readonly string[]): StageName[] {
  const list = (flag: string): string[] | undefined => {
    const arg = argv.find((a) => a.startsWith(`--${flag}=`));
    return arg
      ?.slice(flag.length + 3)
      .split(',')
      .filter(Boolean);
  };
  const only = list('only');
  const skip = list('skip') ?? [];
  for (const name of [...(only ?? []), ...skip]) {
    if (!(STAGES as readonly string[]).includes(name)) {
      throw new Error(`unknown stage "${name}": the stages are ${STAGES.join(', ')}`);
    }
  }
  return STAGES.filter((s) => (only ? only.includes(s) : true) && !skip.includes(s));
}

async function main(argv: readonly string[]): Promise<number> {
  const selected = selectStages(argv);
  rmSync(path.join(repoRoot, 'test-results'), { recursive: true, force: true });
  let buildFailed = false;
  const runners: Record<StageName, () => Promise<StageOutcome>> = {
    static: async () => {
      const outcome = await staticStage();
      buildFailed = outcome.failedChecks.includes(BUILD_CHECK);
      return outcome;
    },
    unit: () => mochaStage('unit', ['test/unit', 'bench']),
    aws: () => mochaStage('aws', ['test/aws']),
    integration: integrationStage,
    browser: browserStage,
  };
  const outcomes: StageOutcome[] = [];
  const started = Date.now();
  for (const stage of selected) {
    banner(`${stage}`);
    let outcome: StageOutcome;
    if (buildFailed && (stage === 'integration' || stage === 'browser')) {
      outcome = { stage, results: [], exitCode: null, seconds: 0, blockedBy: 'the build failed' };
    } else {
      try {
        outcome = await runners[stage]();
      } catch (err) {
        console.log(`${stage}: ${err instanceof Error ? err.message : String(err)}`);
        outcome = { stage, results: [], exitCode: null, seconds: 0 };
      }
    }
    outcomes.push(outcome);
  }
  const summary = summarize(outcomes);
  banner(`summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  for (const line of summary.lines) console.log(line);
  console.log(summary.finalLine);
  return summary.exitCode;
}

/** Ctrl-C: stop the running stage (it cleans up after itself), say so, and exit. */
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return;
  interrupted = true;
  console.log(`\nnpm test: ${signal}: stopping the running stage`);
  void (current ? stopGroup(current.pid, current.closed) : Promise.resolve()).then(() => {
    console.log('0 passed, 1 failed');
    process.exit(130);
  });
}
if (require.main === module) {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`npm test: ${err instanceof Error ? err.message : String(err)}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    },
  );
}
