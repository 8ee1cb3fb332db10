/**
 * Running/stopped counts and last-in-use as panels carry them (numbers and epoch milliseconds, no `Date`).
 */
import type { UnitCounts } from './panelProtocol';

/** What a usage record looks like on the host side (structurally an Inspector `ClusterDetail`). */
export interface UsageRecord {
  readonly runningUnitCount?: number;
  readonly stoppedUnitCount?: number;
  readonly lastInUse?: Date;
}

function finite(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export function toUnitCounts(record: UsageRecord): UnitCounts {
  return {
    runningUnitCount: finite(record.runningUnitCount),
    stoppedUnitCount: finite(record.stoppedUnitCount),
    lastInUse: record.lastInUse instanceof Date ? finite(record.lastInUse.getTime()) : undefined,
  };
}

/** Counts summed over the records that report them (undefined when none does); the latest last-in-use. */
export function sumUnitCounts(items: readonly UnitCounts[]): UnitCounts {
  const sum = (pick: (c: UnitCounts) => number | undefined): number | undefined => {
    const known = items.map(pick).filter((n): n is number => n !== undefined);
    return known.length === 0 ? undefined : known.reduce((a, b) => a + b, 0);
  };
  const times = items.map((c) => c.lastInUse).filter((n): n is number => n !== undefined);
  return {
    runningUnitCount: sum((c) => c.runningUnitCount),
    stoppedUnitCount: sum((c) => c.stoppedUnitCount),
    lastInUse: times.length === 0 ? undefined : Math.max(...times),
  };
}
