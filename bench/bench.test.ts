/**
 * The benchmark's own arithmetic and reporting, which decide what the figures say:
 *   npx mocha --require tsx/cjs 'bench/**\/*.test.ts'
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { met, type Figure } from './figure';
import { isOurs, summarize } from './profile';
import { jsonLine, markdown, replaceResultsSection, RESULTS_END, RESULTS_START, table, type RunInfo } from './report';
import { median, percentile, timePair } from './stats';

const figure = (id: string, value: number, max?: number): Figure => ({
  id,
  title: `title of ${id}`,
  value,
  unit: 'ratio',
  ...(max !== undefined && { target: { max } }),
  detail: { oursMs: 2 },
  note: `note of ${id}`,
});

const run: RunInfo = {
  machine: {
    cpus: 2,
    cpuModel: 'Test CPU',
    node: 'v20.0.0',
    memoryGiB: 8,
    freeGiB: 4,
    loadAverageAtStart: [0.5, 0.4, 0.3],
    os: 'Linux',
  },
  startedAt: '2026-01-01T00:00:00.000Z',
  seconds: 100,
  quick: false,
  notRun: [],
};

describe('bench statistics', () => {
  it('median of odd and even counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('percentile is nearest-rank: p95 of 1..100 is 95, of 1..20 is 19', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(hundred, 95), 95);
    assert.equal(percentile(hundred, 100), 100);
    assert.equal(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ),
      19,
    );
    assert.equal(percentile([7], 95), 7);
  });

  it('timePair alternates A B B A after the warm-up, prepares before every call, and pairs the ratios', async () => {
    const order: string[] = [];
    let prepared = 0;
    const result = await timePair(
      async () => void order.push('A'),
      async () => void order.push('B'),
      { warmup: 1, runs: 4, prepare: () => void prepared++ },
    );
    assert.deepEqual(order, ['A', 'B', 'A', 'B', 'B', 'A', 'A', 'B', 'B', 'A']);
    assert.equal(prepared, order.length);
    assert.equal(result.ours.length, 4);
    assert.equal(result.baseline.length, 4);
    assert.equal(result.ratio, result.oursMedian / result.baselineMedian);
  });
});

describe('bench profile summary', () => {
  const node = (id: number, functionName: string, url: string, hitCount: number) => ({
    id,
    callFrame: { functionName, url, lineNumber: 9 },
    hitCount,
  });

  it('merges self time per function and place, ranks it, and tells our code from the rest', () => {
    const repo = path.join(__dirname, '..');
    const summary = summarize({
      startTime: 0,
      endTime: 100_000, // 100 ms
      nodes: [
        node(1, 'getTreeItem', `file://${repo}/src/inspector/clusterNodes.ts`, 30),
        node(2, 'getTreeItem', `file://${repo}/src/inspector/clusterNodes.ts`, 20),
        node(3, 'read', `file://${repo}/node_modules/@smithy/core/dist-cjs/index.js`, 40),
        node(4, '', '', 10),
      ],
    });
    assert.equal(summary.top[0]?.fn, 'getTreeItem');
    assert.equal(summary.top[0]?.where, 'src/inspector/clusterNodes.ts:10');
    assert.equal(summary.top[0]?.selfMs, 50);
    assert.equal(summary.top[1]?.where, '@smithy/core/dist-cjs/index.js:10');
    assert.equal(summary.top[2]?.fn, '(anonymous)');
    assert.equal(summary.oursPercent, 50);
    assert.deepEqual(
      summary.topOurs.map((t) => t.fn),
      ['getTreeItem'],
    );
  });

  it('counts src/, the extension bundle and the vscode stand-in as ours, and nothing else', () => {
    for (const where of ['src/util/arn.ts:2', 'dist/extension.js:1', 'test/support/vscodeStandIn.ts:2']) {
      assert.ok(isOurs(where), where);
    }
    for (const where of [
      '@smithy/core/dist-cjs/index.js:1',
      'dist/aws.js:1',
      'node:internal/x:1',
      '',
      'bench/run.ts:1',
    ]) {
      assert.ok(!isOurs(where), where);
    }
  });
});

describe('bench report', () => {
  const figures = [figure('a.ratio', 1.2, 1.1), figure('b.ratio', 1.05, 1.1), figure('c.info', 3)];

  it('a figure above its target is missed, at or below it met, without one it is information', () => {
    assert.equal(met(figures[0] as Figure), false);
    assert.equal(met(figures[1] as Figure), true);
    assert.equal(met(figure('x', 1.1, 1.1)), true);
    assert.equal(met(figures[2] as Figure), undefined);
  });

  it('the table says MISSED, met or info for each figure', () => {
    const lines = table(figures).split('\n');
    assert.equal(lines.length, 2 + figures.length);
    assert.match(lines[2] as string, /title of a\.ratio.*1\.200×.*≤ 1\.10×.*MISSED.*note of a\.ratio/);
    assert.match(lines[3] as string, /title of b\.ratio.*met/);
    assert.match(lines[4] as string, /title of c\.info.*info/);
  });

  it('the JSON line holds every figure with its target, verdict and details, and lists the misses', () => {
    const parsed = JSON.parse(jsonLine(figures, run)) as {
      missed: string[];
      figures: Record<string, { value: number; target?: number; met?: boolean; oursMs: number }>;
      machine: { cpuModel: string };
    };
    assert.deepEqual(Object.keys(parsed.figures), ['a.ratio', 'b.ratio', 'c.info']);
    assert.deepEqual(parsed.missed, ['a.ratio']);
    assert.deepEqual(parsed.figures['a.ratio'], { value: 1.2, unit: 'ratio', target: 1.1, met: false, oursMs: 2 });
    assert.equal(parsed.figures['c.info']?.met, undefined);
    assert.equal(parsed.machine.cpuModel, 'Test CPU');
  });

  it('writes the results between the markers of BENCHMARKS.md and keeps the rest', () => {
    const doc = `# Benchmarks\n\nHow.\n\n${RESULTS_START}\nold results\n${RESULTS_END}\n\n## Notes\n`;
    const out = replaceResultsSection(doc, markdown(figures, run), '{"x":1}');
    assert.ok(out.startsWith('# Benchmarks\n\nHow.\n\n'));
    assert.ok(out.endsWith(`${RESULTS_END}\n\n## Notes\n`));
    assert.ok(!out.includes('old results'));
    assert.match(out, /\| title of a\.ratio \| 1\.200× \| ≤ 1\.10× \| MISSED \|/);
    assert.match(out, /```json\n\{"x":1\}\n```/);
    assert.match(out, /2 cores, Test CPU, Node v20\.0\.0/);
    assert.throws(() => replaceResultsSection('# no markers', 'x', '{}'), /no <!-- bench:results:start -->/);
  });
});
