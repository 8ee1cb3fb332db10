/**
 * The emulator's Inspector2 operations, driven by the real `@aws-sdk/client-inspector2` client and its paginators.
 * Expected answers are computed from `emulator.data`, never written down.
 */
import assert from 'node:assert/strict';
import {
  GetClustersForImageCommand,
  ListCoverageCommand,
  paginateGetClustersForImage,
  paginateListCoverage,
  ValidationException,
} from '@aws-sdk/client-inspector2';
import type {
  ClusterInformation,
  GetClustersForImageCommandInput,
  Inspector2Client,
  ListCoverageCommandInput,
} from '@aws-sdk/client-inspector2';
import { inspectorClient, rawAwsRequest } from '../emulator/clients';
import {
  BIG_IMAGE,
  DEMO,
  findImage,
  imageResourceId,
  repositoryArn,
  startEmulator,
  type ClusterInformationWire,
  type EcrImageRecord,
  type Emulator,
} from '../emulator/index';
import { rejection, must } from '../support/assertions';

const BIG_CLUSTERS = 1234;

interface PageSeen {
  readonly size: number;
  readonly nextToken?: string;
}

async function allClusters(
  client: Inspector2Client,
  input: GetClustersForImageCommandInput,
  pageSize: number,
): Promise<{ clusters: ClusterInformation[]; pages: PageSeen[] }> {
  const clusters: ClusterInformation[] = [];
  const pages: PageSeen[] = [];
  for await (const page of paginateGetClustersForImage({ client, pageSize }, input)) {
    clusters.push(...(page.cluster ?? []));
    pages.push({ size: page.cluster?.length ?? 0, nextToken: page.nextToken });
  }
  return { clusters, pages };
}

describe('emulator: Inspector2 GetClustersForImage (real SDK)', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let client: Inspector2Client;
  let web: EcrImageRecord;
  let base: EcrImageRecord;
  let big: EcrImageRecord;

  before(async () => {
    emulator = await startEmulator({ clusters: BIG_CLUSTERS });
    client = inspectorClient(emulator);
    web = must(findImage(emulator.data, DEMO.images.web.repository, DEMO.images.web.tag), 'shop/web:1.4.2');
    base = must(findImage(emulator.data, DEMO.images.base.repository, DEMO.images.base.tag), 'platform/base');
    big = must(findImage(emulator.data, BIG_IMAGE.repository, BIG_IMAGE.tag), 'the big image');
  });
  afterEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
  });
  after(async () => {
    client.destroy();
    await emulator.close();
  });

  it('returns the clusters of an image with their ECS and EKS metadata, timestamps as Dates', async () => {
    const out = await client.send(new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(web) } }));
    assert.equal(out.nextToken, undefined);
    const clusters = out.cluster ?? [];
    assert.deepEqual(
      clusters.map((c) => c.clusterArn),
      web.clusters.map((c) => c.clusterArn),
    );
    clusters.forEach((cluster, i) => {
      const expected = web.clusters[i].clusterDetails;
      assert.equal(cluster.clusterDetails?.length, expected.length);
      cluster.clusterDetails?.forEach((detail, j) => {
        assert.ok(detail.lastInUse instanceof Date);
        // Epoch seconds with fractions survive the round trip to the millisecond.
        assert.equal(detail.lastInUse.getTime(), Math.round(expected[j].lastInUse * 1000));
        assert.equal(detail.runningUnitCount, expected[j].runningUnitCount);
        assert.equal(detail.stoppedUnitCount, expected[j].stoppedUnitCount);
        assert.deepEqual(detail.clusterMetadata, expected[j].clusterMetadata);
      });
    });
  });

  it('pages through hundreds of clusters with the SDK paginator: all of them, in order, each once', async () => {
    const { clusters, pages } = await allClusters(client, { filter: { resourceId: imageResourceId(big) } }, 100);
    assert.equal(clusters.length, BIG_CLUSTERS);
    assert.deepEqual(
      clusters.map((c) => c.clusterArn),
      big.clusters.map((c) => c.clusterArn),
    );
    assert.ok(pages.every((p) => p.size >= 1 && p.size <= 100));
    assert.equal(pages[pages.length - 1].nextToken, undefined, 'the last page has no token');
    assert.ok(
      pages.slice(0, -1).every((p) => typeof p.nextToken === 'string'),
      'every other page has one',
    );
  });

  it('returns some pages shorter than maxResults that still carry a token (deterministically)', async () => {
    const first = await allClusters(client, { filter: { resourceId: imageResourceId(base) } }, 25);
    const shortWithToken = first.pages.filter((p) => p.size < 25 && p.nextToken !== undefined);
    assert.ok(shortWithToken.length > 0, 'no short page with a token');
    assert.equal(first.clusters.length, base.clusters.length);
    const again = await allClusters(client, { filter: { resourceId: imageResourceId(base) } }, 25);
    assert.deepEqual(
      again.pages.map((p) => p.size),
      first.pages.map((p) => p.size),
    );
  });

  it('hands a clusterMetadata member the SDK does not know to the caller as $unknown', async () => {
    const unknown = base.clusters.filter((c) =>
      c.clusterDetails.some((d) => 'awsFutureMetadataDetails' in d.clusterMetadata),
    );
    assert.ok(unknown.length > 0, 'the demo base image has clusters with an unknown union member');
    const { clusters } = await allClusters(client, { filter: { resourceId: imageResourceId(base) } }, 100);
    for (const expected of unknown) {
      const got = must(
        clusters.find((c) => c.clusterArn === expected.clusterArn),
        expected.clusterArn,
      );
      const metadata = got.clusterDetails?.[0].clusterMetadata as { $unknown?: [string, unknown] } | undefined;
      assert.equal(metadata?.$unknown?.[0], 'awsFutureMetadataDetails');
    }
  });

  it('delivers EKS namespaces with 100 workloads intact', async () => {
    const isFull = (c: ClusterInformationWire): boolean =>
      c.clusterDetails.some((d) => {
        const eks = (d.clusterMetadata as { awsEksMetadataDetails?: { workloadInfoList?: unknown[] } })
          .awsEksMetadataDetails;
        return eks?.workloadInfoList?.length === 100;
      });
    const full = must(base.clusters.find(isFull), 'an EKS cluster with 100 workloads');
    const { clusters } = await allClusters(client, { filter: { resourceId: imageResourceId(base) } }, 100);
    const got = must(
      clusters.find((c) => c.clusterArn === full.clusterArn),
      full.clusterArn,
    );
    assert.deepEqual(
      got.clusterDetails?.map((d) => d.clusterMetadata),
      full.clusterDetails.map((d) => d.clusterMetadata),
    );
  });

  it('finds an image only in its own region (the scope region selects the data)', async () => {
    const elsewhere = must(
      emulator.data.images.find((i) => i.covered && i.region !== 'us-east-1' && i.clusters.length > 0),
      'an image outside us-east-1 with clusters',
    );
    const filter = { resourceId: imageResourceId(elsewhere) };
    const wrong = await client.send(new GetClustersForImageCommand({ filter }));
    assert.deepEqual(wrong.cluster, []);
    assert.equal(wrong.nextToken, undefined);
    const home = inspectorClient(emulator, { region: elsewhere.region });
    try {
      const { clusters } = await allClusters(home, { filter }, 100);
      assert.equal(clusters.length, elsewhere.clusters.length);
    } finally {
      home.destroy();
    }
    assert.deepEqual(
      emulator.requests.map((r) => r.region),
      ['us-east-1', ...Array<string>(emulator.requests.length - 1).fill(elsewhere.region)],
    );
  });

  it('returns no clusters for an image Inspector does not cover', async () => {
    const uncovered = must(
      findImage(emulator.data, DEMO.images.uncovered.repository, DEMO.images.uncovered.tag),
      'shop/web:1.2.0',
    );
    assert.equal(uncovered.covered, false);
    const out = await client.send(
      new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(uncovered) } }),
    );
    assert.deepEqual(out.cluster, []);
  });

  const digest = `sha256:${'a'.repeat(64)}`;
  const cases: { title: string; input: Record<string, unknown>; field: string; constraint: RegExp }[] = [
    { title: 'no filter', input: { filter: undefined }, field: 'filter', constraint: /must not be null/ },
    { title: 'no resourceId', input: { filter: {} }, field: 'filter.resourceId', constraint: /must not be null/ },
    {
      title: 'a resourceId that is not an ECR ARN',
      input: { filter: { resourceId: 'shop/web:1.4.2' } },
      field: 'filter.resourceId',
      constraint: /regular expression pattern/,
    },
    {
      title: 'a resourceId with an 11-digit account',
      input: { filter: { resourceId: `arn:aws:ecr:us-east-1:11112222333:repository/shop/web/${digest}` } },
      field: 'filter.resourceId',
      constraint: /regular expression pattern/,
    },
    {
      title: 'a digest that is not 64 hex',
      input: { filter: { resourceId: 'arn:aws:ecr:us-east-1:111122223333:repository/shop/web/sha256:abc$' } },
      field: 'filter.resourceId',
      constraint: /regular expression pattern/,
    },
    { title: 'maxResults 0', input: { maxResults: 0 }, field: 'maxResults', constraint: /greater than or equal to 1/ },
    {
      title: 'maxResults 101',
      input: { maxResults: 101 },
      field: 'maxResults',
      constraint: /less than or equal to 100/,
    },
    {
      title: 'an empty nextToken',
      input: { nextToken: '' },
      field: 'nextToken',
      constraint: /length greater than or equal to 1/,
    },
    {
      title: 'a nextToken of 3001 characters',
      input: { nextToken: 'x'.repeat(3001) },
      field: 'nextToken',
      constraint: /length less than or equal to 3000/,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.title} with ValidationException (400, FIELD_VALIDATION_FAILED)`, async () => {
      const input = { filter: { resourceId: imageResourceId(web) }, ...c.input } as GetClustersForImageCommandInput;
      const e = await rejection(client.send(new GetClustersForImageCommand(input)));
      assert.ok(e instanceof ValidationException, `got ${e.name}`);
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.reason, 'FIELD_VALIDATION_FAILED');
      const field = e.fields?.find((f) => f.name === c.field);
      assert.ok(field, `fields name ${c.field}: ${JSON.stringify(e.fields)}`);
      assert.match(field.message ?? '', c.constraint);
      assert.match(e.message, /^\d+ validation errors? detected: /);
    });
  }

  it('reports every violation of one request at once', async () => {
    const input = { filter: { resourceId: 'nope' }, maxResults: 500 } as GetClustersForImageCommandInput;
    const e = await rejection(client.send(new GetClustersForImageCommand(input)));
    assert.ok(e instanceof ValidationException);
    assert.deepEqual(e.fields?.map((f) => f.name).sort(), ['filter.resourceId', 'maxResults']);
    assert.match(e.message, /^2 validation errors detected/);
  });

  it('answers a body that is not JSON, or a member of the wrong type, with reason CANNOT_PARSE', async () => {
    for (const body of ['{"filter":', '{"filter":{"resourceId":"x"},"maxResults":"ten"}', '[1,2]']) {
      const res = await rawAwsRequest(emulator, { path: '/cluster/get', body });
      assert.equal(res.status, 400, body);
      assert.match(res.errorType ?? '', /^ValidationException/);
      assert.equal(res.body.reason, 'CANNOT_PARSE');
      assert.equal(typeof res.body.message, 'string');
    }
  });

  it('rejects a token used with another image, another region, another operation, or tampered with', async () => {
    const first = await client.send(
      new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(base) }, maxResults: 5 }),
    );
    const token = must(first.nextToken, 'a token');
    assert.ok(!token.includes(imageResourceId(base)), 'tokens are opaque');
    const other = { filter: { resourceId: imageResourceId(big) }, nextToken: token };
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const west = inspectorClient(emulator, { region: 'us-west-2' });
    const rejected = [
      () => client.send(new GetClustersForImageCommand(other)),
      () =>
        client.send(
          new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(base) }, nextToken: tampered }),
        ),
      () => client.send(new ListCoverageCommand({ nextToken: token })),
      () =>
        west.send(new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(base) }, nextToken: token })),
    ];
    for (const call of rejected) {
      const e = await rejection(call());
      assert.ok(e instanceof ValidationException, `got ${e.name}`);
      assert.deepEqual(
        e.fields?.map((f) => f.name),
        ['nextToken'],
      );
    }
    west.destroy();
    // The same token with the same query (and another page size) is fine.
    const next = await client.send(
      new GetClustersForImageCommand({
        filter: { resourceId: imageResourceId(base) },
        nextToken: token,
        maxResults: 50,
      }),
    );
    assert.ok((next.cluster ?? []).length > 0);
    assert.notEqual(next.cluster?.[0].clusterArn, first.cluster?.[0].clusterArn);
  });
});

describe('emulator: Inspector2 ListCoverage (real SDK)', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let client: Inspector2Client;

  before(async () => {
    emulator = await startEmulator({ clusters: 10 });
    client = inspectorClient(emulator);
  });
  afterEach(() => emulator.clearRequests());
  after(async () => {
    client.destroy();
    await emulator.close();
  });

  const eq = (value: string) => [{ comparison: 'EQUALS' as const, value }];

  async function covered(input: ListCoverageCommandInput, c = client): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of paginateListCoverage({ client: c, pageSize: 7 }, input)) {
      ids.push(...(page.coveredResources ?? []).map((r) => r.resourceId ?? ''));
    }
    return ids;
  }

  it('maps an ECR repository + tag + account + resource type to the image resourceId', async () => {
    const worker = must(findImage(emulator.data, DEMO.images.worker.repository, DEMO.images.worker.tag), 'worker');
    const out = await client.send(
      new ListCoverageCommand({
        filterCriteria: {
          resourceType: eq('AWS_ECR_CONTAINER_IMAGE'),
          ecrRepositoryName: eq(worker.repository),
          ecrImageTags: eq(DEMO.images.worker.tag),
          accountId: eq(worker.accountId),
        },
      }),
    );
    assert.equal(out.coveredResources?.length, 1);
    const resource = out.coveredResources?.[0];
    assert.equal(resource?.resourceId, imageResourceId(worker));
    assert.equal(resource?.accountId, worker.accountId);
    assert.deepEqual(resource?.resourceMetadata?.ecrImage?.tags, worker.tags);
    assert.equal(resource?.resourceMetadata?.ecrRepository?.name, worker.repository);
    const running = worker.clusters.flatMap((c) => c.clusterDetails).reduce((n, d) => n + (d.runningUnitCount ?? 0), 0);
    assert.equal(resource?.resourceMetadata?.ecrImage?.inUseCount, running);
    assert.ok(resource?.resourceMetadata?.ecrImage?.lastInUseAt instanceof Date);
  });

  it('finds an image by its digest resourceId, and nothing for a tag Inspector does not cover', async () => {
    const web = must(findImage(emulator.data, DEMO.images.web.repository, DEMO.images.web.tag), 'web');
    assert.deepEqual(await covered({ filterCriteria: { resourceId: eq(imageResourceId(web)) } }), [
      imageResourceId(web),
    ]);
    const none = await covered({
      filterCriteria: {
        resourceType: eq('AWS_ECR_CONTAINER_IMAGE'),
        ecrRepositoryName: eq(DEMO.images.uncovered.repository),
        ecrImageTags: eq(DEMO.images.uncovered.tag),
      },
    });
    assert.deepEqual(none, []);
  });

  it('lists the repository too when the resource type is not filtered, and honours NOT_EQUALS', async () => {
    const repo = DEMO.images.worker.repository;
    const all = await covered({ filterCriteria: { ecrRepositoryName: eq(repo) } });
    assert.ok(all.includes(repositoryArn(DEMO.accountId, DEMO.region, repo)));
    const images = await covered({
      filterCriteria: {
        ecrRepositoryName: eq(repo),
        resourceType: [{ comparison: 'NOT_EQUALS', value: 'AWS_ECR_REPOSITORY' }],
      },
    });
    assert.deepEqual(
      images,
      all.filter((id) => id !== repositoryArn(DEMO.accountId, DEMO.region, repo)),
    );
  });

  it('pages through the whole coverage of a region, and only that region', async () => {
    const region = 'us-west-2';
    const images = emulator.data.images.filter((i) => i.covered && i.region === region);
    const repos = new Set(images.map((i) => `${i.accountId}/${i.repository}`));
    const other = emulator.data.otherCoverage.filter((r) => r.region === region);
    const west = inspectorClient(emulator, { region });
    try {
      const ids = await covered({}, west);
      assert.equal(ids.length, images.length + repos.size + other.length);
      assert.equal(new Set(ids).size, ids.length);
      for (const image of images) assert.ok(ids.includes(imageResourceId(image)));
    } finally {
      west.destroy();
    }
  });

  it('narrows by account, and by in-use count and last-in-use date', async () => {
    const region = 'us-east-1';
    const tagged = emulator.data.images.filter((i) => i.covered && i.region === region && i.tags.includes('latest'));
    const ids = await covered({ filterCriteria: { ecrImageTags: eq('latest') } });
    assert.deepEqual(ids.sort(), tagged.map(imageResourceId).sort());
    const account = tagged[0].accountId;
    const mine = await covered({ filterCriteria: { ecrImageTags: eq('latest'), accountId: eq(account) } });
    assert.deepEqual(
      mine.sort(),
      tagged
        .filter((i) => i.accountId === account)
        .map(imageResourceId)
        .sort(),
    );

    const inUse = (i: EcrImageRecord): number =>
      i.clusters.flatMap((c) => c.clusterDetails).reduce((n, d) => n + (d.runningUnitCount ?? 0), 0);
    const demoImages = emulator.data.images.filter((i) => i.covered && i.region === region);
    const busy = await covered({
      filterCriteria: { resourceType: eq('AWS_ECR_CONTAINER_IMAGE'), ecrImageInUseCount: [{ lowerInclusive: 1 }] },
    });
    assert.deepEqual(
      busy.sort(),
      demoImages
        .filter((i) => inUse(i) >= 1)
        .map(imageResourceId)
        .sort(),
    );
    const since = new Date((emulator.data.now - 3600) * 1000);
    const recent = await covered({ filterCriteria: { ecrImageLastInUseAt: [{ startInclusive: since }] } });
    const expected = demoImages.filter((i) =>
      i.clusters.some((c) => c.clusterDetails.some((d) => d.lastInUse >= emulator.data.now - 3600)),
    );
    assert.deepEqual(recent.sort(), expected.map(imageResourceId).sort());
  });

  const invalid: { title: string; input: Record<string, unknown>; field: RegExp }[] = [
    { title: 'maxResults 201', input: { maxResults: 201 }, field: /^maxResults$/ },
    { title: 'maxResults 0', input: { maxResults: 0 }, field: /^maxResults$/ },
    {
      title: 'an unknown comparison',
      input: { filterCriteria: { resourceType: [{ comparison: 'LIKE', value: 'x' }] } },
      field: /^filterCriteria\.resourceType\.1\.member\.comparison$/,
    },
    {
      title: 'an empty value',
      input: { filterCriteria: { ecrImageTags: [{ comparison: 'EQUALS', value: '' }] } },
      field: /^filterCriteria\.ecrImageTags\.1\.member\.value$/,
    },
    {
      title: 'a value of 1025 characters',
      input: { filterCriteria: { ecrImageTags: [{ comparison: 'EQUALS', value: 'v'.repeat(1025) }] } },
      field: /^filterCriteria\.ecrImageTags\.1\.member\.value$/,
    },
    {
      title: 'eleven filters on one field',
      input: {
        filterCriteria: { accountId: Array.from({ length: 11 }, () => ({ comparison: 'EQUALS', value: '1' })) },
      },
      field: /^filterCriteria\.accountId$/,
    },
    {
      title: 'an empty filter list',
      input: { filterCriteria: { accountId: [] } },
      field: /^filterCriteria\.accountId$/,
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.title} with ValidationException`, async () => {
      const e = await rejection(client.send(new ListCoverageCommand(c.input as ListCoverageCommandInput)));
      assert.ok(e instanceof ValidationException, `got ${e.name}`);
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.ok(
        e.fields?.some((f) => c.field.test(f.name ?? '')),
        JSON.stringify(e.fields),
      );
    });
  }
});
