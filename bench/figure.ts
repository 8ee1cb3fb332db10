/** What every figure reports: its value, its target, whether it met it, the details, and a profile when it missed. */
import type { BenchEmulator } from './emulatorProcess';
import type { ProfileSummary } from './profile';

export type Unit = 'ratio' | 'ms' | 'MB' | 'KB' | 'requests' | 'bytes' | 'modules';

export interface Target {
  /** The value must be at most this. */
  readonly max: number;
}

export interface Figure {
  /** Key in the JSON line, e.g. `onePage.ratio`. */
  readonly id: string;
  readonly title: string;
  readonly value: number;
  readonly unit: Unit;
  readonly target?: Target;
  /** The raw figures behind the value (medians, counts, sizes), all in the JSON line. */
  readonly detail: Readonly<Record<string, number | string | boolean>>;
  /** A readable line on how the value came about. */
  readonly note: string;
  /** When a target was missed: where the time went. */
  profile?: ProfileSummary;
}

export function met(f: Figure): boolean | undefined {
  return f.target === undefined ? undefined : f.value <= f.target.max;
}

export interface BenchContext {
  readonly emulator: BenchEmulator;
  /** Fewer runs (`--quick`): for trying the benchmark out, not for the figures in BENCHMARKS.md. */
  readonly quick: boolean;
  /** Profile the "ours" side of figures: those that miss their target (the default), every one, or none. */
  readonly profile: 'misses' | 'all' | 'none';
}

/** Every ratio of our work to the raw SDK calls doing the same (one page, lookup, hover, whole lists). */
export const RATIO_TARGET = 1.05;

/** Whether to profile this figure (run after its value is known). */
export function shouldProfile(ctx: BenchContext, figure: Figure): boolean {
  return ctx.profile === 'all' || (ctx.profile === 'misses' && met(figure) === false);
}

/** Asserts an invariant of a benchmark run (the work really happened); a failure stops the benchmark. */
export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`benchmark check failed: ${message}`);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
