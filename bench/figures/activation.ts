/**
 * Figure 5, activation, in plain Node: the size of dist/extension.js, the time to `require` it and run `activate()` in
 * a fresh process (median over several processes, each one cold), and proof that no AWS SDK module is loaded until
 * the first request. The real extension host's figures come from bench/host (see figures/host.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import type { ActivationChildInput, ActivationChildResult } from '../activationChild';
import { check, round, type BenchContext, type Figure } from '../figure';
import { median, percentile } from '../stats';

const run = promisify(execFile);
const repoRoot = path.join(__dirname, '..', '..');
export const benchOutDir = path.join(repoRoot, 'out', 'bench');
/** The child's global storage (bench/activationChild.ts) and the extension's code cache folder in it. */
const CODE_CACHE_DIR = path.join(benchOutDir, 'global', 'code-cache');

/** Bundles the activation child and the `vscode` stand-in it loads as plain CommonJS (no tsx in the child). */
export async function bundleActivationChild(): Promise<string> {
  const common = {
    bundle: true,
    format: 'cjs' as const,
    platform: 'node' as const,
    target: 'node20',
    logLevel: 'warning' as const,
    outdir: benchOutDir,
  };
  await esbuild.build({
    ...common,
    entryPoints: { vscodeStandIn: path.join(__dirname, '..', '..', 'test', 'support', 'vscodeStandIn.ts') },
  });
  await esbuild.build({
    ...common,
    entryPoints: { activationChild: path.join(__dirname, '..', 'activationChild.ts') },
    external: ['vscode', './vscodeStandIn'],
  });
  return path.join(benchOutDir, 'activationChild.js');
}

/**
 * What dist/extension.js is made of: the same production build of src/extension.ts in memory, with esbuild's
 * metafile, bytes in the output by package (`src` for our own code).
 */
async function bundleComposition(): Promise<[string, number][]> {
  const result = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'src', 'extension.ts')],
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    write: false,
    metafile: true,
    outfile: path.join(benchOutDir, 'composition.js'),
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  const byPackage = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {})) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'src';
    byPackage.set(name, (byPackage.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

/** Text that only code of the AWS SDK would put into a bundle. */
const SDK_MARKERS = ['Inspector2Client', 'ImagebuilderClient', '@aws-sdk/', '@smithy/', 'AWS4-HMAC-SHA256'];

const ACTIVATION_TARGET_MS = 15;
/** Loading the layer, building the client and resolving credentials, on top of the request itself. */
const FIRST_REQUEST_EXTRA_MS = 60;

function childInput(ctx: BenchContext, extension: string, profile: boolean): string {
  const input: ActivationChildInput = {
    extension,
    emulatorUrl: ctx.emulator.url,
    resourceId: ctx.emulator.info.bigImage.resourceId,
    profile,
  };
  return JSON.stringify(input);
}

export async function activation(ctx: BenchContext): Promise<Figure[]> {
  const extension = path.join(repoRoot, 'dist', 'extension.js');
  const layers = ['inspector2', 'imagebuilder'].map((service) => path.join(repoRoot, 'dist', `aws-${service}.js`));
  const child = await bundleActivationChild();
  const processes = ctx.quick ? 5 : 15;
  const oneProcess = async (): Promise<ActivationChildResult> => {
    const { stdout } = await run(process.execPath, [child, childInput(ctx, extension, false)], {
      cwd: repoRoot,
      env: process.env,
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ActivationChildResult;
  };
  // The first request of a session after the first one ever: the AWS layer's V8 code cache (src/aws/codeCache.ts)
  // is in the global storage. A few processes first without it (after an install or an update), each from an empty
  // cache folder; the last of them leaves the cache the timed processes use.
  const uncached: ActivationChildResult[] = [];
  for (let i = 0; i < (ctx.quick ? 2 : 5); i++) {
    rmSync(CODE_CACHE_DIR, { recursive: true, force: true });
    uncached.push(await oneProcess());
  }
  const results: ActivationChildResult[] = [];
  for (let i = 0; i < processes; i++) results.push(await oneProcess());
  const total = results.map((r) => r.requireMs + r.activateMs);
  const extra = results.map((r) => r.firstRequestMs - r.warmRequestMs);
  const uncachedExtra = uncached.map((r) => r.firstRequestMs - r.warmRequestMs);
  const cacheFiles = readdirSync(CODE_CACHE_DIR).filter((f) => f.startsWith('aws-inspector2.js.'));
  check(cacheFiles.length === 1, `the AWS layer's code cache: ${cacheFiles.length} file(s) in ${CODE_CACHE_DIR}`);
  // One more process, profiled (activation and the first request): its times are not figures.
  let profiled: ActivationChildResult | undefined;
  const missed = median(total) > ACTIVATION_TARGET_MS || median(extra) > FIRST_REQUEST_EXTRA_MS;
  if (ctx.profile === 'all' || (ctx.profile === 'misses' && missed)) {
    const { stdout } = await run(process.execPath, [child, childInput(ctx, extension, true)], {
      cwd: repoRoot,
      env: process.env,
      timeout: 60_000,
    });
    profiled = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ActivationChildResult;
  }
  for (const r of results) {
    check(
      r.clustersOnFirstPage === 100,
      `the first request after activation returned ${r.clustersOnFirstPage} clusters`,
    );
  }
  const bundle = readFileSync(extension, 'utf8');
  const composition = await bundleComposition();
  const markers = SDK_MARKERS.filter((m) => bundle.includes(m));
  const awsAtActivation = Math.max(...results.map((r) => r.awsModulesAtActivation.length));
  const layerAtActivation = results.some((r) => r.layerLoadedAtActivation);
  const parsersAtActivation = Math.max(...results.map((r) => r.parsersAtActivation.length));
  const layerAfter = results.every((r) => r.layerLoadedAfterFirstRequest);
  const awsAfter = Math.min(...results.map((r) => r.awsModulesAfterFirstRequest.length));
  const layerLoad = results.map((r) => r.layerLoadMs ?? Number.NaN).filter((x) => Number.isFinite(x));
  const otherService = results.filter((r) =>
    r.awsModulesAfterFirstRequest.some((m) => /aws-imagebuilder\.js$/.test(m)),
  );
  check(
    results.every((r) => r.awsModulesAfterFirstRequest.some((m) => /aws-inspector2\.js$/.test(m))),
    'the first cluster request did not load dist/aws-inspector2.js',
  );
  check(otherService.length === 0, "a cluster request loaded Image Builder's bundle (dist/aws-imagebuilder.js)");
  const figures: Figure[] = [
    {
      id: 'activation.ms',
      title: 'Activation: require(dist/extension.js) + activate(), cold process, plain Node',
      value: round(median(total), 2),
      unit: 'ms',
      target: { max: ACTIVATION_TARGET_MS },
      detail: {
        requireMs: round(median(results.map((r) => r.requireMs)), 2),
        activateMs: round(median(results.map((r) => r.activateMs)), 2),
        p95Ms: round(percentile(total, 95), 2),
        processes,
        modulesLoaded: median(results.map((r) => r.modulesLoadedByActivation)),
      },
      note: `median of ${processes} fresh processes (require ${median(results.map((r) => r.requireMs)).toFixed(1)} ms + activate ${median(results.map((r) => r.activateMs)).toFixed(1)} ms)`,
    },
    {
      id: 'activation.awsModulesLoaded',
      title: 'Activation: AWS SDK modules and parsers loaded by activation',
      value: awsAtActivation + (layerAtActivation ? 1 : 0) + parsersAtActivation,
      unit: 'modules',
      target: { max: 0 },
      detail: {
        layerLoadedAtActivation: layerAtActivation,
        parsersAtActivation,
        sdkMarkersInExtensionJs: markers.length,
        layerLoadedAfterFirstRequest: layerAfter,
        awsModulesAfterFirstRequest: awsAfter,
        layerLoadMsAtFirstRequest: round(median(layerLoad), 1),
        firstRequestMs: round(median(results.map((r) => r.firstRequestMs)), 1),
      },
      note:
        `require.cache after activate() holds ${awsAtActivation} AWS module(s) and ${parsersAtActivation} parser(s); ` +
        `dist/extension.js contains ` +
        `${markers.length ? markers.join(', ') : 'no SDK code'}; the first request loads dist/aws-inspector2.js ` +
        `(${layerAfter ? 'seen' : 'NOT seen'}) in ${median(layerLoad).toFixed(0)} ms`,
    },
    {
      id: 'activation.extensionJsBytes',
      title: 'Activation: size of dist/extension.js (minified)',
      value: statSync(extension).size,
      unit: 'bytes',
      detail: {
        awsInspector2JsBytes: statSync(layers[0] as string).size,
        awsImagebuilderJsBytes: statSync(layers[1] as string).size,
        ...Object.fromEntries(composition.map(([name, bytes]) => [`bytes:${name}`, bytes])),
      },
      note:
        `${composition.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(', ')}; ` +
        `loaded on the first request of a service: dist/aws-inspector2.js ` +
        `${(statSync(layers[0] as string).size / 1024).toFixed(0)} KiB, dist/aws-imagebuilder.js ` +
        `${(statSync(layers[1] as string).size / 1024).toFixed(0)} KiB`,
    },
  ];
  figures.push({
    id: 'firstRequest.extraMs',
    title:
      'First AWS request after activation: its cost beyond the same request warm (load the layer, build the client, resolve credentials)',
    value: round(median(extra), 1),
    unit: 'ms',
    target: { max: FIRST_REQUEST_EXTRA_MS },
    detail: {
      firstRequestMs: round(median(results.map((r) => r.firstRequestMs)), 1),
      warmRequestMs: round(median(results.map((r) => r.warmRequestMs)), 1),
      layerLoadMs: round(median(layerLoad), 1),
      otherServiceLoaded: otherService.length,
      processes,
      withoutCodeCacheExtraMs: round(median(uncachedExtra), 1),
      withoutCodeCacheLayerLoadMs: round(median(uncached.map((r) => r.layerLoadMs ?? Number.NaN)), 1),
      withoutCodeCacheProcesses: uncached.length,
    },
    note:
      `median of ${processes} fresh processes, the AWS layer's code cache written by an earlier session: first ` +
      `GetClustersForImage ${median(results.map((r) => r.firstRequestMs)).toFixed(0)} ms, ` +
      `the same again ${median(results.map((r) => r.warmRequestMs)).toFixed(0)} ms; loading dist/aws-inspector2.js ` +
      `${median(layerLoad).toFixed(0)} ms; Image Builder's bundle loaded: ${otherService.length ? 'yes (!)' : 'no'}; ` +
      `without the code cache (first session after an install or update, median of ${uncached.length}): ` +
      `${median(uncachedExtra).toFixed(0)} ms beyond warm, loading ${median(uncached.map((r) => r.layerLoadMs ?? Number.NaN)).toFixed(0)} ms`,
  });
  if (profiled?.profile) (figures[0] as Figure).profile = profiled.profile;
  if (profiled?.firstRequestProfile) (figures[figures.length - 1] as Figure).profile = profiled.firstRequestProfile;
  return figures;
}
