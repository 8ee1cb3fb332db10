/**
 * The state and message ids of the snapshot states panel: what `snapshotStatesPanel.ts` sends and
 * `ui/snapshotStates.ts` renders. The envelope is `webview/protocol.ts`. Plain, JSON-safe data only.
 */
import type { EpochMillis } from '../webview/protocol';

export interface SnapshotRow {
  /** Index in the resource's snapshot list; the copy id is `snapshotCopyId(index)`. */
  readonly index: number;
  readonly snapshotId?: string;
  readonly status?: string;
  readonly reason?: string;
}

export interface StatusCount {
  /** Undefined for snapshots that report no status. */
  readonly status?: string;
  readonly count: number;
}

export interface SnapshotStatesState {
  readonly lifecycleExecutionId: string;
  readonly resourceId?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly state?: { readonly status?: string; readonly reason?: string };
  readonly action?: { readonly name?: string; readonly reason?: string };
  readonly startTime?: EpochMillis;
  readonly endTime?: EpochMillis;
  readonly imageUris: readonly string[];
  readonly snapshots: readonly SnapshotRow[];
  /** Snapshot counts per status, most frequent first. */
  readonly statusCounts: readonly StatusCount[];
}

export const SNAPSHOT_COPY = { resourceId: 'resourceId', lifecycleExecutionId: 'lifecycleExecutionId' } as const;
export function snapshotCopyId(index: number): string {
  return `snapshot:${index}`;
}

/** The Image Builder panels by kind, for a typed `WebviewPanels<ImageBuilderPanels>`. */
export interface ImageBuilderPanels {
  readonly snapshotStates: SnapshotStatesState;
}
