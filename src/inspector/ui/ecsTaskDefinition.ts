/**
 * The ECS task definition panel (browser script, bundled to dist/webview/ecsTaskDefinition.js). Our words go through
 * `l10n.t` (configured by `webview/ui/_app.ts` with the bundle the state carries); AWS values are data nodes.
 */
import * as l10n from '@vscode/l10n';
import { formatCount, formatWhen } from '../../webview/format';
import {
  ECS_COPY,
  ECS_LINK_CLUSTER,
  ecsTaskDefinitionIds,
  type EcsTaskDefinitionCard,
  type EcsTaskDefinitionState,
} from '../panelProtocol';
import { startPanel, type PanelHost } from '../../webview/ui/_app';
import { actionButton, data, emptyState, facts, h, header, sentence, summary } from '../../webview/ui/_dom';
import { running, stopped } from './_labels';

function otherDetails(count: number): string {
  return count === 1
    ? l10n.t(
        '{0} more detail entry of this cluster is not an ECS task definition and is not shown.',
        formatCount(count),
      )
    : l10n.t(
        '{0} more detail entries of this cluster are not ECS task definitions and are not shown.',
        formatCount(count),
      );
}

function card(host: PanelHost, td: EcsTaskDefinitionCard, now: number): HTMLElement {
  const ids = ecsTaskDefinitionIds(td.index);
  /** What the card's buttons act on, in their accessible names: `family:revision`, else the ARN. */
  const name =
    td.family !== undefined && td.revision !== undefined ? `${td.family}:${td.revision}` : td.taskDefinitionArn;
  const title =
    td.family !== undefined && td.revision !== undefined
      ? h('span', {}, data(td.family), `:${td.revision}`)
      : data(td.taskDefinitionArn);
  return h(
    'article',
    { className: 'card', attrs: { 'data-index': String(td.index) } },
    h('h2', {}, title),
    facts([
      [l10n.t('Task definition ARN'), data(td.taskDefinitionArn)],
      [l10n.t('Family'), data(td.family)],
      [l10n.t('Revision'), td.revision === undefined ? data(undefined) : formatCount(td.revision)],
      [l10n.t('Details group'), data(td.detailsGroup)],
      [running(), formatCount(td.runningUnitCount)],
      [stopped(), formatCount(td.stoppedUnitCount)],
      [l10n.t('Last in use'), formatWhen(td.lastInUse, now)],
    ]),
    h(
      'div',
      { className: 'actions' },
      actionButton(
        host,
        l10n.t('Copy ARN'),
        'copy',
        { type: 'copy', target: ids.copy },
        l10n.t('Copy the ARN of task definition {0}', name),
      ),
      td.hasConsoleLink &&
        actionButton(
          host,
          l10n.t('Open in Console'),
          'link-external',
          { type: 'openLink', link: ids.link },
          l10n.t('Open task definition {0} in the AWS console', name),
        ),
    ),
  );
}

function render(state: EcsTaskDefinitionState, host: PanelHost): Node {
  const now = Date.now();
  const { totals } = state;
  return h(
    'div',
    {},
    header(
      sentence(l10n.t('Task definitions in {0}', '{0}'), data(state.clusterName)),
      sentence(l10n.t('Image {0}', '{0}'), data(state.imageLabel)),
    ),
    facts([
      [l10n.t('Cluster ARN'), data(state.clusterArn)],
      [l10n.t('Image resource ID'), data(state.resourceId)],
    ]),
    h(
      'div',
      { className: 'actions' },
      actionButton(host, l10n.t('Copy Cluster ARN'), 'copy', { type: 'copy', target: ECS_COPY.clusterArn }),
      actionButton(host, l10n.t('Copy Image Resource ID'), 'copy', { type: 'copy', target: ECS_COPY.resourceId }),
      state.hasClusterConsoleLink &&
        actionButton(host, l10n.t('Open Cluster in Console'), 'link-external', {
          type: 'openLink',
          link: ECS_LINK_CLUSTER,
        }),
    ),
    summary([
      [running(), formatCount(totals.runningUnitCount)],
      [stopped(), formatCount(totals.stoppedUnitCount)],
      [l10n.t('Last in use'), formatWhen(totals.lastInUse, now)],
      [l10n.t('Task definitions'), formatCount(state.taskDefinitions.length)],
    ]),
    state.taskDefinitions.length === 0
      ? emptyState(l10n.t('No task definitions reported for this cluster.'))
      : h('div', { className: 'cards' }, ...state.taskDefinitions.map((td) => card(host, td, now))),
    state.otherDetailCount > 0 && h('p', { className: 'note' }, otherDetails(state.otherDetailCount)),
  );
}

startPanel<EcsTaskDefinitionState>('ecsTaskDefinition', render);
