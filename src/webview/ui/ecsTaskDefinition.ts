/** The ECS task definition panel (browser script, bundled to dist/webview/ecsTaskDefinition.js). */
import { formatCount, formatWhen } from '../format';
import {
  ECS_COPY,
  ECS_LINK_CLUSTER,
  ecsTaskDefinitionIds,
  type EcsTaskDefinitionCard,
  type EcsTaskDefinitionState,
} from '../protocol';
import { startPanel, type PanelHost } from './_app';
import { actionButton, data, emptyState, facts, h, header, summary } from './_dom';

function card(host: PanelHost, td: EcsTaskDefinitionCard, now: number): HTMLElement {
  const ids = ecsTaskDefinitionIds(td.index);
  /** What the card's buttons act on, in their accessible names: `family:revision`, else the ARN. */
  const name =
    td.family !== undefined && td.revision !== undefined
      ? `task definition ${td.family}:${td.revision}`
      : `task definition ${td.taskDefinitionArn}`;
  const title =
    td.family !== undefined && td.revision !== undefined
      ? h('span', {}, data(td.family), `:${td.revision}`)
      : data(td.taskDefinitionArn);
  return h(
    'article',
    { className: 'card', attrs: { 'data-index': String(td.index) } },
    h('h2', {}, title),
    facts([
      ['Task definition ARN', data(td.taskDefinitionArn)],
      ['Family', data(td.family)],
      ['Revision', td.revision === undefined ? data(undefined) : formatCount(td.revision)],
      ['Details group', data(td.detailsGroup)],
      ['Running', formatCount(td.runningUnitCount)],
      ['Stopped (24 h)', formatCount(td.stoppedUnitCount)],
      ['Last in use', formatWhen(td.lastInUse, now)],
    ]),
    h(
      'div',
      { className: 'actions' },
      actionButton(host, 'Copy ARN', 'copy', { type: 'copy', target: ids.copy }, `Copy the ARN of ${name}`),
      td.hasConsoleLink &&
        actionButton(
          host,
          'Open in Console',
          'link-external',
          { type: 'openLink', link: ids.link },
          `Open ${name} in the AWS console`,
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
      h('span', {}, 'Task definitions in ', data(state.clusterName)),
      h('span', {}, 'Image ', data(state.imageLabel)),
    ),
    facts([
      ['Cluster ARN', data(state.clusterArn)],
      ['Image resource ID', data(state.resourceId)],
    ]),
    h(
      'div',
      { className: 'actions' },
      actionButton(host, 'Copy Cluster ARN', 'copy', { type: 'copy', target: ECS_COPY.clusterArn }),
      actionButton(host, 'Copy Image Resource ID', 'copy', { type: 'copy', target: ECS_COPY.resourceId }),
      state.hasClusterConsoleLink &&
        actionButton(host, 'Open Cluster in Console', 'link-external', { type: 'openLink', link: ECS_LINK_CLUSTER }),
    ),
    summary([
      ['Running', formatCount(totals.runningUnitCount)],
      ['Stopped (24 h)', formatCount(totals.stoppedUnitCount)],
      ['Last in use', formatWhen(totals.lastInUse, now)],
      ['Task definitions', formatCount(state.taskDefinitions.length)],
    ]),
    state.taskDefinitions.length === 0
      ? emptyState('No task definitions reported for this cluster.')
      : h('div', { className: 'cards' }, ...state.taskDefinitions.map((td) => card(host, td, now))),
    state.otherDetailCount > 0 &&
      h(
        'p',
        { className: 'note' },
        `${formatCount(state.otherDetailCount)} more detail entries of this cluster are not ECS task definitions and are not shown.`,
      ),
  );
}

startPanel('ecsTaskDefinition', render);
