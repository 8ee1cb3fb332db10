import assert from 'node:assert/strict';
import { compareCells, filterRows, nextSort, normaliseQuery, sortRows } from '../../src/webview/tableModel';

interface Row {
  readonly name: string;
  readonly type?: string;
  readonly count?: number;
}

const rows: readonly Row[] = [
  { name: 'web-10', type: 'Deployment', count: 3 },
  { name: 'Web-9', type: 'deployment', count: 10 },
  { name: 'api', type: 'StatefulSet' },
  { name: 'zeta', type: '', count: 0 },
  { name: 'Alpha', type: 'Job', count: 3 },
];
const names = (rs: readonly Row[]) => rs.map((r) => r.name);

describe('webview table model', () => {
  describe('sortRows', () => {
    it('sorts strings case-insensitively and numerically aware, both directions', () => {
      assert.deepEqual(names(sortRows(rows, (r) => r.name, 'asc')), ['Alpha', 'api', 'Web-9', 'web-10', 'zeta']);
      assert.deepEqual(names(sortRows(rows, (r) => r.name, 'desc')), ['zeta', 'web-10', 'Web-9', 'api', 'Alpha']);
    });

    it('sorts numbers as numbers, keeps equal values in their original order, puts missing values last', () => {
      assert.deepEqual(names(sortRows(rows, (r) => r.count, 'asc')), ['zeta', 'web-10', 'Alpha', 'Web-9', 'api']);
      assert.deepEqual(names(sortRows(rows, (r) => r.count, 'desc')), ['Web-9', 'web-10', 'Alpha', 'zeta', 'api']);
    });

    it('puts blank strings and NaN last in both directions', () => {
      assert.deepEqual(names(sortRows(rows, (r) => r.type, 'asc')).at(-1), 'zeta');
      assert.deepEqual(names(sortRows(rows, (r) => r.type, 'desc')).at(-1), 'zeta');
      const withNaN = [{ name: 'n', count: NaN }, ...rows];
      assert.equal(sortRows(withNaN, (r) => r.count, 'desc').at(-2)?.name, 'n');
    });

    it('does not change its input', () => {
      const copy = [...rows];
      sortRows(rows, (r) => r.name, 'desc');
      assert.deepEqual(rows, copy);
    });

    it('compares mixed values without throwing', () => {
      assert.ok(compareCells(2, 10) < 0);
      assert.ok(compareCells('item-2', 'item-10') < 0);
      assert.equal(compareCells('ABC', 'abc'), 0);
      assert.equal(typeof compareCells('a', 1), 'number');
    });
  });

  describe('filterRows', () => {
    const fields = (r: Row) => [r.name, r.type];

    it('keeps the rows any field of which contains the query, case-insensitively', () => {
      assert.deepEqual(names(filterRows(rows, 'DEPLOY', fields)), ['web-10', 'Web-9']);
      assert.deepEqual(names(filterRows(rows, 'web', fields)), ['web-10', 'Web-9']);
      assert.deepEqual(names(filterRows(rows, 'set', fields)), ['api']);
    });

    it('trims the query; an empty query keeps every row; no match gives none', () => {
      assert.deepEqual(names(filterRows(rows, '  job ', fields)), ['Alpha']);
      assert.equal(filterRows(rows, '   ', fields).length, rows.length);
      assert.deepEqual(filterRows(rows, 'nothing', fields), []);
    });

    it('treats the query as text, not a pattern', () => {
      const odd = [{ name: 'a.*b' }, { name: 'axxb' }, { name: '<script>' }];
      assert.deepEqual(names(filterRows(odd, '.*', (r) => [r.name])), ['a.*b']);
      assert.deepEqual(names(filterRows(odd, '<SCRIPT>', (r) => [r.name])), ['<script>']);
    });

    it('normalises queries', () => {
      assert.equal(normaliseQuery('  MiXeD '), 'mixed');
    });
  });

  describe('nextSort', () => {
    it('sorts a new column ascending and flips the same column', () => {
      assert.deepEqual(nextSort(undefined, 'name'), { column: 'name', direction: 'asc' });
      assert.deepEqual(nextSort({ column: 'name', direction: 'asc' }, 'name'), { column: 'name', direction: 'desc' });
      assert.deepEqual(nextSort({ column: 'name', direction: 'desc' }, 'name'), { column: 'name', direction: 'asc' });
      assert.deepEqual(nextSort({ column: 'name', direction: 'desc' }, 'type'), { column: 'type', direction: 'asc' });
    });
  });
});
