/**
 * Sorting and filtering of panel tables: pure functions shared by the webview scripts and the host's tests.
 */

export type SortDirection = 'asc' | 'desc';
export type CellValue = string | number | undefined;

export interface SortSpec<C extends string = string> {
  readonly column: C;
  readonly direction: SortDirection;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function isMissing(v: CellValue): v is undefined {
  return v === undefined || (typeof v === 'number' && Number.isNaN(v)) || (typeof v === 'string' && v.trim() === '');
}

/** Ascending order of two cell values: numbers numerically, strings by a numeric-aware, case-insensitive collation. */
export function compareCells(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * A sorted copy of `rows`. Missing values (undefined, NaN, blank) go last in both directions; equal values keep their
 * original order.
 */
export function sortRows<R>(rows: readonly R[], value: (row: R) => CellValue, direction: SortDirection): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row, index) => ({ row, index, key: value(row) }));
  keyed.sort((x, y) => {
    const xm = isMissing(x.key);
    const ym = isMissing(y.key);
    if (xm || ym) return xm === ym ? x.index - y.index : xm ? 1 : -1;
    return sign * compareCells(x.key, y.key) || x.index - y.index;
  });
  return keyed.map((k) => k.row);
}

/** Normalises what the user typed: trimmed and lower-cased; empty means "no filter". */
export function normaliseQuery(query: string): string {
  return query.trim().toLowerCase();
}

/** The rows any of whose `fields` contains the query, case-insensitively. An empty query keeps every row. */
export function filterRows<R>(rows: readonly R[], query: string, fields: (row: R) => readonly CellValue[]): R[] {
  const q = normaliseQuery(query);
  if (q === '') return [...rows];
  return rows.filter((row) => fields(row).some((f) => f !== undefined && String(f).toLowerCase().includes(q)));
}

/** The next sort after a click on `column`: a new column sorts ascending, the same column flips direction. */
export function nextSort<C extends string>(current: SortSpec<C> | undefined, column: C): SortSpec<C> {
  if (current?.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: 'asc' };
}
