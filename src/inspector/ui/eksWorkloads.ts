/** The EKS workloads panel (browser script, bundled to dist/webview/eksWorkloads.js). */
import { formatCount, formatWhen } from '../../webview/format';
import {
  EKS_COPY,
  EKS_LINK_CONSOLE,
  type EksNamespaceSummary,
  type EksWorkloadRow,
  type EksWorkloadsState,
} from '../panelProtocol';
import { startPanel, type PanelHost } from '../../webview/ui/_app';
import { actionButton, data, facts, h, header, summary } from '../../webview/ui/_dom';
import { filterableTable } from '../../webview/ui/_table';

function render(state: EksWorkloadsState, host: PanelHost): Node {
  const now = Date.now();
  const { totals } = state;
  const title = h('span', {}, 'Workloads in ', data(state.clusterName));
  if (state.namespace !== undefined) title.append(' / ', data(state.namespace));

  const actions = h(
    'div',
    { className: 'actions' },
    actionButton(host, 'Copy Cluster ARN', 'copy', { type: 'copy', target: EKS_COPY.clusterArn }),
    actionButton(host, 'Copy Image Resource ID', 'copy', { type: 'copy', target: EKS_COPY.resourceId }),
    state.hasConsoleLink &&
      actionButton(host, 'Open in Console', 'link-external', { type: 'openLink', link: EKS_LINK_CONSOLE }),
  );

  const namespaceTable =
    state.namespaces.length > 1 &&
    h(
      'section',
      {},
      h('h2', {}, 'Namespaces'),
      filterableTable<EksNamespaceSummary>(host, {
        stateKey: 'namespaces',
        label: 'Namespaces',
        rowNoun: 'namespaces',
        rows: state.namespaces,
        columns: [
          { id: 'namespace', label: 'Namespace', value: (r) => r.namespace },
          {
            id: 'workloads',
            label: 'Workloads',
            value: (r) => r.workloadCount,
            text: (r) => formatCount(r.workloadCount),
            className: 'num',
          },
          {
            id: 'running',
            label: 'Running',
            value: (r) => r.runningUnitCount,
            text: (r) => formatCount(r.runningUnitCount),
            className: 'num',
          },
          {
            id: 'stopped',
            label: 'Stopped (24 h)',
            value: (r) => r.stoppedUnitCount,
            text: (r) => formatCount(r.stoppedUnitCount),
            className: 'num',
          },
          {
            id: 'lastInUse',
            label: 'Last in use',
            value: (r) => r.lastInUse,
            text: (r) => formatWhen(r.lastInUse, now),
          },
        ],
        filterFields: (r) => [r.namespace],
        filterPlaceholder: 'Filter namespaces',
        emptyText: 'No namespaces reported for this cluster.',
      }),
    );

  const emptyText =
    state.namespace === undefined
      ? 'No workloads reported for this cluster.'
      : 'No workloads reported for this namespace.';

  return h(
    'div',
    {},
    header(title, h('span', {}, 'Image ', data(state.imageLabel))),
    facts([
      ['Cluster ARN', data(state.clusterArn)],
      ['Image resource ID', data(state.resourceId)],
    ]),
    actions,
    summary([
      ['Running', formatCount(totals.runningUnitCount)],
      ['Stopped (24 h)', formatCount(totals.stoppedUnitCount)],
      ['Last in use', formatWhen(totals.lastInUse, now)],
      ['Namespaces', formatCount(state.namespaces.length)],
      ['Workloads', formatCount(state.workloads.length)],
    ]),
    namespaceTable,
    h(
      'section',
      {},
      h('h2', {}, 'Workloads'),
      filterableTable<EksWorkloadRow>(host, {
        stateKey: 'workloads',
        label: 'Workloads',
        rowNoun: 'workloads',
        rows: state.workloads,
        columns: [
          { id: 'name', label: 'Name', value: (r) => r.name, className: 'name' },
          { id: 'type', label: 'Type', value: (r) => r.type },
          { id: 'namespace', label: 'Namespace', value: (r) => r.namespace },
        ],
        filterFields: (r) => [r.name, r.type, r.namespace],
        filterPlaceholder: 'Filter by name, type or namespace',
        emptyText,
        initialSort: { column: 'name', direction: 'asc' },
      }),
    ),
    state.otherDetailCount > 0 &&
      h(
        'p',
        { className: 'note' },
        `${formatCount(state.otherDetailCount)} more detail entries of this cluster are not EKS workloads and are not shown.`,
      ),
  );
}

startPanel<EksWorkloadsState>('eksWorkloads', render);
