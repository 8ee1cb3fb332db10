/**
 * The emulator's Image Builder operations, driven by the real `@aws-sdk/client-imagebuilder` client and paginators.
 */
import assert from 'node:assert/strict';
import {
  GetLifecycleExecutionCommand,
  GetLifecyclePolicyCommand,
  InvalidPaginationTokenException,
  InvalidRequestException,
  ListLifecycleExecutionResourcesCommand,
  ListLifecycleExecutionsCommand,
  ListLifecyclePoliciesCommand,
  paginateListLifecycleExecutionResources,
  paginateListLifecycleExecutions,
  paginateListLifecyclePolicies,
} from '@aws-sdk/client-imagebuilder';
import type {
  ImagebuilderClient,
  LifecycleExecutionResource,
  ListLifecycleExecutionResourcesCommandInput,
  ListLifecycleExecutionResourcesCommandOutput,
} from '@aws-sdk/client-imagebuilder';
import { imagebuilderClient } from '../emulator/clients';
import {
  allExecutions,
  DEMO,
  findImage,
  GENERATED_POLICY_REGION,
  imageUri,
  startEmulator,
  type Emulator,
  type LifecycleExecutionRecord,
} from '../emulator/index';

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  return assert.fail('expected the call to fail');
}

function must<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is missing from the data set`);
  return value;
}

describe('emulator: Image Builder lifecycle operations (real SDK)', function () {
  this.timeout(20_000);
  let emulator: Emulator;
  let client: ImagebuilderClient;
  let west: ImagebuilderClient;

  const execution = (id: string): LifecycleExecutionRecord =>
    must(allExecutions(emulator.data).find((x) => x.execution.lifecycleExecutionId === id)?.execution, id);

  async function resourcePages(
    input: ListLifecycleExecutionResourcesCommandInput,
    pageSize: number,
    c = client,
  ): Promise<ListLifecycleExecutionResourcesCommandOutput[]> {
    const pages: ListLifecycleExecutionResourcesCommandOutput[] = [];
    for await (const page of paginateListLifecycleExecutionResources({ client: c, pageSize }, input)) pages.push(page);
    return pages;
  }

  before(async () => {
    emulator = await startEmulator({ clusters: 10 });
    client = imagebuilderClient(emulator);
    west = imagebuilderClient(emulator, { region: GENERATED_POLICY_REGION });
  });
  afterEach(() => emulator.clearRequests());
  after(async () => {
    client.destroy();
    west.destroy();
    await emulator.close();
  });

  describe('ListLifecyclePolicies', () => {
    it('lists the demo policies of us-east-1 with their summaries', async () => {
      const names: string[] = [];
      for await (const page of paginateListLifecyclePolicies({ client }, {})) {
        for (const p of page.lifecyclePolicySummaryList ?? []) {
          names.push(p.name ?? '');
          const expected = must(
            emulator.data.lifecyclePolicies.find((x) => x.arn === p.arn),
            p.arn ?? '',
          );
          assert.equal(p.resourceType, expected.resourceType);
          assert.equal(p.status, expected.status);
          assert.equal(p.dateCreated?.getTime(), expected.dateCreated * 1000);
          assert.deepEqual(p.tags, expected.tags);
        }
      }
      assert.deepEqual(names.sort(), [DEMO.policies.ami, DEMO.policies.container, DEMO.policies.containerKept].sort());
    });

    it('pages through more than 25 policies', async () => {
      const expected = emulator.data.lifecyclePolicies.filter((p) => p.region === GENERATED_POLICY_REGION);
      assert.ok(expected.length > 25);
      const arns: string[] = [];
      let pages = 0;
      for await (const page of paginateListLifecyclePolicies({ client: west, pageSize: 25 }, {})) {
        pages++;
        arns.push(...(page.lifecyclePolicySummaryList ?? []).map((p) => p.arn ?? ''));
      }
      assert.ok(pages >= 2);
      assert.deepEqual(
        arns,
        expected.map((p) => p.arn),
      );
    });

    it('filters on name and status', async () => {
      const byName = await client.send(
        new ListLifecyclePoliciesCommand({ filters: [{ name: 'name', values: [DEMO.policies.container] }] }),
      );
      assert.deepEqual(
        byName.lifecyclePolicySummaryList?.map((p) => p.name),
        [DEMO.policies.container],
      );
      const disabled = emulator.data.lifecyclePolicies.filter(
        (p) => p.region === GENERATED_POLICY_REGION && p.status === 'DISABLED',
      );
      const names: string[] = [];
      for await (const page of paginateListLifecyclePolicies(
        { client: west },
        { filters: [{ name: 'status', values: ['DISABLED'] }] },
      )) {
        names.push(...(page.lifecyclePolicySummaryList ?? []).map((p) => p.name ?? ''));
      }
      assert.deepEqual(
        names,
        disabled.map((p) => p.name),
      );
    });

    it('rejects bad filters and page sizes with InvalidRequestException (400)', async () => {
      const bad = [
        { filters: [{ name: 'color', values: ['red'] }] },
        { filters: [{ name: 'na me', values: ['x'] }] },
        { filters: [{ name: 'name', values: [] }] },
        { filters: [] },
        { maxResults: 26 },
        { maxResults: 0 },
        { nextToken: '' },
      ];
      for (const input of bad) {
        const e = await rejection(client.send(new ListLifecyclePoliciesCommand(input)));
        assert.ok(e instanceof InvalidRequestException, `${JSON.stringify(input)}: got ${e.name}`);
        assert.equal(e.$metadata.httpStatusCode, 400);
      }
    });
  });

  describe('ListLifecycleExecutions and GetLifecycleExecution', () => {
    it('lists the runs of a policy newest first, with hasImpactedResources', async () => {
      const policy = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container),
        'container policy',
      );
      const out = await client.send(new ListLifecycleExecutionsCommand({ resourceArn: policy.arn }));
      const runs = out.lifecycleExecutions ?? [];
      assert.deepEqual(
        runs.map((r) => r.lifecycleExecutionId),
        [
          DEMO.executions.containerInProgress,
          DEMO.executions.containerSuccess,
          DEMO.executions.containerFailed,
          DEMO.executions.containerCancelled,
          DEMO.executions.containerNoImpact,
        ].slice(0, runs.length),
      );
      for (const run of runs) {
        const expected = execution(run.lifecycleExecutionId ?? '');
        assert.equal(run.lifecyclePolicyArn, policy.arn);
        assert.equal(run.state?.status, expected.state.status);
        assert.equal(run.resourcesImpactedSummary?.hasImpactedResources, expected.resources.length > 0);
        assert.equal(run.startTime?.getTime(), Math.round(expected.startTime * 1000));
        assert.equal(
          run.endTime?.getTime(),
          expected.endTime === undefined ? undefined : Math.round(expected.endTime * 1000),
        );
      }
    });

    it('pages through 30 runs newest first, every state included', async () => {
      const policy = must(
        emulator.data.lifecyclePolicies.find((p) => p.region === GENERATED_POLICY_REGION && p.executions.length >= 30),
        'a policy with 30 executions',
      );
      const ids: string[] = [];
      for await (const page of paginateListLifecycleExecutions(
        { client: west, pageSize: 10 },
        { resourceArn: policy.arn },
      )) {
        ids.push(...(page.lifecycleExecutions ?? []).map((e) => e.lifecycleExecutionId ?? ''));
      }
      const expected = [...policy.executions].sort((a, b) => b.startTime - a.startTime);
      assert.deepEqual(
        ids,
        expected.map((e) => e.lifecycleExecutionId),
      );
      assert.deepEqual(
        new Set(expected.map((e) => e.state.status)),
        new Set(['IN_PROGRESS', 'CANCELLED', 'CANCELLING', 'FAILED', 'SUCCESS', 'PENDING']),
      );
    });

    it('lists runs newest first whatever order the data set keeps them in', async () => {
      const policy = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container),
        'container policy',
      );
      const expected = [...policy.executions].sort((a, b) => b.startTime - a.startTime);
      emulator.setData({
        ...emulator.data,
        lifecyclePolicies: [{ ...policy, executions: [...expected].reverse() }],
      });
      try {
        const out = await client.send(new ListLifecycleExecutionsCommand({ resourceArn: policy.arn, maxResults: 25 }));
        const ids: string[] = (out.lifecycleExecutions ?? []).map((e) => e.lifecycleExecutionId ?? '');
        assert.deepEqual(ids, expected.map((e) => e.lifecycleExecutionId).slice(0, ids.length));
        assert.ok(ids.length >= 2);
      } finally {
        emulator.reset();
      }
    });

    it('lists the runs that acted on an image when given an image ARN', async () => {
      const out = await client.send(new ListLifecycleExecutionsCommand({ resourceArn: DEMO.amiParentWith60 }));
      assert.deepEqual(
        out.lifecycleExecutions?.map((e) => e.lifecycleExecutionId),
        [DEMO.executions.amiInProgress],
      );
    });

    it('rejects a missing or malformed resourceArn, and a bad maxResults', async () => {
      for (const input of [
        {},
        { resourceArn: 'arn:aws:s3:::bucket' },
        { resourceArn: `arn:aws:imagebuilder:us-east-1:111122223333:lifecycle-policy/UPPER` },
        { resourceArn: DEMO.amiParentWith60, maxResults: 30 },
      ]) {
        const e = await rejection(client.send(new ListLifecycleExecutionsCommand(input as { resourceArn: string })));
        assert.ok(e instanceof InvalidRequestException, `${JSON.stringify(input)}: got ${e.name}`);
        assert.match(e.message, /validation error/);
      }
    });

    it('gets one execution with a GET and a query string', async () => {
      const id = DEMO.executions.containerFailed;
      const out = await client.send(new GetLifecycleExecutionCommand({ lifecycleExecutionId: id }));
      const expected = execution(id);
      assert.equal(out.lifecycleExecution?.lifecycleExecutionId, id);
      assert.deepEqual(out.lifecycleExecution?.state, expected.state);
      assert.equal(out.lifecycleExecution?.resourcesImpactedSummary?.hasImpactedResources, true);
      assert.deepEqual(
        emulator.requests.map((r) => [r.operation, r.input, r.status]),
        [['GetLifecycleExecution', { lifecycleExecutionId: id }, 200]],
      );
    });

    it('answers an unknown, malformed, or other-region id with InvalidRequestException', async () => {
      const unknown = 'lce-00000000-0000-4000-8000-000000000000';
      const calls = [
        () => client.send(new GetLifecycleExecutionCommand({ lifecycleExecutionId: unknown })),
        () => client.send(new GetLifecycleExecutionCommand({ lifecycleExecutionId: 'lce-nope' })),
        () => client.send(new GetLifecycleExecutionCommand({} as { lifecycleExecutionId: string })),
        () => west.send(new GetLifecycleExecutionCommand({ lifecycleExecutionId: DEMO.executions.containerSuccess })),
        () => client.send(new ListLifecycleExecutionResourcesCommand({ lifecycleExecutionId: unknown })),
      ];
      const messages: string[] = [];
      for (const call of calls) {
        const e = await rejection(call());
        assert.ok(e instanceof InvalidRequestException, `got ${e.name}`);
        assert.equal(e.$metadata.httpStatusCode, 400);
        messages.push(e.message);
      }
      assert.match(messages[0], /does not exist/);
      assert.match(messages[1], /regular expression pattern/);
      assert.match(messages[2], /must not be null/);
    });
  });

  describe('ListLifecycleExecutionResources', () => {
    it('returns the top-level resources with the execution id and state on every page', async () => {
      const id = DEMO.executions.containerInProgress;
      const expected = execution(id);
      const pages = await resourcePages({ lifecycleExecutionId: id }, 2);
      assert.ok(pages.length >= 3);
      for (const page of pages) {
        assert.equal(page.lifecycleExecutionId, id);
        assert.deepEqual(page.lifecycleExecutionState, expected.state);
      }
      const resources = pages.flatMap((p) => p.resources ?? []);
      assert.deepEqual(
        resources.map((r) => r.resourceId),
        expected.resources.map((r) => r.resourceId),
      );
    });

    it('shows the story: DELETE on the Image Builder image of shop/worker:0.9.7, whose ECR image still runs', async () => {
      const worker = must(findImage(emulator.data, DEMO.images.worker.repository, DEMO.images.worker.tag), 'worker');
      const uri = imageUri(worker, DEMO.images.worker.tag);
      const resources = (
        await resourcePages({ lifecycleExecutionId: DEMO.executions.containerInProgress }, 25)
      ).flatMap((p) => p.resources ?? []);
      const target = must(
        resources.find((r) => r.imageUris?.includes(uri)),
        'the worker resource',
      );
      assert.equal(target.action?.name, 'DELETE');
      assert.equal(target.resourceId, `arn:aws:imagebuilder:us-east-1:${DEMO.accountId}:image/shop-worker/0.9.7/1`);
      const under = (
        await resourcePages(
          { lifecycleExecutionId: DEMO.executions.containerInProgress, parentResourceId: target.resourceId },
          25,
        )
      ).flatMap((p) => p.resources ?? []);
      assert.ok(
        under.some((r) => r.resourceId === worker.digest && r.region === worker.region),
        'the ECR image by digest',
      );
      const running = worker.clusters
        .flatMap((c) => c.clusterDetails)
        .reduce((n, d) => n + (d.runningUnitCount ?? 0), 0);
      assert.ok(running > 0);
    });

    it('pages through the 60 AMIs of a parent image at 25 per page, snapshots included', async () => {
      const pages = await resourcePages(
        { lifecycleExecutionId: DEMO.executions.amiInProgress, parentResourceId: DEMO.amiParentWith60 },
        25,
      );
      const amis = pages.flatMap((p) => p.resources ?? []);
      assert.equal(amis.length, 60);
      assert.ok(pages.length >= 3);
      assert.ok(amis.every((a) => /^ami-[0-9a-f]{17}$/.test(a.resourceId ?? '')));
      assert.ok(amis.every((a) => (a.snapshots ?? []).length > 0));
      for (const page of pages) assert.equal(page.lifecycleExecutionState?.status, 'IN_PROGRESS');
    });

    it('carries snapshots in every state, with reasons, under the demo AMI policy', async () => {
      const parents = (await resourcePages({ lifecycleExecutionId: DEMO.executions.amiInProgress }, 25)).flatMap(
        (p) => p.resources ?? [],
      );
      const snapshots: LifecycleExecutionResource['snapshots'] = [];
      for (const parent of parents) {
        const pages = await resourcePages(
          { lifecycleExecutionId: DEMO.executions.amiInProgress, parentResourceId: parent.resourceId },
          25,
        );
        for (const ami of pages.flatMap((p) => p.resources ?? [])) snapshots.push(...(ami.snapshots ?? []));
      }
      assert.deepEqual(
        new Set(snapshots.map((s) => s.state?.status)),
        new Set(['FAILED', 'IN_PROGRESS', 'SKIPPED', 'SUCCESS']),
      );
      assert.ok(snapshots.every((s) => /^snap-/.test(s.snapshotId ?? '') && (s.state?.reason ?? '') !== ''));
      assert.deepEqual(
        new Set(parents.map((p) => p.action?.name)),
        new Set(['AVAILABLE', 'DELETE', 'DEPRECATE', 'DISABLE']),
      );
    });

    it('returns nothing under a parent the execution does not have', async () => {
      const out = await client.send(
        new ListLifecycleExecutionResourcesCommand({
          lifecycleExecutionId: DEMO.executions.amiInProgress,
          parentResourceId: 'arn:aws:imagebuilder:us-east-1:111122223333:image/unknown/1.0.0/1',
        }),
      );
      assert.deepEqual(out.resources, []);
      assert.equal(out.nextToken, undefined);
      assert.equal(out.lifecycleExecutionId, DEMO.executions.amiInProgress);
    });

    it('rejects a token issued for another parent, another execution or another operation', async () => {
      const first = await client.send(
        new ListLifecycleExecutionResourcesCommand({
          lifecycleExecutionId: DEMO.executions.amiInProgress,
          parentResourceId: DEMO.amiParentWith60,
          maxResults: 5,
        }),
      );
      const nextToken = must(first.nextToken, 'a token');
      const inputs: ListLifecycleExecutionResourcesCommandInput[] = [
        { lifecycleExecutionId: DEMO.executions.amiInProgress, nextToken },
        { lifecycleExecutionId: DEMO.executions.amiSuccess, parentResourceId: DEMO.amiParentWith60, nextToken },
        {
          lifecycleExecutionId: DEMO.executions.amiInProgress,
          parentResourceId: DEMO.amiParentWith60,
          nextToken: 'not-a-token',
        },
      ];
      const calls = [
        ...inputs.map((input) => () => client.send(new ListLifecycleExecutionResourcesCommand(input))),
        () => client.send(new ListLifecyclePoliciesCommand({ nextToken })),
        () => client.send(new ListLifecycleExecutionsCommand({ resourceArn: DEMO.amiParentWith60, nextToken })),
      ];
      for (const call of calls) {
        const e = await rejection(call());
        assert.ok(e instanceof InvalidPaginationTokenException, `got ${e.name}`);
        assert.equal(e.$metadata.httpStatusCode, 400);
      }
      const same = await client.send(
        new ListLifecycleExecutionResourcesCommand({
          lifecycleExecutionId: DEMO.executions.amiInProgress,
          parentResourceId: DEMO.amiParentWith60,
          nextToken,
        }),
      );
      assert.ok((same.resources ?? []).length > 0);
    });

    it('validates the execution id, parentResourceId, maxResults and token length', async () => {
      const id = DEMO.executions.amiInProgress;
      const bad: [Record<string, unknown>, RegExp][] = [
        [{}, /'lifecycleExecutionId' failed to satisfy constraint: Member must not be null/],
        [{ lifecycleExecutionId: 'lce-123' }, /regular expression pattern/],
        [{ lifecycleExecutionId: id, parentResourceId: '' }, /'parentResourceId'.*greater than or equal to 1/],
        [
          { lifecycleExecutionId: id, parentResourceId: 'p'.repeat(1025) },
          /'parentResourceId'.*less than or equal to 1024/,
        ],
        [{ lifecycleExecutionId: id, maxResults: 26 }, /'maxResults'.*less than or equal to 25/],
        [{ lifecycleExecutionId: id, maxResults: 0 }, /'maxResults'.*greater than or equal to 1/],
        [{ lifecycleExecutionId: id, nextToken: '' }, /'nextToken'.*greater than or equal to 1/],
        [{ lifecycleExecutionId: id, nextToken: 't'.repeat(65536) }, /'nextToken'.*less than or equal to 65535/],
      ];
      for (const [input, message] of bad) {
        const e = await rejection(
          client.send(
            new ListLifecycleExecutionResourcesCommand(input as unknown as ListLifecycleExecutionResourcesCommandInput),
          ),
        );
        assert.ok(e instanceof InvalidRequestException, `${JSON.stringify(input).slice(0, 80)}: got ${e.name}`);
        assert.match(e.message, message);
      }
    });
  });

  describe('Container-image lifecycle policies (WIRE.md)', () => {
    const IMAGE_ARN = /^arn:aws:imagebuilder:[a-z0-9-]+:\d{12}:image\/[a-z0-9-_]+\/\d+\.\d+\.\d+\/\d+$/;
    const ECR_URI = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+(?::[\w.-]+|@sha256:[a-f0-9]{64})$/;

    /** Every container execution of a region, its top-level resources and their associated resources, over the wire. */
    async function containerRuns(c: ImagebuilderClient, region: string) {
      const policies = emulator.data.lifecyclePolicies.filter(
        (p) => p.region === region && p.resourceType === 'CONTAINER_IMAGE',
      );
      const runs: { top: LifecycleExecutionResource; under: LifecycleExecutionResource[] }[] = [];
      for (const policy of policies) {
        for (const e of policy.executions.slice(0, 4)) {
          const id = e.lifecycleExecutionId;
          const top = (await resourcePages({ lifecycleExecutionId: id }, 25, c)).flatMap((p) => p.resources ?? []);
          for (const r of top) {
            const under = (
              await resourcePages({ lifecycleExecutionId: id, parentResourceId: r.resourceId }, 25, c)
            ).flatMap((p) => p.resources ?? []);
            runs.push({ top: r, under });
          }
        }
      }
      return runs;
    }

    for (const [name, region] of [
      ['the demo', 'us-east-1'],
      ['the generated data', GENERATED_POLICY_REGION],
    ] as const) {
      it(`lists Image Builder image ARNs at the top and the ECR images only under them (${name})`, async () => {
        const runs = await containerRuns(region === 'us-east-1' ? client : west, region);
        assert.ok(runs.length >= 5, `${runs.length} container resources`);
        for (const { top, under } of runs) {
          assert.match(top.resourceId ?? '', IMAGE_ARN);
          for (const uri of top.imageUris ?? []) assert.match(uri, ECR_URI);
          assert.ok(under.length >= 1, `${top.resourceId} has its ECR images under it`);
          for (const ecr of under) {
            assert.ok(
              /^sha256:[a-f0-9]{64}$/.test(ecr.resourceId ?? '') || ECR_URI.test(ecr.resourceId ?? ''),
              `an image URI or a digest: ${ecr.resourceId}`,
            );
            assert.ok(ecr.region && ecr.accountId, 'one per ECR distribution (account and region)');
            for (const uri of ecr.imageUris ?? []) assert.match(uri, ECR_URI);
            assert.equal(ecr.action?.name, top.action?.name);
          }
        }
        // Container rules only DELETE; what a run keeps is AVAILABLE.
        assert.deepEqual(new Set(runs.map((r) => r.top.action?.name)), new Set(['DELETE', 'AVAILABLE']));
        assert.ok(
          runs.some((r) => r.under.length > 1),
          'an image distributed to more than one region or account',
        );
        assert.ok(
          runs.some((r) => r.top.imageUris === undefined),
          'an image whose ECR images are named only under it',
        );
      });
    }

    it('keeps SKIPPED (protected by an exclusion rule) with its reason in the demo run', async () => {
      const top = (await resourcePages({ lifecycleExecutionId: DEMO.executions.containerInProgress }, 25)).flatMap(
        (p) => p.resources ?? [],
      );
      const skipped = must(
        top.find((r) => r.state?.status === 'SKIPPED'),
        'a SKIPPED resource',
      );
      assert.equal(skipped.action?.name, 'DELETE');
      assert.match(skipped.state?.reason ?? '', /keep=true/);
    });

    it('GetLifecyclePolicy: a GET with the ARN in the query string returns the rules with includeResources', async () => {
      const container = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container),
        'container policy',
      );
      const out = await client.send(new GetLifecyclePolicyCommand({ lifecyclePolicyArn: container.arn }));
      const policy = must(out.lifecyclePolicy, 'lifecyclePolicy');
      assert.equal(policy.arn, container.arn);
      assert.equal(policy.name, container.name);
      assert.equal(policy.resourceType, 'CONTAINER_IMAGE');
      assert.equal(policy.status, 'ENABLED');
      assert.equal(policy.dateCreated?.getTime(), container.dateCreated * 1000);
      assert.equal(policy.policyDetails?.[0]?.action?.type, 'DELETE');
      assert.equal(policy.policyDetails?.[0]?.action?.includeResources?.containers, true);
      assert.deepEqual(policy.policyDetails?.[0]?.exclusionRules?.tagMap, { keep: 'true' });
      assert.equal(policy.policyDetails?.[0]?.filter?.type, 'AGE');
      assert.deepEqual(
        emulator.requests.map((r) => [r.operation, r.input, r.status]),
        [['GetLifecyclePolicy', { lifecyclePolicyArn: container.arn }, 200]],
      );

      const kept = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.containerKept),
        'kept policy',
      );
      const keptOut = await client.send(new GetLifecyclePolicyCommand({ lifecyclePolicyArn: kept.arn }));
      assert.equal(keptOut.lifecyclePolicy?.policyDetails?.[0]?.action?.includeResources?.containers, false);

      const ami = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.ami),
        'AMI policy',
      );
      const amiOut = await client.send(new GetLifecyclePolicyCommand({ lifecyclePolicyArn: ami.arn }));
      assert.equal(amiOut.lifecyclePolicy?.resourceType, 'AMI_IMAGE');
      const deleteRule = amiOut.lifecyclePolicy?.policyDetails?.find((d) => d.action?.type === 'DELETE');
      assert.deepEqual(deleteRule?.action?.includeResources, { amis: true, snapshots: true });
      assert.deepEqual(amiOut.lifecyclePolicy?.resourceSelection?.recipes, [
        { name: 'golden-al2023', semanticVersion: 'x.x.x' },
      ]);
    });

    it('GetLifecyclePolicy: a missing, malformed, too long, unknown or other-region ARN is InvalidRequestException', async () => {
      const container = must(
        emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container),
        'container policy',
      );
      const cases: [ImagebuilderClient, Record<string, unknown>, RegExp][] = [
        [client, {}, /'lifecyclePolicyArn' failed to satisfy constraint: Member must not be null/],
        [client, { lifecyclePolicyArn: 'arn:aws:s3:::bucket' }, /regular expression pattern/],
        [
          client,
          { lifecyclePolicyArn: `arn:aws:imagebuilder:us-east-1:${DEMO.accountId}:lifecycle-policy/UPPER` },
          /regular expression pattern/,
        ],
        [
          client,
          {
            lifecyclePolicyArn: `arn:aws:imagebuilder:us-east-1:${DEMO.accountId}:lifecycle-policy/${'a'.repeat(1000)}`,
          },
          /less than or equal to 1024/,
        ],
        [
          client,
          { lifecyclePolicyArn: `arn:aws:imagebuilder:us-east-1:${DEMO.accountId}:lifecycle-policy/nope` },
          /does not exist/,
        ],
        [west, { lifecyclePolicyArn: container.arn }, /does not exist/],
      ];
      for (const [c, input, message] of cases) {
        const e = await rejection(
          c.send(new GetLifecyclePolicyCommand(input as unknown as { lifecyclePolicyArn: string })),
        );
        assert.ok(e instanceof InvalidRequestException, `${JSON.stringify(input).slice(0, 80)}: got ${e.name}`);
        assert.equal(e.$metadata.httpStatusCode, 400);
        assert.match(e.message, message);
      }
    });
  });
});
