/**
 * The clusters of an image as an export table: one row per cluster detail (an ECS details group or an EKS
 * namespace), so that every count of the tree is in the table; a cluster without details is one row. Pure: no
 * `vscode` import. The column headers are translated (`@vscode/l10n`, read when a table is written); the cells are
 * data and stay as they are (kinds and "unknown metadata" included, so that a table reads the same everywhere).
 */
import * as l10n from '@vscode/l10n';
import type { ClusterDetail, ClusterInfo } from '../aws/types';
import type { Column } from '../util/tableExport';
import { clusterKind, describeClusterArn } from './clusterModel';

export interface ClusterExportRow {
  readonly cluster: string;
  readonly kind: 'ECS' | 'EKS' | 'unknown';
  readonly clusterArn: string;
  readonly detail?: ClusterDetail;
}

const KIND_LABELS = { ecs: 'ECS', eks: 'EKS', unknown: 'unknown' } as const;

export function clusterExportRows(clusters: readonly ClusterInfo[]): ClusterExportRow[] {
  const rows: ClusterExportRow[] = [];
  for (const cluster of clusters) {
    const described = describeClusterArn(cluster.clusterArn);
    const base = {
      cluster: described.name,
      kind: KIND_LABELS[clusterKind(cluster, described.kind)],
      clusterArn: cluster.clusterArn,
    };
    if (cluster.details.length === 0) rows.push(base);
    for (const detail of cluster.details) rows.push({ ...base, detail });
  }
  return rows;
}

/** `family:revision` of a task definition ARN (what the console shows), or the value as it is. */
function taskDefinitionName(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 && slash < arn.length - 1 ? arn.slice(slash + 1) : arn;
}

function detailGroup(row: ClusterExportRow): string | undefined {
  const m = row.detail?.metadata;
  if (!m) return undefined;
  if (m.kind === 'ecs') return m.detailsGroup;
  if (m.kind === 'eks') return m.namespace;
  return m.tag ? `unknown metadata (${m.tag})` : 'unknown metadata'; // l10n-ignore: export cell data
}

function workloads(row: ClusterExportRow): string | undefined {
  const m = row.detail?.metadata;
  return m?.kind === 'eks' ? m.workloads.map((w) => `${w.name} (${w.type})`).join('; ') : undefined;
}

function taskDefinition(row: ClusterExportRow): string | undefined {
  const m = row.detail?.metadata;
  return m?.kind === 'ecs' ? m.taskDefinitionArn : undefined;
}

/**
 * The columns; the Markdown table leaves out the long ARNs, the CSV has everything. Headers are getters: translated
 * when an export reads them, not when this module loads (before the extension has configured the translations).
 */
export const CLUSTER_EXPORT_COLUMNS: readonly Column<ClusterExportRow>[] = [
  {
    get header() {
      return l10n.t({ message: 'Cluster', comment: ['a column header: the cluster name'] });
    },
    value: (r) => r.cluster,
    code: true,
  },
  {
    get header() {
      return l10n.t({ message: 'Kind', comment: ['a column header: ECS or EKS'] });
    },
    value: (r) => r.kind,
  },
  {
    get header() {
      return l10n.t('Cluster ARN');
    },
    value: (r) => r.clusterArn,
    csvOnly: true,
  },
  {
    get header() {
      return l10n.t('Details group / namespace');
    },
    value: detailGroup,
    code: true,
  },
  {
    get header() {
      return l10n.t({ message: 'Task definition', comment: ['a column header'] });
    },
    value: (r) => {
      const arn = taskDefinition(r);
      return arn === undefined ? undefined : taskDefinitionName(arn);
    },
    code: true,
  },
  {
    get header() {
      return l10n.t('Task definition ARN');
    },
    value: taskDefinition,
    csvOnly: true,
  },
  {
    get header() {
      return l10n.t('EKS workloads');
    },
    value: workloads,
  },
  {
    get header() {
      return l10n.t({ message: 'Running', comment: ['a column header: units running now'] });
    },
    value: (r) => r.detail?.runningUnitCount,
  },
  {
    get header() {
      return l10n.t('Stopped in 24 h');
    },
    value: (r) => r.detail?.stoppedUnitCount,
  },
  {
    get header() {
      return l10n.t('Last in use');
    },
    value: (r) => r.detail?.lastInUse,
  },
];
