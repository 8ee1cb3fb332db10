/**
 * Export tables: Markdown cells that render as exactly their text (checked with a real CommonMark + GFM renderer),
 * RFC 4180 CSV read back by an independent strict reader, the formula guard, the cluster and lifecycle resource
 * columns, and the all-pages collector (progress, cancellation that aborts the request in flight, errors, loops).
 */
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { ClusterInfo, LifecycleResource, Page } from '../../src/aws/types';
import { RESOURCE_EXPORT_COLUMNS } from '../../src/imagebuilder/resourceExport';
import { CLUSTER_EXPORT_COLUMNS, clusterExportRows } from '../../src/inspector/clusterExport';
import { collectAllPages } from '../../src/tree/collectPages';
import { TokenLoopError } from '../../src/tree/pager';
import { csvField, markdownCell, safeFileName, toCsv, toMarkdownTable, type Column } from '../../src/util/tableExport';
import { HOSTILE_STRINGS } from '../fixtures/hostile/strings';
import { parseCsv } from '../support/csv';

const md = new MarkdownIt('commonmark').enable('table');

interface Row {
  readonly a?: string;
  readonly n?: number;
}
const COLUMNS: readonly Column<Row>[] = [
  { header: 'Text', value: (r) => r.a },
  { header: 'Code', value: (r) => r.a, code: true },
  { header: 'Count', value: (r) => r.n },
];

/** The cells of the rendered table's body, as the DOM text a reader sees, and the tags used. */
function renderedCells(markdown: string): { cells: string[][]; html: string } {
  const html = md.render(markdown);
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '';
  const cells = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...(tr[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((td) => td[1] ?? ''),
  );
  return { cells, html };
}

function htmlText(cell: string): string {
  return cell
    .replace(/<br>/g, '\n')
    .replace(/<\/?code>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('Markdown table export', () => {
  it('renders every cell as exactly its text: no link, emphasis, HTML or broken table, whatever the value', () => {
    const values = [
      'plain prod-web',
      'a | b || c',
      'line one\nline two\r\nthree',
      '[click](command:workbench.action.quit)',
      '<img src=x onerror=alert(1)>',
      '**bold** _it_ `code` ``two``',
      'https://evil.example www.evil.example',
      '\\| backslash pipe \\',
      '&amp; &lt;entity&gt;',
      '# heading',
      '- list',
      '`starts and ends with a backtick`',
      ...HOSTILE_STRINGS.map((s) => s.value).filter(
        // Control and bidi characters are not kept as they are (next test).
        (v) => !/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(v),
      ),
    ];
    const table = toMarkdownTable(
      COLUMNS,
      values.map((a) => ({ a })),
    );
    const { cells, html } = renderedCells(table);
    assert.equal(cells.length, values.length, 'one table row per value');
    assert.doesNotMatch(html, /<a |<img|<script|<strong|<em>|<h1|<li/);
    values.forEach((value, i) => {
      const [text, code] = cells[i] ?? [];
      // (A GFM renderer trims a cell's outer white space, U+FEFF included: nothing else may differ.)
      assert.equal(
        htmlText(text ?? '').trim(),
        value.replace(/\r\n/g, '\n').trim(),
        `text cell of ${JSON.stringify(value)}`,
      );
      assert.equal(
        htmlText(code ?? '').trim(),
        value.replace(/\r\n|\n/g, ' ').trim(),
        `code cell of ${JSON.stringify(value)}`,
      );
    });
  });

  it('makes control and bidi characters harmless and leaves empty cells empty', () => {
    assert.equal(markdownCell(undefined), '');
    assert.equal(markdownCell(''), '');
    assert.doesNotMatch(markdownCell('a\u202Eb', true), /\u202E/);
    assert.doesNotMatch(markdownCell('a\u202Eb'), /\u202E/);
    assert.doesNotMatch(markdownCell('a\u0000b\u0007', true), /\p{Cc}/u);
    assert.doesNotMatch(markdownCell('a\u0000b\u0007'), /\p{Cc}/u);
  });

  it('writes numbers and dates as they are, ISO 8601 for dates', () => {
    assert.equal(markdownCell(42), '42');
    assert.equal(markdownCell(new Date(Date.UTC(2026, 10, 30, 10, 0, 0))), '2026\\-11\\-30T10\\:00\\:00\\.000Z');
    assert.equal(markdownCell(new Date(Number.NaN)), '');
  });

  it('has a header row, a delimiter row and one line per row; csvOnly columns stay out', () => {
    const columns: Column<Row>[] = [...COLUMNS, { header: 'Long', value: () => 'x', csvOnly: true }];
    const lines = toMarkdownTable(columns, [{ a: 'x', n: 1 }, {}])
      .trimEnd()
      .split('\n');
    assert.deepEqual(lines, ['| Text | Code | Count |', '| --- | --- | --- |', '| x | `x` | 1 |', '|  |  |  |']);
  });
});

describe('CSV export', () => {
  it('is RFC 4180: CRLF records, quoted fields with commas, quotes and line breaks, read back unchanged', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', '', ' spaced ', 'ünï 日本 ✓'];
    const csv = toCsv(
      COLUMNS,
      values.map((a, n) => ({ a, n })),
    );
    assert.ok(csv.endsWith('\r\n'));
    const records = parseCsv(csv);
    assert.deepEqual(records[0], ['Text', 'Code', 'Count']);
    assert.equal(records.length, values.length + 1);
    values.forEach((v, i) => assert.deepEqual(records[i + 1], [v, v, String(i)]));
  });

  it('never lets a cell start a formula: = + - @ tab and CR get a leading quote; numbers stay numbers', () => {
    for (const v of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x","y")']) {
      const [[field]] = parseCsv(`${csvField(v)}\r\n`) as [[string]];
      assert.equal(field, `'${v}`, JSON.stringify(v));
    }
    assert.equal(csvField(-5), '-5');
    assert.equal(csvField('a=b'), 'a=b');
    assert.equal(csvField(undefined), '');
  });

  it('reads back every hostile string exactly, guarded where it would start a formula', () => {
    const rows = HOSTILE_STRINGS.map((s) => ({ a: s.value }));
    const records = parseCsv(toCsv(COLUMNS, rows));
    rows.forEach((r, i) => {
      const expected = /^[=+\-@\t\r]/.test(r.a) ? `'${r.a}` : r.a;
      assert.equal(records[i + 1]?.[0], expected);
    });
  });
});

describe('export file names', () => {
  it('keeps the extension and turns separators, reserved and control characters into dashes', () => {
    assert.equal(safeFileName('shop-web-1.4.2-clusters.csv'), 'shop-web-1.4.2-clusters.csv');
    assert.equal(safeFileName('../../etc/passwd.csv'), 'etc-passwd.csv');
    assert.equal(safeFileName('a<b>c:d"e|f?g*h\\i\u0000j.csv'), 'a-b-c-d-e-f-g-h-i-j.csv');
    assert.equal(safeFileName('  ..hidden.. .csv'), 'hidden.csv');
    assert.equal(safeFileName('.csv'), 'export.csv');
    assert.equal(safeFileName('NUL.csv'), '_NUL.csv');
    const long = safeFileName(`${'x'.repeat(500)}.csv`);
    assert.equal(long, `${'x'.repeat(120)}.csv`);
  });
});

const ECS_ARN = 'arn:aws:ecs:us-east-1:111122223333:cluster/prod-web';
const EKS_ARN = 'arn:aws:eks:us-east-1:111122223333:cluster/prod-eks';
const TD_ARN = 'arn:aws:ecs:us-east-1:111122223333:task-definition/web:42';

describe('cluster export rows', () => {
  const clusters: ClusterInfo[] = [
    {
      clusterArn: ECS_ARN,
      details: [
        {
          runningUnitCount: 12,
          stoppedUnitCount: 3,
          lastInUse: new Date(Date.UTC(2026, 10, 30)),
          metadata: { kind: 'ecs', detailsGroup: 'service:web', taskDefinitionArn: TD_ARN },
        },
        { runningUnitCount: 1, metadata: { kind: 'ecs', detailsGroup: 'service:cron', taskDefinitionArn: TD_ARN } },
      ],
    },
    {
      clusterArn: EKS_ARN,
      details: [
        {
          runningUnitCount: 9,
          stoppedUnitCount: 4,
          metadata: {
            kind: 'eks',
            namespace: 'shop',
            workloads: [
              { name: 'web', type: 'Deployment' },
              { name: 'cache-warmer', type: 'CronJob' },
            ],
          },
        },
      ],
    },
    { clusterArn: 'not-an-arn', details: [] },
    {
      clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/odd',
      details: [{ metadata: { kind: 'unknown', tag: 'future' } }],
    },
  ];

  it('has one row per details group or namespace, and one for a cluster without details', () => {
    const rows = clusterExportRows(clusters);
    assert.deepEqual(
      rows.map((r) => [r.cluster, r.kind]),
      [
        ['prod-web', 'ECS'],
        ['prod-web', 'ECS'],
        ['prod-eks', 'EKS'],
        ['not-an-arn', 'unknown'],
        ['odd', 'ECS'],
      ],
    );
    const records = parseCsv(toCsv(CLUSTER_EXPORT_COLUMNS, rows));
    assert.deepEqual(records[0], [
      'Cluster',
      'Kind',
      'Cluster ARN',
      'Details group / namespace',
      'Task definition',
      'Task definition ARN',
      'EKS workloads',
      'Running',
      'Stopped in 24 h',
      'Last in use',
    ]);
    assert.deepEqual(records[1], [
      'prod-web',
      'ECS',
      ECS_ARN,
      'service:web',
      'web:42',
      TD_ARN,
      '',
      '12',
      '3',
      '2026-11-30T00:00:00.000Z',
    ]);
    assert.deepEqual(records[3]?.slice(3, 10), [
      'shop',
      '',
      '',
      'web (Deployment); cache-warmer (CronJob)',
      '9',
      '4',
      '',
    ]);
    assert.deepEqual(records[4], ['not-an-arn', 'unknown', 'not-an-arn', '', '', '', '', '', '', '']);
    assert.equal(records[5]?.[3], 'unknown metadata (future)');
  });

  it('leaves the ARNs out of the Markdown table', () => {
    const table = toMarkdownTable(CLUSTER_EXPORT_COLUMNS, clusterExportRows(clusters));
    assert.ok(!table.includes(ECS_ARN));
    assert.ok(table.startsWith('| Cluster | Kind | Details group \\/ namespace | Task definition | EKS workloads |'));
    assert.ok(table.includes('| `prod-web` | ECS | `service:web` | `web:42` |  | 12 | 3 | 2026'));
  });
});

describe('lifecycle resource export rows', () => {
  const resources: LifecycleResource[] = [
    {
      resourceId: 'ami-0123456789abcdef0',
      accountId: '111122223333',
      region: 'us-east-1',
      action: { name: 'DEPRECATE', reason: 'Older than 60 days' },
      state: { status: 'FAILED', reason: 'AccessDenied,\n"quoted"' },
      snapshots: [
        { snapshotId: 'snap-0a', state: { status: 'SUCCESS' } },
        { snapshotId: 'snap-0b', state: { status: 'FAILED' } },
      ],
      imageUris: [],
      startTime: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    },
    {
      resourceId: `111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker@sha256:${'a'.repeat(64)}`,
      imageUris: ['111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker:0.9.7'],
      snapshots: [],
      action: { name: 'DELETE' },
    },
  ];

  it('has what the policy did, the state with its reason, snapshots and image URIs', () => {
    const records = parseCsv(toCsv(RESOURCE_EXPORT_COLUMNS, resources));
    assert.deepEqual(records[0], [
      'Resource',
      'Kind',
      'Resource ID',
      'Action',
      'Action reason',
      'State',
      'State reason',
      'Region',
      'Account',
      'Snapshots',
      'Image URIs',
      'Started',
      'Ended',
    ]);
    assert.deepEqual(records[1], [
      'ami-0123456789abcdef0',
      'AMI',
      'ami-0123456789abcdef0',
      'DEPRECATE',
      'Older than 60 days',
      'FAILED',
      'AccessDenied,\n"quoted"',
      'us-east-1',
      '111122223333',
      'snap-0a SUCCESS; snap-0b FAILED',
      '',
      '2026-01-02T03:04:05.000Z',
      '',
    ]);
    assert.equal(records[2]?.[0], `shop/worker@sha256:${'a'.repeat(12)}…`);
    assert.equal(records[2]?.[1], 'container image');
    assert.equal(records[2]?.[10], '111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/worker:0.9.7');
  });

  it('keeps a multi-line reason in one Markdown row', () => {
    const lines = toMarkdownTable(RESOURCE_EXPORT_COLUMNS, resources).trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[2] ?? '', /AccessDenied\\,<br>\\"quoted\\"/);
  });
});

describe('collectAllPages', () => {
  /** A service of `total` numbers in pages of `size`; records each request and its signal. */
  function service(total: number, size: number) {
    const requests: { token: string | undefined; signal: AbortSignal }[] = [];
    const loadPage = async (token: string | undefined, signal: AbortSignal): Promise<Page<number>> => {
      requests.push({ token, signal });
      await new Promise((r) => setTimeout(r, 1));
      const start = token === undefined ? 0 : Number(token);
      const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
      const next = start + size < total ? String(start + size) : undefined;
      return { items, nextToken: next };
    };
    return { requests, loadPage };
  }

  it('loads every page in order, reporting progress after each', async () => {
    const s = service(23, 5);
    const progress: string[] = [];
    const result = await collectAllPages(s.loadPage, {
      onPage: ({ items, pages }) => progress.push(`${items}/${pages}`),
    });
    assert.equal(result.kind, 'done');
    assert.deepEqual(
      result.kind === 'done' ? result.items : [],
      Array.from({ length: 23 }, (_, i) => i),
    );
    assert.deepEqual(progress, ['5/1', '10/2', '15/3', '20/4', '23/5']);
    assert.deepEqual(
      s.requests.map((r) => r.token),
      [undefined, '5', '10', '15', '20'],
    );
  });

  it('stops when cancelled: the request in flight is aborted and no further page is asked for', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    let release: (() => void) | undefined;
    const loadPage = (token: string | undefined, signal: AbortSignal): Promise<Page<number>> => {
      seen.push(signal);
      if (token === undefined) return Promise.resolve({ items: [1], nextToken: 'p2' });
      return new Promise((_, reject) => {
        release = () => reject(new Error('aborted'));
        signal.addEventListener('abort', () => release?.());
      });
    };
    const running = collectAllPages(loadPage, { signal: controller.signal });
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    const result = await running;
    assert.deepEqual(result, { kind: 'cancelled' });
    assert.equal(seen.length, 2);
    assert.equal(seen[1]?.aborted, true, 'the second page request was aborted');
  });

  it('returns cancelled at once when the signal is already aborted, without a request', async () => {
    const s = service(10, 5);
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await collectAllPages(s.loadPage, { signal: controller.signal }), { kind: 'cancelled' });
    assert.equal(s.requests.length, 0);
  });

  it('rejects with the error of a failed page: never a half list', async () => {
    const boom = new Error('throttled');
    const loadPage = async (token: string | undefined): Promise<Page<number>> => {
      if (token === 'p3') throw boom;
      return { items: [1, 2], nextToken: token === undefined ? 'p2' : 'p3' };
    };
    await assert.rejects(collectAllPages(loadPage), (err) => err === boom);
  });

  it('rejects with a TokenLoopError when the service hands back a token it already returned', async () => {
    const loadPage = async (): Promise<Page<number>> => ({ items: [1], nextToken: 'same' });
    await assert.rejects(collectAllPages(loadPage), (err) => err instanceof TokenLoopError);
  });
});
