/**
 * The ECS task definition panel: for an ECS cluster that runs an image, one card per task definition (details group)
 * Inspector reports, with running and stopped units and last-in-use. The state is built here (pure).
 */
import * as l10n from '@vscode/l10n';
import type { ClusterInfo } from '../aws/types';
import { clusterNameFromArn, parseTaskDefinitionArn } from '../util/arn';
import { titleText } from '../webview/format';
import type { PanelTargets, WebviewPanels } from '../webview/panelShell';
import type { InspectorPanels } from './panelProtocol';
import {
  ECS_COPY,
  ECS_LINK_CLUSTER,
  ecsTaskDefinitionIds,
  type EcsTaskDefinitionCard,
  type EcsTaskDefinitionState,
} from './panelProtocol';
import { sumUnitCounts, toUnitCounts } from './unitCounts';

export interface EcsTaskDefinitionInput {
  readonly imageLabel: string;
  readonly resourceId: string;
  readonly cluster: ClusterInfo;
  /** Console URLs, from the extension side; the panel can open nothing else. */
  readonly consoleUrls?: {
    readonly cluster?: string;
    /** The console URL of one task definition (a cluster may report several); undefined for none. */
    readonly taskDefinition?: (taskDefinitionArn: string) => string | undefined;
  };
}

export function buildEcsTaskDefinitionState(input: EcsTaskDefinitionInput): {
  state: EcsTaskDefinitionState;
  targets: PanelTargets;
} {
  const { cluster, consoleUrls } = input;
  const copy: Record<string, string> = {
    [ECS_COPY.clusterArn]: cluster.clusterArn,
    [ECS_COPY.resourceId]: input.resourceId,
  };
  const links: Record<string, string> = {};
  if (consoleUrls?.cluster !== undefined) links[ECS_LINK_CLUSTER] = consoleUrls.cluster;

  const cards: EcsTaskDefinitionCard[] = [];
  for (const detail of cluster.details) {
    if (detail.metadata.kind !== 'ecs') continue;
    const index = cards.length;
    const arn = detail.metadata.taskDefinitionArn;
    const ids = ecsTaskDefinitionIds(index);
    copy[ids.copy] = arn;
    const url = consoleUrls?.taskDefinition?.(arn);
    if (url !== undefined) links[ids.link] = url;
    const parsed = parseTaskDefinitionArn(arn);
    cards.push({
      ...toUnitCounts(detail),
      index,
      taskDefinitionArn: arn,
      family: parsed?.family,
      revision: parsed?.revision,
      detailsGroup: detail.metadata.detailsGroup,
      hasConsoleLink: url !== undefined,
    });
  }
  const state: EcsTaskDefinitionState = {
    imageLabel: input.imageLabel,
    resourceId: input.resourceId,
    clusterArn: cluster.clusterArn,
    clusterName: clusterNameFromArn(cluster.clusterArn) ?? cluster.clusterArn,
    totals: sumUnitCounts(cards),
    taskDefinitions: cards,
    otherDetailCount: cluster.details.length - cards.length,
    hasClusterConsoleLink: links[ECS_LINK_CLUSTER] !== undefined,
  };
  return { state, targets: { copy, links } };
}

/** Opens (or updates) the task definition panel of this image on this cluster. */
export function showEcsTaskDefinitionPanel(
  panels: WebviewPanels<InspectorPanels>,
  input: EcsTaskDefinitionInput,
): void {
  const { state, targets } = buildEcsTaskDefinitionState(input);
  const key = JSON.stringify([input.resourceId, input.cluster.clusterArn]);
  panels.show('ecsTaskDefinition', key, l10n.t('Task definitions: {0}', titleText(state.clusterName)), state, targets);
}
