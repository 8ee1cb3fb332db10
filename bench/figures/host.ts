/**
 * Figures 5 and 6 inside a real VS Code: runs bench/host/suite.ts in the extension host of code-server's VS Code
 * (test/vscode/launcher.ts, headless Chromium), against the benchmark emulator, and reads what it measured.
 * Installs the editor first when it is missing (scripts/install-editor.mjs, as `npm test` does); an editor that
 * cannot be installed or a host run that fails is an error of the benchmark, never a skipped figure.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { installEditor } from '../../scripts/install-editor.mjs';
import { runLauncher } from '../../test/vscode/launcher';
import { check, round, type BenchContext, type Figure } from '../figure';
import type { HostResult } from '../host/suite';
import { benchOutDir } from './activation';

const repoRoot = path.join(__dirname, '..', '..');
/**
 * The extension host's heap moves by about a megabyte on its own (VS Code's own work); a panel that leaked its state
 * on each cycle would leave ≥ 100 × that state (an EKS state is tens of KB), well above this.
 */
const HOST_LEAK_KB = 1024;

async function bundleSuite(): Promise<string> {
  const outdir = path.join(benchOutDir, 'host');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { index: path.join(__dirname, '..', 'host', 'suite.ts') },
    outdir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

export async function host(ctx: BenchContext, log: (line: string) => void): Promise<Figure[]> {
  let editor;
  try {
    editor = await installEditor({ log });
  } catch (err) {
    throw new Error(
      `the figures inside VS Code need code-server and Chromium, and installing them failed: ` +
        `${err instanceof Error ? err.message : String(err)} (or run without them: --no-host)`,
    );
  }
  if (!editor.chromium) {
    throw new Error('Chromium is not on PATH after installing the editor (the Debian package chromium)');
  }
  const suite = await bundleSuite();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'if-bench-host-'));
  const out = path.join(tmp, 'result.json');
  const workspace = path.join(tmp, 'workspace');
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'imageFootprint.endpoints': ctx.emulator.endpoints, 'imageFootprint.region': 'us-east-1' }),
  );
  const cycles = ctx.quick ? 20 : 100;
  const vars: Record<string, string> = {
    IF_BENCH_HOST_OUT: out,
    IF_BENCH_RESOURCE_ID: ctx.emulator.info.bigImage.resourceId,
    IF_BENCH_EXECUTION_ID: ctx.emulator.info.lifecycle.executionId,
    IF_BENCH_EXECUTION_REGION: ctx.emulator.info.lifecycle.region,
    IF_BENCH_PANEL_CYCLES: String(cycles),
  };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  const hostLog: string[] = [];
  let code: number;
  try {
    code = await runLauncher(
      [`--extensionDevelopmentPath=${repoRoot}`, `--extensionTestsPath=${suite}`, workspace],
      (line) => hostLog.push(line),
    );
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  try {
    if (code !== 0 || !existsSync(out)) {
      throw new Error(`the run inside VS Code failed (exit ${code}):\n${hostLog.slice(-25).join('\n')}`);
    }
    const r = JSON.parse(readFileSync(out, 'utf8')) as HostResult;
    check(!r.wasActiveBefore, 'the extension was already active before the host benchmark activated it');
    const panelKinds = Object.entries(r.panels);
    // Growth beyond what the same VS Code calls leave without our code (VS Code's own bookkeeping).
    const bare = r.control.bare ?? { growthKB: Number.NaN, secondBatchKB: Number.NaN };
    const mimic = r.control.mimic ?? { growthKB: Number.NaN, secondBatchKB: Number.NaN };
    const controlPerBatch = Math.max(mimic.growthKB, mimic.secondBatchKB);
    const worst = Math.max(...panelKinds.map(([, p]) => Math.max(p.growthKB, p.secondBatchKB) - controlPerBatch));
    return [
      {
        id: 'host.activationMs',
        title: `Activation in VS Code ${r.vscodeVersion}'s extension host: require + activate(), cold`,
        value: round(r.requireMs + r.activateCallMs, 2),
        unit: 'ms',
        target: { max: 20 },
        detail: {
          requireMs: round(r.requireMs, 2),
          activateCallMs: round(r.activateCallMs, 2),
          extensionActivateMs: round(r.activationMs, 2),
          runs: 1,
        },
        note:
          `one cold load per host (the module cache is fresh only once): require ${r.requireMs.toFixed(1)} ms + ` +
          `activate() ${r.activateCallMs.toFixed(1)} ms; Extension.activate() as a caller sees it, with VS Code ` +
          `building the context: ${r.activationMs.toFixed(1)} ms`,
      },
      {
        id: 'host.awsModulesLoaded',
        title: 'Activation in VS Code: AWS modules loaded by activation',
        value: r.awsModulesAtActivation.length + (r.layerLoadedAtActivation ? 1 : 0),
        unit: 'modules',
        target: { max: 0 },
        detail: {
          layerLoadedAtActivation: r.layerLoadedAtActivation,
          layerLoadedAfterFirstRequest: r.layerLoadedAfterFirstRequest,
          awsModulesAfterFirstRequest: r.awsModulesAfterFirstRequest.length,
        },
        note: `require.cache of the extension host; after the first request dist/aws.js is ${r.layerLoadedAfterFirstRequest ? 'loaded' : 'NOT loaded'}`,
      },
      {
        id: 'host.panelCyclesKB',
        title: `Memory in VS Code: host heap growth per ${r.cycles} open/close cycles beyond the same VS Code calls without our code (worst panel)`,
        value: round(worst, 1),
        unit: 'KB',
        target: { max: HOST_LEAK_KB },
        detail: {
          gcExposed: r.gcExposed,
          bareKB: round(bare.growthKB, 1),
          bareSecondBatchKB: round(bare.secondBatchKB, 1),
          mimicKB: round(mimic.growthKB, 1),
          mimicSecondBatchKB: round(mimic.secondBatchKB, 1),
          ...Object.fromEntries(panelKinds.map(([k, p]) => [`${k}KB`, round(p.growthKB, 1)])),
          ...Object.fromEntries(panelKinds.map(([k, p]) => [`${k}SecondBatchKB`, round(p.secondBatchKB, 1)])),
          ...Object.fromEntries(panelKinds.map(([k, p]) => [`${k}OpenToReadyMs`, round(p.openToReadyMs, 1)])),
          ...Object.fromEntries(panelKinds.map(([k, p]) => [`${k}ReadyTimeouts`, p.readyTimeouts])),
        },
        note:
          panelKinds
            .map(
              ([k, p]) =>
                `${k} ${p.growthKB.toFixed(0)} KB, then ${p.secondBatchKB.toFixed(0)} KB ` +
                `(open → ready ${p.openToReadyMs.toFixed(0)} ms` +
                `${p.readyTimeouts ? `; ${p.readyTimeouts} of 3 pages never said ready within 20 s` : ''})`,
            )
            .join(', ') +
          `; without our code, the same VS Code calls: ${mimic.growthKB.toFixed(0)} KB, then ` +
          `${mimic.secondBatchKB.toFixed(0)} KB (a bare panel: ${bare.growthKB.toFixed(0)}, then ` +
          `${bare.secondBatchKB.toFixed(0)} KB)`,
      },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
