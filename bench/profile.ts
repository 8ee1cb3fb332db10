/**
 * CPU profiles of a piece of the benchmark, taken in-process with the inspector (the same data `node --cpu-prof`
 * writes), saved as `.cpuprofile` files (open them in Chrome DevTools or VS Code) and summarised as the functions
 * with the most self time.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface SelfTime {
  readonly fn: string;
  readonly where: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly top: readonly SelfTime[];
  /** Share of the samples in the extension's own code (src/, dist/extension.js) and in the `vscode` classes it builds. */
  readonly oursPercent: number;
  /** The functions of that code with the most self time. */
  readonly topOurs: readonly SelfTime[];
}

/** Frames that are the extension's own work: its source, its bundle, and the VS Code API objects it constructs. */
export function isOurs(where: string): boolean {
  return /^(?:src\/|dist\/extension\.js|bench\/vscodeStandIn\.ts|out\/bench\/vscodeStandIn\.js)/.test(where);
}

function post<T>(session: Session, method: string, params?: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** The repository root: the nearest folder above this file with a package.json (this file may be bundled). */
function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

const repoRoot = findRoot(__dirname);

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file || '(native)';
}

/** Self time per function (same name and place merged), most first; and the same for our code alone. */
export function summarize(
  profile: CpuProfile,
  top = 12,
): { totalMs: number; top: SelfTime[]; oursPercent: number; topOurs: SelfTime[] } {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length ?? 0;
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || samples || 1;
  const msPerHit = totalMs / hits;
  const merged = new Map<string, { fn: string; where: string; hits: number }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${fn}\u0000${where}`;
    const entry = merged.get(key) ?? { fn, where, hits: 0 };
    entry.hits += node.hitCount ?? 0;
    merged.set(key, entry);
  }
  const sorted = [...merged.values()].sort((a, b) => b.hits - a.hits);
  const toSelfTime = (e: { fn: string; where: string; hits: number }): SelfTime => ({
    fn: e.fn,
    where: e.where,
    selfMs: e.hits * msPerHit,
    percent: (100 * e.hits) / hits,
  });
  const ours = sorted.filter((e) => isOurs(e.where));
  return {
    totalMs,
    top: sorted.slice(0, top).map(toSelfTime),
    oursPercent: (100 * ours.reduce((n, e) => n + e.hits, 0)) / hits,
    topOurs: ours.slice(0, top).map(toSelfTime),
  };
}

/** Runs `work` under the CPU profiler, saves the profile as out/bench/<name>.cpuprofile and summarises it. */
export async function profile(name: string, work: () => Promise<void>, top = 12): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    await post(session, 'Profiler.start');
    let failure: { error: unknown } | undefined;
    try {
      await work();
    } catch (error) {
      failure = { error };
    }
    const { profile: cpu } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
    if (failure) throw failure.error;
    const dir = path.join(repoRoot, 'out', 'bench');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(cpu));
    return { file: path.relative(repoRoot, file), ...summarize(cpu, top) };
  } finally {
    session.disconnect();
  }
}
