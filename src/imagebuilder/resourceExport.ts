/**
 * The resources of a lifecycle execution as an export table: one row per resource that
 * `ListLifecycleExecutionResources` returns for the execution, with what the policy did to it and its state.
 * Pure: no `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import type { LifecycleResource } from '../aws/types';
import type { Column } from '../util/tableExport';
import { resourceKind, resourceLabel, type ResourceKind } from './lifecycleModel';

/** Column data, kept in English like the values AWS sends beside it (sheets filter and sort on them). */
// l10n-ignore: export cells, English like the AWS values beside them
const KIND_LABELS: Readonly<Record<ResourceKind, string>> = {
  ami: 'AMI',
  imageBuilderImage: 'Image Builder image',
  containerImage: 'container image',
  other: 'other',
};

function snapshots(r: LifecycleResource): string | undefined {
  if (r.snapshots.length === 0) return undefined;
  // l10n-ignore: export cells, English like the AWS values beside them
  return r.snapshots.map((s) => `${s.snapshotId ?? '(no id)'} ${s.state?.status ?? 'unknown'}`).join('; ');
}

/** A column whose header is translated when a table is written (the display language is set after this loads). */
function column(header: () => string, rest: Omit<Column<LifecycleResource>, 'header'>): Column<LifecycleResource> {
  return {
    get header() {
      return header();
    },
    ...rest,
  };
}

/** The columns: the headers are ours (translated); the cells are data, as AWS sent them (the kind in English). */
export const RESOURCE_EXPORT_COLUMNS: readonly Column<LifecycleResource>[] = [
  column(() => l10n.t('Resource'), { value: (r) => resourceLabel(r), code: true }),
  column(() => l10n.t('Kind'), { value: (r) => KIND_LABELS[resourceKind(r)] }),
  column(() => l10n.t('Resource ID'), { value: (r) => r.resourceId, csvOnly: true }),
  column(() => l10n.t('Action'), { value: (r) => r.action?.name }),
  column(() => l10n.t('Action reason'), { value: (r) => r.action?.reason }),
  column(() => l10n.t('State'), { value: (r) => r.state?.status }),
  column(() => l10n.t('State reason'), { value: (r) => r.state?.reason }),
  column(() => l10n.t('Region'), { value: (r) => r.region }),
  column(() => l10n.t('Account'), { value: (r) => r.accountId }),
  column(() => l10n.t('Snapshots'), { value: snapshots }),
  column(() => l10n.t('Image URIs'), {
    value: (r) => (r.imageUris.length > 0 ? r.imageUris.join('; ') : undefined),
    csvOnly: true,
  }),
  column(() => l10n.t('Started'), { value: (r) => r.startTime, csvOnly: true }),
  column(() => l10n.t('Ended'), { value: (r) => r.endTime }),
];
