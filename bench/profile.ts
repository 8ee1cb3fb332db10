/**
 * CPU profiles of a piece of the benchmark, taken in-process with the inspector (the same data `node --cpu-prof`
 * writes), saved as `.cpuprofile` files (open them in Chrome DevTools or VS Code) and summarised as the functions
 * with the most self time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { Session } from 'node:inspector';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
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
  return /^(?:src\/|dist\/extension\.js|test\/support\/vscodeStandIn\.ts|out\/bench\/vscodeStandIn\.js)/.test(where);
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
/** Maps a frame of a bundle back to its source (0-based line and column, as in the profile). */
export type FrameResolver = (url: string, line: number, column: number) => { fn?: string; where: string } | undefined;

/**
 * A resolver for the frames of one bundle, from its `.map` file (Node's own SourceMap class): a frame of
 * dist/extension.js becomes `dist/extension.js ← dockerfile-ast/lib/parser.js:120`, so the package it came from shows.
 */
export function sourceMapResolver(bundle: string): FrameResolver | undefined {
  let map: SourceMap;
  try {
    map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapPayload);
  } catch {
    return undefined;
  }
  const bundleUrl = pathToFileURL(bundle).href;
  const label = shortUrl(bundleUrl);
  return (url, line, column) => {
    if (url !== bundleUrl && url !== bundle) return undefined;
    const entry = map.findEntry(line, column) as {
      originalSource?: string;
      originalLine?: number;
      name?: string;
    };
    if (!entry.originalSource) return undefined;
    const source = path.resolve(path.dirname(bundle), entry.originalSource.replace(/^file:\/\//, ''));
    return {
      fn: entry.name,
      where: `${label} ← ${shortUrl(source)}:${(entry.originalLine ?? 0) + 1}`,
    };
  };
}

export function summarize(
  profile: CpuProfile,
  top = 12,
  resolve?: FrameResolver,
): { totalMs: number; top: SelfTime[]; oursPercent: number; topOurs: SelfTime[] } {
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const samples = profile.samples?.length ?? 0;
  const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || samples || 1;
  const msPerHit = totalMs / hits;
  const merged = new Map<string, { fn: string; where: string; hits: number }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const resolved = url ? resolve?.(url, lineNumber, columnNumber ?? 0) : undefined;
    const fn = resolved?.fn || functionName || '(anonymous)';
    const where = resolved?.where ?? (url ? `${shortUrl(url)}:${lineNumber + 1}` : '');
    const key = `${fn}\u0000${where}`;
    const entry = merged.get(key) ?? { fn, where, hits: 0 };
    entry.hits += node.hitCount ?? 0;
    merged.set(key, entry);
  }
  const sorted = [...merged.values()].filter((e) => e.hits > 0).sort((a, b) => b.hits - a.hits);
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
export async function profile(
  name: string,
  work: () => Promise<void>,
  top = 12,
  resolve?: FrameResolver,
): Promise<ProfileSummary> {
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
    return { file: path.relative(repoRoot, file), ...summarize(cpu, top, resolve) };
  } finally {
    session.disconnect();
  }
}
