/**
 * The resources of a lifecycle execution as an export table: one row per resource that
 * `ListLifecycleExecutionResources` returns for the execution, with what the policy did to it and its state.
 * Pure: no `vscode` import.
 */
import type { LifecycleResource } from '../aws/types';
import type { Column } from '../util/tableExport';
import { resourceKind, resourceLabel, type ResourceKind } from './lifecycleModel';

const KIND_LABELS: Readonly<Record<ResourceKind, string>> = {
  ami: 'AMI',
  imageBuilderImage: 'Image Builder image',
  containerImage: 'container image',
  other: 'other',
};

function snapshots(r: LifecycleResource): string | undefined {
  if (r.snapshots.length === 0) return undefined;
  return r.snapshots.map((s) => `${s.snapshotId ?? '(no id)'} ${s.state?.status ?? 'unknown'}`).join('; ');
}

export const RESOURCE_EXPORT_COLUMNS: readonly Column<LifecycleResource>[] = [
  { header: 'Resource', value: (r) => resourceLabel(r), code: true },
  { header: 'Kind', value: (r) => KIND_LABELS[resourceKind(r)] },
  { header: 'Resource ID', value: (r) => r.resourceId, csvOnly: true },
  { header: 'Action', value: (r) => r.action?.name },
  { header: 'Action reason', value: (r) => r.action?.reason },
  { header: 'State', value: (r) => r.state?.status },
  { header: 'State reason', value: (r) => r.state?.reason },
  { header: 'Region', value: (r) => r.region },
  { header: 'Account', value: (r) => r.accountId },
  { header: 'Snapshots', value: snapshots },
  { header: 'Image URIs', value: (r) => (r.imageUris.length > 0 ? r.imageUris.join('; ') : undefined), csvOnly: true },
  { header: 'Started', value: (r) => r.startTime, csvOnly: true },
  { header: 'Ended', value: (r) => r.endTime },
];
