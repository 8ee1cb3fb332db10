/**
 * The snapshot states panel (browser script, bundled to dist/webview/snapshotStates.js). Our words go through
 * `l10n.t` (configured by `webview/ui/_app.ts` with the bundle the state carries); AWS values are data nodes.
 */
import * as l10n from '@vscode/l10n';
import { displayText, formatCount, formatWhen } from '../../webview/format';
import { SNAPSHOT_COPY, snapshotCopyId, type SnapshotRow, type SnapshotStatesState } from '../snapshotStatesProtocol';
import { startPanel, type PanelHost } from '../../webview/ui/_app';
import { actionButton, badge, data, facts, h, header, sentence } from '../../webview/ui/_dom';
import { filterableTable } from '../../webview/ui/_table';

/** A status as text, coloured by the stylesheet when it is one of the service's UPPER_CASE values. */
function status(value: string | undefined): HTMLElement {
  const el = data(value, 'status');
  if (value !== undefined && /^[A-Z_]{1,40}$/.test(value)) el.setAttribute('data-status', value);
  return el;
}

function snapshotCount(shown: number, total: number): string {
  const [s, t] = [formatCount(shown), formatCount(total)];
  if (shown !== total) {
    return total === 1 ? l10n.t('{0} of {1} snapshot', s, t) : l10n.t('{0} of {1} snapshots', s, t);
  }
  return total === 1 ? l10n.t('{0} snapshot', t) : l10n.t('{0} snapshots', t);
}

/** "SUCCESS — reason", or one of them, or "—". */
function statusWithReason(value: string | undefined, reason: string | undefined): Node {
  const out = h('span', {}, status(value));
  if (reason?.trim()) out.append(' — ', data(reason));
  return out;
}

function render(state: SnapshotStatesState, host: PanelHost): Node {
  const now = Date.now();
  const uris =
    state.imageUris.length === 0
      ? data(undefined)
      : h('ul', { className: 'plain' }, ...state.imageUris.map((u) => h('li', {}, data(u))));

  const counts = h(
    'ul',
    { className: 'status-counts', attrs: { 'aria-label': l10n.t('Snapshots per status') } },
    ...state.statusCounts.map((c) => h('li', {}, status(c.status), ' ', badge(formatCount(c.count)))),
  );

  return h(
    'div',
    {},
    header(
      sentence(l10n.t('Snapshots of {0}', '{0}'), data(state.resourceId)),
      sentence(l10n.t('Lifecycle execution {0}', '{0}'), data(state.lifecycleExecutionId)),
    ),
    facts([
      [l10n.t('Resource ID'), data(state.resourceId)],
      [l10n.t('Account'), data(state.accountId)],
      [l10n.t('Region'), data(state.region)],
      [l10n.t('State'), statusWithReason(state.state?.status, state.state?.reason)],
      [l10n.t('Action'), statusWithReason(state.action?.name, state.action?.reason)],
      [l10n.t('Started'), formatWhen(state.startTime, now)],
      [l10n.t('Ended'), formatWhen(state.endTime, now)],
      [l10n.t('Image URIs'), uris],
    ]),
    h(
      'div',
      { className: 'actions' },
      state.resourceId?.trim() &&
        actionButton(host, l10n.t('Copy Resource ID'), 'copy', { type: 'copy', target: SNAPSHOT_COPY.resourceId }),
      actionButton(host, l10n.t('Copy Execution ID'), 'copy', {
        type: 'copy',
        target: SNAPSHOT_COPY.lifecycleExecutionId,
      }),
    ),
    h(
      'section',
      {},
      h('h2', {}, l10n.t('Snapshots'), ' ', badge(formatCount(state.snapshots.length))),
      state.snapshots.length > 0 && counts,
    ),
    filterableTable<SnapshotRow>(host, {
      stateKey: 'snapshots',
      label: l10n.t('Snapshots'),
      filterLabel: l10n.t('Filter snapshots'),
      countText: snapshotCount,
      noMatchText: l10n.t('No snapshots match the filter {0}.', '{0}'),
      rows: state.snapshots,
      columns: [
        { id: 'snapshotId', label: l10n.t('Snapshot ID'), value: (r) => r.snapshotId, className: 'name' },
        { id: 'status', label: l10n.t('Status'), value: (r) => r.status, cell: (r) => status(r.status) },
        { id: 'reason', label: l10n.t('Reason'), value: (r) => r.reason },
        {
          id: 'copy',
          label: l10n.t({ message: 'Copy', comment: ['A column header: the column of copy buttons'] }),
          value: () => undefined,
          sortable: false,
          cell: (r) =>
            r.snapshotId?.trim()
              ? actionButton(
                  host,
                  l10n.t('Copy'),
                  'copy',
                  { type: 'copy', target: snapshotCopyId(r.index) },
                  l10n.t({ message: 'Copy {0}', args: [r.snapshotId], comment: ['{0} is a snapshot ID'] }),
                )
              : h('span', {}, displayText(undefined)),
          className: 'action-cell',
        },
      ],
      filterFields: (r) => [r.snapshotId, r.status, r.reason],
      filterPlaceholder: l10n.t('Filter by snapshot ID, status or reason'),
      emptyText: l10n.t('No snapshots reported for this resource.'),
    }),
  );
}

startPanel<SnapshotStatesState>('snapshotStates', render);
