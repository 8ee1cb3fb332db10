/**
 * npm run bench [-- --quick] [--write] [--no-host] [--profile | --no-profile] [--only=onePage,hover,…]
 *
 * Measures the extension's own cost against the local emulator (see BENCHMARKS.md for how each figure is measured):
 * builds the production bundles, starts the emulator in a process of its own, runs every figure, prints a table, the
 * profiles of missed targets, and last one JSON line with every figure. `--write` also puts the results into
 * BENCHMARKS.md. Leaves no process behind. Exit code 0 when it measured (missed targets are reported, not failed),
 * 1 when it could not measure.
 */
import './shippedCode';
import '../test/support/useStandIn';
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';
import { BenchEmulator } from './emulatorProcess';
import type { BenchContext, Figure } from './figure';
import { met } from './figure';
import { activation } from './figures/activation';
import { references } from './figures/references';
import { host } from './figures/host';
import { hover, lookupByTag } from './figures/lookupAndHover';
import { panelMemory, treeMemory } from './figures/memory';
import { everything, onePage } from './figures/paging';
import { parsers } from './figures/parsers';
import { workspaceScan } from './figures/workspaceScan';
import { describeMachine, jsonLine, markdown, profileText, replaceResultsSection, table, type RunInfo } from './report';
import { isolateAws, useSettings } from './world';

const repoRoot = path.join(__dirname, '..');
const FIGURES = [
  'activation',
  'onePage',
  'lookup',
  'hover',
  'everything',
  'memory',
  'panels',
  'parsers',
  'references',
  'scan',
  'host',
] as const;
type FigureName = (typeof FIGURES)[number];

const USAGE = `Usage: npm run bench -- [--quick] [--write] [--no-host] [--profile | --no-profile] [--only=${FIGURES.join(',')}]
  --quick       fewer runs (to try it out; not for BENCHMARKS.md)
  --write       put the results into BENCHMARKS.md
  --no-host     leave out the figures measured inside a real VS Code (code-server + Chromium; otherwise
                installed when missing, as npm test does)
  --profile     profile every figure that can be profiled, met or not
  --no-profile  do not profile figures that miss their target
  --only=LIST   run only these figures`;

interface Options {
  readonly quick: boolean;
  readonly write: boolean;
  readonly profile: 'misses' | 'all' | 'none';
  readonly figures: ReadonlySet<FigureName>;
}

function parseOptions(argv: readonly string[]): Options | string {
  let quick = false;
  let write = false;
  let profile: Options['profile'] = 'misses';
  let only: FigureName[] | undefined;
  let noHost = false;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg === '--write') write = true;
    else if (arg === '--no-profile') profile = 'none';
    else if (arg === '--profile') profile = 'all';
    else if (arg === '--no-host') noHost = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((n) => !(FIGURES as readonly string[]).includes(n));
      if (unknown.length || names.length === 0) {
        return `--only takes figure names (${FIGURES.join(', ')}), not '${unknown.join(',')}'`;
      }
      only = names as FigureName[];
    } else if (arg === '--help' || arg === '-h') return '';
    else return `unknown option '${arg}'`;
  }
  const figures = new Set<FigureName>(only ?? FIGURES);
  if (noHost) figures.delete('host');
  if (write && (quick || only)) return '--write keeps only full runs: drop --quick and --only';
  return { quick, write, profile, figures };
}

/** The memory figures need `global.gc`: without --expose-gc, run again with it (same arguments, same terminal). */
function ensureExposeGc(): void {
  if ((globalThis as { gc?: unknown }).gc) return;
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    cwd: repoRoot,
  });
  process.exit(child.status ?? 1);
}

async function build(): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `the production build failed (node esbuild.mjs --production):\n${e.stderr || e.stdout || e.message}`,
    );
  }
}

const BENCHMARKS_MD = path.join(repoRoot, 'BENCHMARKS.md');

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (typeof options === 'string') {
    if (options) console.error(`bench: ${options}\n`);
    console.log(USAGE);
    return options ? 2 : 0;
  }
  ensureExposeGc();
  // The SDK's notice that later versions need Node 22 is not a benchmark figure.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const started = Date.now();
  const machine = describeMachine();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(
    `bench: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  log('bench: building the production bundles (node esbuild.mjs --production)…');
  await build();

  const removeAwsFolder = isolateAws();
  log('bench: starting the emulator (10,000 clusters, 500 lifecycle resources, no short pages)…');
  const emulator = await BenchEmulator.start({ clusters: 10_000, lifecycleResources: 500, hoverImages: 5 });
  const stopAll = (): void => {
    void emulator.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  const figures: Figure[] = [];
  try {
    useSettings(emulator);
    const ctx: BenchContext = { emulator, quick: options.quick, profile: options.profile };
    const steps: [FigureName, string, () => Promise<Figure[]>][] = [
      ['activation', 'activation (fresh Node processes)', () => activation(ctx)],
      ['onePage', 'one page', () => onePage(ctx)],
      ['lookup', 'lookup by tag', () => lookupByTag(ctx)],
      ['hover', 'hover', () => hover(ctx)],
      ['everything', 'whole lists through Load more', () => everything(ctx)],
      ['memory', 'tree memory', () => treeMemory(ctx)],
      ['panels', 'panel memory', () => panelMemory(ctx)],
      ['parsers', 'parsers on adversarial input', () => parsers(ctx)],
      ['references', 'image references in large files', () => references(ctx)],
      ['scan', 'workspace scan (20,000 files) and an update after a save', () => workspaceScan(ctx)],
      ['host', 'inside VS Code (code-server + headless Chromium)', () => host(ctx, log)],
    ];
    for (const [name, label, step] of steps) {
      if (!options.figures.has(name)) continue;
      const t = Date.now();
      log(`bench: ${label}…`);
      figures.push(...(await step()));
      log(`bench: ${label} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
    await emulator.stop();
    removeAwsFolder();
  }
  machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const run: RunInfo = {
    machine,
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    quick: options.quick,
    notRun: FIGURES.filter((f) => !options.figures.has(f)),
  };
  const missed = figures.filter((f) => met(f) === false);
  console.log('');
  console.log(table(figures));
  console.log('');
  if (run.notRun.length) console.log(`Not run (left out by the options): ${run.notRun.join(', ')}`);
  console.log(
    missed.length === 0
      ? 'Every target was met.'
      : `MISSED ${missed.length} target(s): ${missed.map((f) => f.id).join(', ')} (profiles below, and in BENCHMARKS.md)`,
  );
  const profiles = profileText(figures);
  if (profiles) console.log(`\n${profiles}`);
  const json = jsonLine(figures, run);
  if (options.write) {
    const text = replaceResultsSection(readFileSync(BENCHMARKS_MD, 'utf8'), markdown(figures, run), json);
    // Formatted as `npm run format` would, so the file stays clean for `format:check`.
    const config = (await prettier.resolveConfig(BENCHMARKS_MD)) ?? {};
    writeFileSync(BENCHMARKS_MD, await prettier.format(text, { ...config, filepath: BENCHMARKS_MD }));
    log('bench: wrote the results into BENCHMARKS.md');
  }
  console.log('');
  console.log(json);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
