/** Small statistics for the benchmarks: medians, percentiles, and ABAB-interleaved timing of two variants. */
import { performance } from 'node:perf_hooks';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p % of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Paired {
  /** Milliseconds per run of ours and of the baseline, in run order. */
  readonly ours: number[];
  readonly baseline: number[];
  readonly oursMedian: number;
  readonly baselineMedian: number;
  /** Median of ours / median of baseline. */
  readonly ratio: number;
  /** Median of the per-pair ratios (each ours run against the baseline run next to it): robust to drift. */
  readonly pairedRatio: number;
}

export interface PairOptions {
  readonly warmup: number;
  readonly runs: number;
  /** Runs before each timed run, untimed (resetting state); its time is not counted. */
  readonly prepare?: () => Promise<void> | void;
}

/**
 * Times `ours` and `baseline` alternately (A B B A A B …, so neither always runs first after a warm-up or a GC), after
 * `warmup` untimed rounds of each. Each function is called once per run and its own work is all that is timed.
 */
export async function timePair(
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  options: PairOptions,
): Promise<Paired> {
  const time = async (f: () => Promise<unknown>): Promise<number> => {
    await options.prepare?.();
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  for (let i = 0; i < options.warmup; i++) {
    await time(ours);
    await time(baseline);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    if (i % 2 === 0) {
      a.push(await time(ours));
      b.push(await time(baseline));
    } else {
      b.push(await time(baseline));
      a.push(await time(ours));
    }
  }
  const pairRatios = a.map((x, i) => x / (b[i] as number));
  return {
    ours: a,
    baseline: b,
    oursMedian: median(a),
    baselineMedian: median(b),
    ratio: median(a) / median(b),
    pairedRatio: median(pairRatios),
  };
}

/** Runs `f` `runs` times after `warmup` untimed calls; returns the milliseconds of each timed call. */
export async function timeRuns(f: () => Promise<unknown> | unknown, warmup: number, runs: number): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await f();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await f();
    out.push(performance.now() - start);
  }
  return out;
}
