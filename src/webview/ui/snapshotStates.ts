/** The snapshot states panel (browser script, bundled to dist/webview/snapshotStates.js). */
import { displayText, formatCount, formatWhen } from '../format';
import { SNAPSHOT_COPY, snapshotCopyId, type SnapshotRow, type SnapshotStatesState } from '../protocol';
import { startPanel, type PanelHost } from './_app';
import { actionButton, badge, data, facts, h, header } from './_dom';
import { filterableTable } from './_table';

/** A status as text, coloured by the stylesheet when it is one of the service's UPPER_CASE values. */
function status(value: string | undefined): HTMLElement {
  const el = data(value, 'status');
  if (value !== undefined && /^[A-Z_]{1,40}$/.test(value)) el.setAttribute('data-status', value);
  return el;
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
    { className: 'status-counts', attrs: { 'aria-label': 'Snapshots per status' } },
    ...state.statusCounts.map((c) => h('li', {}, status(c.status), ' ', badge(formatCount(c.count)))),
  );

  return h(
    'div',
    {},
    header(
      h('span', {}, 'Snapshots of ', data(state.resourceId)),
      h('span', {}, 'Lifecycle execution ', data(state.lifecycleExecutionId)),
    ),
    facts([
      ['Resource ID', data(state.resourceId)],
      ['Account', data(state.accountId)],
      ['Region', data(state.region)],
      ['State', statusWithReason(state.state?.status, state.state?.reason)],
      ['Action', statusWithReason(state.action?.name, state.action?.reason)],
      ['Started', formatWhen(state.startTime, now)],
      ['Ended', formatWhen(state.endTime, now)],
      ['Image URIs', uris],
    ]),
    h(
      'div',
      { className: 'actions' },
      state.resourceId?.trim() &&
        actionButton(host, 'Copy Resource ID', 'copy', { type: 'copy', target: SNAPSHOT_COPY.resourceId }),
      actionButton(host, 'Copy Execution ID', 'copy', { type: 'copy', target: SNAPSHOT_COPY.lifecycleExecutionId }),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Snapshots ', badge(formatCount(state.snapshots.length))),
      state.snapshots.length > 0 && counts,
    ),
    filterableTable<SnapshotRow>(host, {
      stateKey: 'snapshots',
      label: 'Snapshots',
      rowNoun: 'snapshots',
      rows: state.snapshots,
      columns: [
        { id: 'snapshotId', label: 'Snapshot ID', value: (r) => r.snapshotId, className: 'name' },
        { id: 'status', label: 'Status', value: (r) => r.status, cell: (r) => status(r.status) },
        { id: 'reason', label: 'Reason', value: (r) => r.reason },
        {
          id: 'copy',
          label: 'Copy',
          value: () => undefined,
          sortable: false,
          cell: (r) =>
            r.snapshotId?.trim()
              ? actionButton(
                  host,
                  'Copy',
                  'copy',
                  { type: 'copy', target: snapshotCopyId(r.index) },
                  `Copy ${r.snapshotId}`,
                )
              : h('span', {}, displayText(undefined)),
          className: 'action-cell',
        },
      ],
      filterFields: (r) => [r.snapshotId, r.status, r.reason],
      filterPlaceholder: 'Filter by snapshot ID, status or reason',
      emptyText: 'No snapshots reported for this resource.',
    }),
  );
}

startPanel('snapshotStates', render);
