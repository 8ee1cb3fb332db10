/**
 * Export contents against the emulator with the real SDK over HTTP: every page of an image's clusters and of a
 * lifecycle execution's resources (short pages included) becomes the CSV and Markdown the commands write, row for
 * row with the data set; cancellation aborts the request in flight; a failed page fails the export.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toFootprintError } from '../../src/aws/errors';
import type { AwsApi, AwsTarget, ClusterInfo, LifecycleResource } from '../../src/aws/types';
import { RESOURCE_EXPORT_COLUMNS } from '../../src/imagebuilder/resourceExport';
import { CLUSTER_EXPORT_COLUMNS, clusterExportRows } from '../../src/inspector/clusterExport';
import { parseEcrImage, resourceIdOf } from '../../src/inspector/imageRef';
import { collectAllPages } from '../../src/tree/collectPages';
import { toCsv, toMarkdownTable } from '../../src/util/tableExport';
import { allExecutions, DEMO, demoDigest, type Emulator } from '../emulator';
import { parseCsv } from '../support/csv';
import { useEmulator } from '../support/emulatorSuite';

describe('Export against the emulator (real SDK, every page)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: AwsApi;
  let target: AwsTarget;

  const baseResourceId = (): string => {
    const { repository, tag } = DEMO.images.base;
    const ref = parseEcrImage(`${DEMO.registry}/${repository}@${demoDigest(repository, tag)}`);
    assert.ok(ref.ok);
    return resourceIdOf(ref.ref) as string;
  };

  const clusterLoader = (resourceId: string, maxResults: number) => (token: string | undefined, signal: AbortSignal) =>
    api.getClustersForImage(target, { resourceId, maxResults, nextToken: token }, signal);

  useEmulator({
    // Short pages that still carry a token, as Inspector sends them.
    emulator: { shortPageRate: 0.3 },
    env: (dir) => {
      writeFileSync(
        path.join(dir, 'credentials'),
        '[demo]\naws_access_key_id = AKIAEXAMPLEDEMO00001\naws_secret_access_key = x\n',
      );
      writeFileSync(path.join(dir, 'config'), '[profile demo]\nregion = us-east-1\n');
      return {
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_ENDPOINT_URL: undefined,
        AWS_ENDPOINT_URL_INSPECTOR2: undefined,
        AWS_ENDPOINT_URL_IMAGEBUILDER: undefined,
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    started: (suite) => {
      ({ emulator, api } = suite);
      target = { profile: 'demo', region: DEMO.region, endpoints: emulator.endpoints, requestTimeoutMs: 10_000 };
    },
  });

  it('writes every cluster of the base image (hundreds, many pages) to CSV and Markdown, row for row', async () => {
    const resourceId = baseResourceId();
    const image = emulator.data.images.find(
      (i) => i.repository === DEMO.images.base.repository && i.tags.includes(DEMO.images.base.tag),
    );
    assert.ok(image);
    const progress: number[] = [];
    const result = await collectAllPages<ClusterInfo>(clusterLoader(resourceId, 40), {
      onPage: ({ items }) => progress.push(items),
    });
    assert.equal(result.kind, 'done');
    const clusters = result.kind === 'done' ? result.items : [];
    const pages = emulator.requests.filter((r) => r.operation === 'GetClustersForImage').length;
    assert.ok(pages >= Math.ceil(image.clusters.length / 40), `${pages} pages for ${image.clusters.length} clusters`);
    assert.equal(progress.length, pages, 'progress after every page');
    assert.equal(progress.at(-1), image.clusters.length);

    const rows = clusterExportRows(clusters);
    const records = parseCsv(toCsv(CLUSTER_EXPORT_COLUMNS, rows));
    const expectedRows = image.clusters.reduce((n, c) => n + Math.max(1, c.clusterDetails.length), 0);
    assert.equal(records.length - 1, expectedRows, 'one CSV record per cluster detail, after the header');
    const arnColumn = (records[0] ?? []).indexOf('Cluster ARN');
    const runningColumn = (records[0] ?? []).indexOf('Running');
    assert.deepEqual(
      new Set(records.slice(1).map((r) => r[arnColumn])),
      new Set(image.clusters.map((c) => c.clusterArn)),
      'every cluster of every page, each exported',
    );
    const running = (arn: string) =>
      records
        .slice(1)
        .filter((r) => r[arnColumn] === arn)
        .reduce((n, r) => n + Number(r[runningColumn] || 0), 0);
    for (const wire of image.clusters.slice(0, 50)) {
      const expected = wire.clusterDetails.reduce((n, d) => n + (d.runningUnitCount ?? 0), 0);
      assert.equal(running(wire.clusterArn), expected, `running units of ${wire.clusterArn}`);
    }

    const table = toMarkdownTable(CLUSTER_EXPORT_COLUMNS, rows).trimEnd().split('\n');
    assert.equal(table.length, expectedRows + 2, 'header, delimiter and one line per row');
    for (const line of table) assert.match(line, /^\| .* \|$/);
  });

  it('a cancelled export aborts the page in flight and asks for no more', async () => {
    emulator.setFault('GetClustersForImage', { kind: 'latency', ms: 5_000 });
    const controller = new AbortController();
    const started = Date.now();
    const running = collectAllPages<ClusterInfo>(clusterLoader(baseResourceId(), 40), { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    assert.deepEqual(await running, { kind: 'cancelled' });
    assert.ok(Date.now() - started < 4_000, 'it did not wait for the slow page');
    // (The emulator logs a request when it answers: the aborted one may or may not be there; no second one is.)
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(emulator.requests.filter((r) => r.operation === 'GetClustersForImage').length <= 1);
  });

  it('a page that fails fails the export with an error the user can act on', async () => {
    const resourceId = baseResourceId();
    // The first page answers; every later one is denied.
    let pages = 0;
    const loader = clusterLoader(resourceId, 40);
    const err = await collectAllPages<ClusterInfo>(async (token, signal) => {
      if (++pages === 2) emulator.setFault('GetClustersForImage', { kind: 'accessDenied' });
      return loader(token, signal);
    }).then(
      () => assert.fail('the export should fail'),
      (e: unknown) => e,
    );
    const error = toFootprintError(err, {
      service: 'inspector2',
      operation: 'GetClustersForImage',
      region: DEMO.region,
      profile: 'demo',
    });
    assert.equal(error.kind, 'accessDenied');
    assert.match(error.message, /inspector2:GetClustersForImage/);
  });

  it('writes every resource of a lifecycle execution (several pages) with its action and state', async () => {
    // The execution with the most top-level resources in the demo region.
    const candidates = allExecutions(emulator.data).filter((x) => x.policy.region === DEMO.region);
    const { execution } = candidates.reduce((a, b) =>
      b.execution.resources.length > a.execution.resources.length ? b : a,
    );
    const size = 2;
    assert.ok(execution.resources.length > size * 2, `${execution.lifecycleExecutionId} spans several pages`);
    const result = await collectAllPages<LifecycleResource>((token, signal) =>
      api.listLifecycleExecutionResources(
        target,
        { lifecycleExecutionId: execution.lifecycleExecutionId, maxResults: size, nextToken: token },
        signal,
      ),
    );
    assert.equal(result.kind, 'done');
    const resources = result.kind === 'done' ? result.items : [];
    const pages = emulator.requests.filter((r) => r.operation === 'ListLifecycleExecutionResources').length;
    assert.ok(pages >= Math.ceil(execution.resources.length / size), `${pages} pages`);

    const records = parseCsv(toCsv(RESOURCE_EXPORT_COLUMNS, resources));
    const header = records[0] ?? [];
    const col = (name: string) => header.indexOf(name);
    assert.equal(records.length - 1, execution.resources.length);
    records.slice(1).forEach((record, i) => {
      const wire = execution.resources[i];
      assert.ok(wire);
      assert.equal(record[col('Resource ID')], wire.resourceId);
      assert.equal(record[col('Action')], wire.action.name);
      assert.equal(record[col('State')], wire.state.status);
      assert.equal(record[col('Region')], wire.region);
      assert.equal(record[col('Account')], wire.accountId);
      assert.equal(
        record[col('Snapshots')],
        (wire.snapshots ?? []).map((s) => `${s.snapshotId} ${s.state.status}`).join('; '),
      );
    });
    const table = toMarkdownTable(RESOURCE_EXPORT_COLUMNS, resources).trimEnd().split('\n');
    assert.equal(table.length, execution.resources.length + 2);
  });
});
