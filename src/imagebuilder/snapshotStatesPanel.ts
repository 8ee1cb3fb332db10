/**
 * The snapshot states panel: for one AMI resource of a lifecycle execution, its snapshots (id, status, reason), counts
 * per status, and the resource's own state and action. The state is built here (pure).
 */
import * as l10n from '@vscode/l10n';
import type { LifecycleResource } from '../aws/types';
import { titleText } from '../webview/format';
import type { PanelTargets, WebviewPanels } from '../webview/panelShell';
import type { ImageBuilderPanels } from './snapshotStatesProtocol';
import {
  SNAPSHOT_COPY,
  snapshotCopyId,
  type SnapshotRow,
  type SnapshotStatesState,
  type StatusCount,
} from './snapshotStatesProtocol';

export interface SnapshotStatesInput {
  readonly lifecycleExecutionId: string;
  readonly resource: LifecycleResource;
}

function epochMs(date: Date | undefined): number | undefined {
  const t = date instanceof Date ? date.getTime() : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** Counts per status, most frequent first, then by status name; snapshots without a status count together. */
export function countByStatus(rows: readonly SnapshotRow[]): StatusCount[] {
  const counts = new Map<string | undefined, number>();
  for (const row of rows) {
    const status = row.status?.trim() ? row.status : undefined;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts]
    .map(([status, count]) => ({ status, count }))
    .sort((a, b) => b.count - a.count || (a.status ?? '\uffff').localeCompare(b.status ?? '\uffff'));
}

export function buildSnapshotStatesState(input: SnapshotStatesInput): {
  state: SnapshotStatesState;
  targets: PanelTargets;
} {
  const { resource } = input;
  const copy: Record<string, string> = { [SNAPSHOT_COPY.lifecycleExecutionId]: input.lifecycleExecutionId };
  if (resource.resourceId) copy[SNAPSHOT_COPY.resourceId] = resource.resourceId;
  const snapshots: SnapshotRow[] = resource.snapshots.map((s, index) => {
    if (s.snapshotId) copy[snapshotCopyId(index)] = s.snapshotId;
    return { index, snapshotId: s.snapshotId, status: s.state?.status, reason: s.state?.reason };
  });
  const state: SnapshotStatesState = {
    lifecycleExecutionId: input.lifecycleExecutionId,
    resourceId: resource.resourceId,
    accountId: resource.accountId,
    region: resource.region,
    state: resource.state && { status: resource.state.status, reason: resource.state.reason },
    action: resource.action && { name: resource.action.name, reason: resource.action.reason },
    startTime: epochMs(resource.startTime),
    endTime: epochMs(resource.endTime),
    imageUris: [...resource.imageUris],
    snapshots,
    statusCounts: countByStatus(snapshots),
  };
  return { state, targets: { copy } };
}

/** Opens (or updates) the snapshot states panel of this resource in this lifecycle execution. */
export function showSnapshotStatesPanel(panels: WebviewPanels<ImageBuilderPanels>, input: SnapshotStatesInput): void {
  const { state, targets } = buildSnapshotStatesState(input);
  const r = input.resource;
  const key = JSON.stringify([input.lifecycleExecutionId, r.accountId ?? null, r.region ?? null, r.resourceId ?? null]);
  panels.show(
    'snapshotStates',
    key,
    l10n.t('Snapshots: {0}', titleText(r.resourceId ?? input.lifecycleExecutionId)),
    state,
    targets,
  );
}
