/**
 * The EKS workloads panel: for an EKS cluster that runs an image (or one namespace of it), the workloads Inspector
 * reports, with the cluster's counts and last-in-use. The state is built here (pure); the shell shows it.
 */
import * as l10n from '@vscode/l10n';
import type { ClusterInfo } from '../aws/types';
import { clusterNameFromArn } from '../util/arn';
import { titleText } from '../webview/format';
import type { PanelTargets, WebviewPanels } from '../webview/panelShell';
import type { InspectorPanels } from './panelProtocol';
import {
  EKS_COPY,
  EKS_LINK_CONSOLE,
  type EksNamespaceSummary,
  type EksWorkloadRow,
  type EksWorkloadsState,
} from './panelProtocol';
import { sumUnitCounts, toUnitCounts } from './unitCounts';

export interface EksWorkloadsInput {
  /** How the user named the image (URI or tag), shown as the subject. */
  readonly imageLabel: string;
  /** Inspector's resource id of the image. */
  readonly resourceId: string;
  readonly cluster: ClusterInfo;
  /** Show only this namespace's details. */
  readonly namespace?: string;
  /** The cluster in the EKS console; the only URL the panel can open. */
  readonly consoleUrl?: string;
}

export function buildEksWorkloadsState(input: EksWorkloadsInput): {
  state: EksWorkloadsState;
  targets: PanelTargets;
} {
  const { cluster, namespace } = input;
  const eks = cluster.details.flatMap((d) => (d.metadata.kind === 'eks' ? [{ detail: d, meta: d.metadata }] : []));
  const shown = namespace === undefined ? eks : eks.filter((e) => e.meta.namespace === namespace);
  const namespaces: EksNamespaceSummary[] = shown.map(({ detail, meta }) => ({
    ...toUnitCounts(detail),
    namespace: meta.namespace,
    workloadCount: meta.workloads.length,
  }));
  const workloads: EksWorkloadRow[] = shown.flatMap(({ meta }) =>
    meta.workloads.map((w) => ({ name: w.name, type: w.type, namespace: meta.namespace })),
  );
  const state: EksWorkloadsState = {
    imageLabel: input.imageLabel,
    resourceId: input.resourceId,
    clusterArn: cluster.clusterArn,
    clusterName: clusterNameFromArn(cluster.clusterArn) ?? cluster.clusterArn,
    namespace,
    totals: sumUnitCounts(namespaces),
    namespaces,
    workloads,
    otherDetailCount: cluster.details.length - eks.length,
    hasConsoleLink: input.consoleUrl !== undefined,
  };
  const targets: PanelTargets = {
    copy: { [EKS_COPY.clusterArn]: cluster.clusterArn, [EKS_COPY.resourceId]: input.resourceId },
    links: input.consoleUrl !== undefined ? { [EKS_LINK_CONSOLE]: input.consoleUrl } : {},
  };
  return { state, targets };
}

/** Opens (or updates) the workloads panel of this image on this cluster (and namespace). */
export function showEksWorkloadsPanel(panels: WebviewPanels<InspectorPanels>, input: EksWorkloadsInput): void {
  const { state, targets } = buildEksWorkloadsState(input);
  const key = JSON.stringify([input.resourceId, input.cluster.clusterArn, input.namespace ?? null]);
  const where = input.namespace === undefined ? state.clusterName : `${state.clusterName}/${input.namespace}`;
  panels.show('eksWorkloads', key, l10n.t('Workloads: {0}', titleText(where)), state, targets);
}
