/**
 * CPU profiles of a piece of the benchmark, taken in-process with the inspector (the same data `node --cpu-prof`
 * writes), saved as `.cpuprofile` files (open them in Chrome DevTools or VS Code) and summarised as the functions
 * with the most self time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
}

function post<T>(session: Session, method: string, params?: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

const repoRoot = path.join(__dirname, '..');

function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file || '(native)';
}

/** Self time per function (same name and place merged), most first. */
export function summarize(profile: CpuProfile, top = 12): { totalMs: number; top: SelfTime[] } {
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
  return {
    totalMs,
    top: [...merged.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.hits * msPerHit, percent: (100 * e.hits) / hits })),
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
