/**
 * A sortable, filterable table of rows from AWS: a filter box (case-insensitive, over the given fields), a count of
 * shown and total rows, sort buttons in every column header, and an empty state. Sort and filter are kept across
 * hide/show in the webview's state.
 */
import { filterRows, nextSort, sortRows, type CellValue, type SortSpec } from '../tableModel';
import type { PanelHost } from './_app';
import { data, emptyState, h, icon, sentence } from './_dom';

export interface Column<R> {
  readonly id: string;
  readonly label: string;
  /** The value sorted on (and shown, as AWS data, unless `text` or `cell` is given). */
  readonly value: (row: R) => CellValue;
  /** Our own formatting of the value (counts, dates). */
  readonly text?: (row: R) => string;
  readonly cell?: (row: R) => Node;
  readonly className?: string;
  /** False for columns of buttons. */
  readonly sortable?: boolean;
}

export interface TableOptions<R> {
  /** Key of this table's sort and filter in the webview state. */
  readonly stateKey: string;
  /** Accessible name of the table, e.g. "Workloads" (every text here is the panel's, through `l10n.t`). */
  readonly label: string;
  /** Accessible name of the filter box, e.g. "Filter workloads". */
  readonly filterLabel: string;
  /**
   * The count of rows shown, counts formatted: "7 workloads" (`shown === total`), "3 of 7 workloads" when filtered.
   * One message per plural form, chosen by the panel.
   */
  readonly countText: (shown: number, total: number) => string;
  /** When the filter matches no row; `{0}` is where the filter text goes, as data: "No workloads match the filter {0}." */
  readonly noMatchText: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  /** The values the filter box matches. */
  readonly filterFields: (row: R) => readonly CellValue[];
  readonly filterPlaceholder: string;
  readonly emptyText: string;
  readonly initialSort?: SortSpec;
}

interface TableViewState {
  readonly sort?: SortSpec;
  readonly filter: string;
}

/** The saved sort and filter of a table, if the saved value is well-formed and names a sortable column. */
function readViewState(host: PanelHost, key: string, isSortable: (column: string) => boolean): Partial<TableViewState> {
  const raw = host.getViewState(key);
  if (typeof raw !== 'object' || raw === null) return {};
  const { sort: rawSort, filter } = raw as { sort?: { column?: unknown; direction?: unknown }; filter?: unknown };
  const column = rawSort?.column;
  const direction = rawSort?.direction;
  const sort: SortSpec | undefined =
    typeof column === 'string' && isSortable(column) && (direction === 'asc' || direction === 'desc')
      ? { column, direction }
      : undefined;
  return { sort, filter: typeof filter === 'string' ? filter : undefined };
}

function renderCell<R>(column: Column<R>, row: R): Node | string {
  if (column.cell) return column.cell(row);
  if (column.text) return column.text(row);
  const v = column.value(row);
  return data(v === undefined ? undefined : String(v));
}

export function filterableTable<R>(host: PanelHost, options: TableOptions<R>): HTMLElement {
  const { columns, rows } = options;
  if (rows.length === 0) return emptyState(options.emptyText);

  const saved = readViewState(host, options.stateKey, (id) => columns.some((c) => c.id === id && c.sortable !== false));
  let sort: SortSpec | undefined = saved.sort ?? options.initialSort;
  let filter = saved.filter ?? '';

  const count = h('span', { className: 'row-count', attrs: { role: 'status', 'aria-live': 'polite' } });
  const textfield = h('input', {
    attrs: {
      type: 'search',
      placeholder: options.filterPlaceholder,
      'aria-label': options.filterLabel,
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  textfield.value = filter;

  const headCells = columns.map((column) => {
    if (column.sortable === false) {
      return h('th', { className: column.className, attrs: { scope: 'col' } }, column.label);
    }
    const button = h(
      'button',
      { className: 'sort', attrs: { type: 'button', 'data-column': column.id } },
      column.label,
    );
    const th = h('th', { className: column.className, attrs: { scope: 'col' } }, button);
    button.addEventListener('click', () => {
      sort = nextSort(sort, column.id);
      update();
    });
    return th;
  });
  const tbody = h('tbody');
  const table = h(
    'table',
    { attrs: { 'aria-label': options.label } },
    h('thead', {}, h('tr', {}, ...headCells)),
    tbody,
  );

  const update = () => {
    host.setViewState(options.stateKey, { sort, filter } satisfies TableViewState);
    const column = columns.find((c) => c.id === sort?.column);
    const filtered = filterRows(rows, filter, options.filterFields);
    const shown = column && sort ? sortRows(filtered, column.value, sort.direction) : filtered;
    headCells.forEach((th, i) => {
      if (columns[i].sortable === false) return;
      const active = sort?.column === columns[i].id;
      th.setAttribute('aria-sort', active ? (sort?.direction === 'asc' ? 'ascending' : 'descending') : 'none');
      const button = th.firstElementChild as HTMLButtonElement;
      button.replaceChildren(columns[i].label);
      if (active) button.append(icon(sort?.direction === 'asc' ? 'arrow-up' : 'arrow-down'));
    });
    count.textContent = options.countText(shown.length, rows.length);
    if (shown.length === 0) {
      const cell = h(
        'td',
        { className: 'no-match', attrs: { colspan: String(columns.length) } },
        sentence(options.noMatchText, data(filter)),
      );
      tbody.replaceChildren(h('tr', {}, cell));
      return;
    }
    tbody.replaceChildren(
      ...shown.map((row) =>
        h('tr', {}, ...columns.map((c) => h('td', { className: c.className }, renderCell(c, row)))),
      ),
    );
  };

  textfield.addEventListener('input', () => {
    filter = textfield.value;
    update();
  });
  update();

  return h(
    'section',
    { className: 'table-section' },
    h('div', { className: 'toolbar' }, h('label', { className: 'filter' }, icon('filter'), textfield), count),
    h('div', { className: 'table-wrap' }, table),
  );
}
