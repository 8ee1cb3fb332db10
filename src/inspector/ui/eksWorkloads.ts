/**
 * The EKS workloads panel (browser script, bundled to dist/webview/eksWorkloads.js). Our words go through
 * `l10n.t` (configured by `webview/ui/_app.ts` with the bundle the state carries); AWS values are data nodes.
 */
import * as l10n from '@vscode/l10n';
import { formatCount, formatWhen } from '../../webview/format';
import {
  EKS_COPY,
  EKS_LINK_CONSOLE,
  type EksNamespaceSummary,
  type EksWorkloadRow,
  type EksWorkloadsState,
} from '../panelProtocol';
import { startPanel, type PanelHost } from '../../webview/ui/_app';
import { actionButton, data, facts, h, header, sentence, summary } from '../../webview/ui/_dom';
import { filterableTable } from '../../webview/ui/_table';
import { running, stopped } from './_labels';

function namespaceCount(shown: number, total: number): string {
  const [s, t] = [formatCount(shown), formatCount(total)];
  if (shown !== total) {
    return total === 1 ? l10n.t('{0} of {1} namespace', s, t) : l10n.t('{0} of {1} namespaces', s, t);
  }
  return total === 1 ? l10n.t('{0} namespace', t) : l10n.t('{0} namespaces', t);
}

function workloadCount(shown: number, total: number): string {
  const [s, t] = [formatCount(shown), formatCount(total)];
  if (shown !== total) {
    return total === 1 ? l10n.t('{0} of {1} workload', s, t) : l10n.t('{0} of {1} workloads', s, t);
  }
  return total === 1 ? l10n.t('{0} workload', t) : l10n.t('{0} workloads', t);
}

function otherDetails(count: number): string {
  return count === 1
    ? l10n.t('{0} more detail entry of this cluster is not an EKS workload and is not shown.', formatCount(count))
    : l10n.t('{0} more detail entries of this cluster are not EKS workloads and are not shown.', formatCount(count));
}

function render(state: EksWorkloadsState, host: PanelHost): Node {
  const now = Date.now();
  const { totals } = state;
  const title =
    state.namespace === undefined
      ? sentence(l10n.t('Workloads in {0}', '{0}'), data(state.clusterName))
      : sentence(l10n.t('Workloads in {0} / {1}', '{0}', '{1}'), data(state.clusterName), data(state.namespace));

  const actions = h(
    'div',
    { className: 'actions' },
    actionButton(host, l10n.t('Copy Cluster ARN'), 'copy', { type: 'copy', target: EKS_COPY.clusterArn }),
    actionButton(host, l10n.t('Copy Image Resource ID'), 'copy', { type: 'copy', target: EKS_COPY.resourceId }),
    state.hasConsoleLink &&
      actionButton(host, l10n.t('Open in Console'), 'link-external', { type: 'openLink', link: EKS_LINK_CONSOLE }),
  );

  const namespaceTable =
    state.namespaces.length > 1 &&
    h(
      'section',
      {},
      h('h2', {}, l10n.t('Namespaces')),
      filterableTable<EksNamespaceSummary>(host, {
        stateKey: 'namespaces',
        label: l10n.t('Namespaces'),
        filterLabel: l10n.t('Filter namespaces'),
        countText: namespaceCount,
        noMatchText: l10n.t('No namespaces match the filter {0}.', '{0}'),
        rows: state.namespaces,
        columns: [
          { id: 'namespace', label: l10n.t('Namespace'), value: (r) => r.namespace },
          {
            id: 'workloads',
            label: l10n.t('Workloads'),
            value: (r) => r.workloadCount,
            text: (r) => formatCount(r.workloadCount),
            className: 'num',
          },
          {
            id: 'running',
            label: running(),
            value: (r) => r.runningUnitCount,
            text: (r) => formatCount(r.runningUnitCount),
            className: 'num',
          },
          {
            id: 'stopped',
            label: stopped(),
            value: (r) => r.stoppedUnitCount,
            text: (r) => formatCount(r.stoppedUnitCount),
            className: 'num',
          },
          {
            id: 'lastInUse',
            label: l10n.t('Last in use'),
            value: (r) => r.lastInUse,
            text: (r) => formatWhen(r.lastInUse, now),
          },
        ],
        filterFields: (r) => [r.namespace],
        filterPlaceholder: l10n.t('Filter namespaces'),
        emptyText: l10n.t('No namespaces reported for this cluster.'),
      }),
    );

  const emptyText =
    state.namespace === undefined
      ? l10n.t('No workloads reported for this cluster.')
      : l10n.t('No workloads reported for this namespace.');

  return h(
    'div',
    {},
    header(title, sentence(l10n.t('Image {0}', '{0}'), data(state.imageLabel))),
    facts([
      [l10n.t('Cluster ARN'), data(state.clusterArn)],
      [l10n.t('Image resource ID'), data(state.resourceId)],
    ]),
    actions,
    summary([
      [running(), formatCount(totals.runningUnitCount)],
      [stopped(), formatCount(totals.stoppedUnitCount)],
      [l10n.t('Last in use'), formatWhen(totals.lastInUse, now)],
      [l10n.t('Namespaces'), formatCount(state.namespaces.length)],
      [l10n.t('Workloads'), formatCount(state.workloads.length)],
    ]),
    namespaceTable,
    h(
      'section',
      {},
      h('h2', {}, l10n.t('Workloads')),
      filterableTable<EksWorkloadRow>(host, {
        stateKey: 'workloads',
        label: l10n.t('Workloads'),
        filterLabel: l10n.t('Filter workloads'),
        countText: workloadCount,
        noMatchText: l10n.t('No workloads match the filter {0}.', '{0}'),
        rows: state.workloads,
        columns: [
          { id: 'name', label: l10n.t('Name'), value: (r) => r.name, className: 'name' },
          { id: 'type', label: l10n.t('Type'), value: (r) => r.type },
          { id: 'namespace', label: l10n.t('Namespace'), value: (r) => r.namespace },
        ],
        filterFields: (r) => [r.name, r.type, r.namespace],
        filterPlaceholder: l10n.t('Filter by name, type or namespace'),
        emptyText,
        initialSort: { column: 'name', direction: 'asc' },
      }),
    ),
    state.otherDetailCount > 0 && h('p', { className: 'note' }, otherDetails(state.otherDetailCount)),
  );
}

startPanel<EksWorkloadsState>('eksWorkloads', render);
