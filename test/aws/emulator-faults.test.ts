/**
 * Authorization checks, fault injection, the request log and the control API of the emulator, seen through the real
 * SDK clients (and raw `fetch` for what the SDK cannot send).
 */
import assert from 'node:assert/strict';
import { GetLifecycleExecutionCommand, ListLifecycleExecutionResourcesCommand } from '@aws-sdk/client-imagebuilder';
import type { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { GetClustersForImageCommand, Inspector2Client, paginateGetClustersForImage } from '@aws-sdk/client-inspector2';
import { imagebuilderClient, inspectorClient, rawAwsRequest, TEST_CREDENTIALS } from '../emulator/clients';
import {
  DEMO,
  findImage,
  imageResourceId,
  startEmulator,
  type Emulator,
  type FaultKind,
  type FaultSpec,
  type RequestLogEntry,
} from '../emulator/index';
import { rejection } from '../support/assertions';

describe('emulator: authorization, faults, request log, control API', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let inspector: Inspector2Client;
  let imagebuilder: ImagebuilderClient;
  let resourceId: string;

  const getClusters = (client = inspector) => client.send(new GetClustersForImageCommand({ filter: { resourceId } }));
  const getExecution = (client = imagebuilder) =>
    client.send(new GetLifecycleExecutionCommand({ lifecycleExecutionId: DEMO.executions.containerSuccess }));
  const log = (operation: string): RequestLogEntry[] => emulator.requests.filter((r) => r.operation === operation);

  before(async () => {
    emulator = await startEmulator({ clusters: 300 });
    inspector = inspectorClient(emulator);
    imagebuilder = imagebuilderClient(emulator);
    const web = findImage(emulator.data, DEMO.images.web.repository, DEMO.images.web.tag);
    assert.ok(web);
    resourceId = imageResourceId(web);
  });
  afterEach(() => {
    emulator.clearRequests();
    emulator.clearFaults();
  });
  after(async () => {
    inspector.destroy();
    imagebuilder.destroy();
    await emulator.close();
  });

  describe('SigV4 Authorization', () => {
    it('answers a request without Authorization with 403 MissingAuthenticationTokenException', async () => {
      for (const path of ['/cluster/get', '/ListLifecycleExecutionResources']) {
        const res = await rawAwsRequest(emulator, { path, authorization: null });
        assert.equal(res.status, 403);
        assert.equal(res.errorType, 'MissingAuthenticationTokenException');
        assert.equal(res.body.message, 'Missing Authentication Token');
      }
      assert.deepEqual(
        emulator.requests.map((r) => [r.operation, r.status, r.region]),
        [
          ['GetClustersForImage', 403, ''],
          ['ListLifecycleExecutionResources', 403, ''],
        ],
      );
    });

    it('answers a credential scoped to the wrong service with 403 InvalidSignatureException', async () => {
      const toInspector = await rawAwsRequest(emulator, { path: '/cluster/get', service: 'imagebuilder' });
      assert.equal(toInspector.status, 403);
      assert.equal(toInspector.errorType, 'InvalidSignatureException');
      assert.equal(toInspector.body.message, "Credential should be scoped to correct service: 'inspector2'.");
      const toImageBuilder = await rawAwsRequest(emulator, { path: '/ListLifecyclePolicies', service: 'inspector2' });
      assert.equal(toImageBuilder.body.message, "Credential should be scoped to correct service: 'imagebuilder'.");
    });

    it('answers an incomplete or foreign Authorization header with IncompleteSignatureException', async () => {
      for (const authorization of [
        'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/inspector2/aws4_request',
        'AWS4-HMAC-SHA256 Credential=AKID/us-east-1/inspector2, SignedHeaders=host, Signature=' + '0'.repeat(64),
        'Bearer abc',
      ]) {
        const res = await rawAwsRequest(emulator, { path: '/cluster/get', authorization });
        assert.equal(res.status, 403, authorization);
        assert.equal(res.errorType, 'IncompleteSignatureException', authorization);
      }
    });

    it('rejects a region that is not a region name, and accepts any that is', async () => {
      const martian = inspectorClient(emulator, { region: 'mars' });
      const e = await rejection(getClusters(martian));
      martian.destroy();
      assert.equal(e.name, 'InvalidSignatureException');
      assert.equal((e.$metadata as { httpStatusCode?: number }).httpStatusCode, 403);
      const far = inspectorClient(emulator, { region: 'ap-southeast-7' });
      const out = await getClusters(far);
      far.destroy();
      assert.deepEqual(out.cluster, [], 'no data in that region, but a valid answer');
    });

    it('sends no Coral namespace on gateway errors but does on service errors (the SDK reads both)', async () => {
      const res = await rawAwsRequest(emulator, { path: '/cluster/get', body: '{}' });
      assert.equal(res.errorType, 'ValidationException:http://internal.amazon.com/coral/com.amazonaws.inspector2/');
      const e = await rejection(inspector.send(new GetClustersForImageCommand({ filter: { resourceId: 'x' } })));
      assert.equal(e.name, 'ValidationException');
    });
  });

  describe('faults', () => {
    const errors: { kind: FaultKind; inspector: [string, number]; imagebuilder: [string, number] }[] = [
      {
        kind: 'throttle',
        inspector: ['ThrottlingException', 429],
        imagebuilder: ['CallRateLimitExceededException', 429],
      },
      { kind: 'internal', inspector: ['InternalServerException', 500], imagebuilder: ['ServiceException', 500] },
      {
        kind: 'unavailable',
        inspector: ['ServiceUnavailableException', 503],
        imagebuilder: ['ServiceUnavailableException', 503],
      },
      { kind: 'accessDenied', inspector: ['AccessDeniedException', 403], imagebuilder: ['AccessDeniedException', 403] },
      { kind: 'expiredToken', inspector: ['ExpiredTokenException', 403], imagebuilder: ['ExpiredTokenException', 403] },
    ];
    for (const c of errors) {
      it(`${c.kind}: ${c.inspector[0]} / ${c.imagebuilder[0]}, for the next request only when times is 1`, async () => {
        emulator.setFault('GetClustersForImage', { kind: c.kind, times: 1 });
        emulator.setFault('GetLifecycleExecution', { kind: c.kind, times: 1 });
        const a = await rejection(getClusters());
        const b = await rejection(getExecution());
        assert.deepEqual([a.name, (a.$metadata as { httpStatusCode?: number }).httpStatusCode], c.inspector);
        assert.deepEqual([b.name, (b.$metadata as { httpStatusCode?: number }).httpStatusCode], c.imagebuilder);
        assert.ok(a.message.length > 0 && b.message.length > 0);
        await getClusters();
        await getExecution();
        assert.deepEqual(
          emulator.requests.map((r) => [r.operation, r.status, r.fault]),
          [
            ['GetClustersForImage', c.inspector[1], c.kind],
            ['GetLifecycleExecution', c.imagebuilder[1], c.kind],
            ['GetClustersForImage', 200, undefined],
            ['GetLifecycleExecution', 200, undefined],
          ],
        );
      });
    }

    it('throttle sends Retry-After, which the SDK reads as retryAfterSeconds', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'throttle', retryAfterSeconds: 7 });
      const e = await rejection(getClusters());
      assert.equal(e.retryAfterSeconds, 7);
      const raw = await rawAwsRequest(emulator, {
        path: '/cluster/get',
        body: JSON.stringify({ filter: { resourceId } }),
      });
      assert.equal(raw.status, 429);
      assert.equal(raw.headers.get('retry-after'), '7');
    });

    it('throttle:2 succeeds on the third attempt with the default retry strategy', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'throttle', times: 2, retryAfterSeconds: 0 });
      // No maxAttempts and no retryStrategy: the SDK's own defaults (standard mode, 3 attempts).
      const client = new Inspector2Client({
        endpoint: emulator.url,
        region: 'us-east-1',
        credentials: TEST_CREDENTIALS,
      });
      const out = await getClusters(client);
      client.destroy();
      assert.ok((out.cluster ?? []).length > 0);
      assert.equal(out.$metadata.attempts, 3);
      assert.deepEqual(
        log('GetClustersForImage').map((r) => [r.status, r.attempt]),
        [
          [429, 1],
          [429, 2],
          [200, 3],
        ],
      );
    });

    it('an unlimited throttle exhausts the SDK retries: three requests, then the error', async () => {
      emulator.setFault('ListLifecycleExecutionResources', { kind: 'throttle', retryAfterSeconds: 0 });
      const client = imagebuilderClient(emulator, { maxAttempts: 3 });
      const e = await rejection(
        client.send(new ListLifecycleExecutionResourcesCommand({ lifecycleExecutionId: DEMO.executions.amiSuccess })),
      );
      client.destroy();
      assert.equal(e.name, 'CallRateLimitExceededException');
      assert.equal(log('ListLifecycleExecutionResources').length, 3);
    });

    it('latency delays the answer; a caller that stops waiting gets an AbortError', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'latency', ms: 50, times: 1 });
      const out = await getClusters();
      assert.ok((out.cluster ?? []).length > 0);
      emulator.setFault('GetClustersForImage', { kind: 'latency', ms: 20_000 });
      const impatient = inspectorClient(emulator);
      const controller = new AbortController();
      const pending = rejection(
        impatient.send(new GetClustersForImageCommand({ filter: { resourceId } }), { abortSignal: controller.signal }),
      );
      // Without the fault the answer would be back long before this; with it, the call is still waiting.
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      const e = await pending;
      impatient.destroy();
      assert.match(e.name, /AbortError/);
      assert.deepEqual(
        log('GetClustersForImage').map((r) => r.fault),
        ['latency'],
      );
    });

    it('drop closes the connection: the SDK fails with a network error, and recovers by retrying', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'drop', times: 1 });
      const e = await rejection(getClusters());
      assert.match(`${String(e.code)} ${e.message}`, /ECONNRESET|socket hang up/);
      emulator.setFault('GetClustersForImage', { kind: 'drop', times: 2 });
      const client = inspectorClient(emulator, { maxAttempts: 3 });
      const out = await getClusters(client);
      client.destroy();
      assert.ok((out.cluster ?? []).length > 0);
      assert.deepEqual(
        log('GetClustersForImage').map((r) => r.status),
        [0, 0, 0, 200],
      );
    });

    it('malformed answers 200 with a broken JSON body, which the SDK cannot read', async () => {
      emulator.setFault('GetLifecycleExecution', { kind: 'malformed', times: 1 });
      const e = await rejection(getExecution());
      assert.match(e.message, /Deserialization|JSON/);
      assert.equal((e.$response as { statusCode?: number } | undefined)?.statusCode, 200);
      const ok = await getExecution();
      assert.equal(ok.lifecycleExecution?.lifecycleExecutionId, DEMO.executions.containerSuccess);
    });

    it('tokenLoop returns the same nextToken forever; the paginator stops only with stopOnSameToken', async () => {
      const base = findImage(emulator.data, DEMO.images.base.repository, DEMO.images.base.tag);
      assert.ok(base);
      const filter = { resourceId: imageResourceId(base) };
      emulator.setFault('GetClustersForImage', { kind: 'tokenLoop' });
      const first = await inspector.send(new GetClustersForImageCommand({ filter, maxResults: 10 }));
      const token: string = first.nextToken ?? assert.fail('the first page has a token');
      for (let i = 0; i < 3; i++) {
        const again = await inspector.send(
          new GetClustersForImageCommand({ filter, maxResults: 10, nextToken: token }),
        );
        assert.equal(again.nextToken, token);
      }
      let pages = 0;
      for await (const _page of paginateGetClustersForImage(
        { client: inspector, pageSize: 10, stopOnSameToken: true },
        { filter },
      )) {
        pages++;
        if (pages > 10) break;
      }
      assert.ok(pages <= 3, `the paginator ran ${pages} pages`);
      // Even a one-page answer gets a token under the fault.
      const small = await getClusters();
      assert.ok(small.nextToken);
    });

    it('* applies to every operation; an operation of its own wins', async () => {
      emulator.setFault('*', { kind: 'internal' });
      emulator.setFault('GetLifecycleExecution', { kind: 'accessDenied' });
      assert.equal((await rejection(getClusters())).name, 'InternalServerException');
      assert.equal((await rejection(getExecution())).name, 'AccessDeniedException');
      emulator.clearFaults();
      await getClusters();
    });

    it('faults can be given at start, and an unknown operation or fault is refused clearly', async () => {
      const other = await startEmulator({
        clusters: 1,
        faults: { GetClustersForImage: { kind: 'internal', times: 1 } },
      });
      const client = inspectorClient(other);
      try {
        assert.equal((await rejection(getClusters(client))).name, 'InternalServerException');
        await getClusters(client);
      } finally {
        client.destroy();
        await other.close();
      }
      assert.throws(() => emulator.setFault('GetClusters', { kind: 'internal' }), /Unknown operation 'GetClusters'/);
      assert.throws(
        () => emulator.setFault('GetClustersForImage', { kind: 'boom' } as unknown as FaultSpec),
        /Fault kind must be one of/,
      );
      assert.throws(() => emulator.setFault('GetClustersForImage', { kind: 'latency' }), /needs ms/);
    });
  });

  describe('request log and control API', () => {
    const control = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${emulator.url}/__emulator${path}`, {
        method,
        ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('logs each request with operation, service, region, input and status', async () => {
      await getClusters();
      await rejection(inspector.send(new GetClustersForImageCommand({ filter: { resourceId }, maxResults: 0 })));
      await imagebuilder.send(
        new ListLifecycleExecutionResourcesCommand({ lifecycleExecutionId: DEMO.executions.amiSuccess, maxResults: 3 }),
      );
      assert.deepEqual(
        emulator.requests.map(({ operation, service, region, input, status }) => ({
          operation,
          service,
          region,
          input,
          status,
        })),
        [
          {
            operation: 'GetClustersForImage',
            service: 'inspector2',
            region: 'us-east-1',
            input: { filter: { resourceId } },
            status: 200,
          },
          {
            operation: 'GetClustersForImage',
            service: 'inspector2',
            region: 'us-east-1',
            input: { filter: { resourceId }, maxResults: 0 },
            status: 400,
          },
          {
            operation: 'ListLifecycleExecutionResources',
            service: 'imagebuilder',
            region: 'us-east-1',
            input: { lifecycleExecutionId: DEMO.executions.amiSuccess, maxResults: 3 },
            status: 200,
          },
        ],
      );
      assert.ok(emulator.requests.every((r) => typeof r.time === 'number' && r.time > 0));
      emulator.clearRequests();
      assert.equal(emulator.requests.length, 0);
    });

    it('does not log, after a clear, a request that arrived before it', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'latency', ms: 800, times: 1 });
      const slow = getClusters();
      await new Promise((resolve) => setTimeout(resolve, 200));
      emulator.clearRequests();
      await slow;
      await getExecution();
      assert.deepEqual(
        emulator.requests.map((r) => r.operation),
        ['GetLifecycleExecution'],
      );
    });

    it('serves the log over HTTP, filtered by operation, and clears it', async () => {
      await getClusters();
      await getExecution();
      const all = await control('GET', '/requests');
      assert.equal((all.body.requests as unknown[]).length, 2);
      const one = await control('GET', '/requests?operation=GetLifecycleExecution');
      assert.deepEqual(
        (one.body.requests as RequestLogEntry[]).map((r) => [r.operation, r.status]),
        [['GetLifecycleExecution', 200]],
      );
      await control('DELETE', '/requests');
      assert.equal(emulator.requests.length, 0);
    });

    it('sets, lists and clears faults over HTTP, in JSON or in the CLI syntax', async () => {
      const set = await control('PUT', '/faults/GetClustersForImage', 'throttle:1');
      assert.equal(set.status, 200);
      assert.deepEqual(set.body.faults, { GetClustersForImage: { kind: 'throttle', times: 1 } });
      assert.equal((await rejection(getClusters())).name, 'ThrottlingException');
      await getClusters();
      await control('PUT', '/faults/GetLifecycleExecution', { kind: 'internal' });
      assert.deepEqual((await control('GET', '/faults')).body.faults, { GetLifecycleExecution: { kind: 'internal' } });
      await control('DELETE', '/faults/GetLifecycleExecution');
      await getExecution();
      await control('PUT', '/faults/*', 'expired');
      await control('DELETE', '/faults');
      await getExecution();
      const bad = await control('PUT', '/faults/Nope', 'throttle');
      assert.equal(bad.status, 400);
      assert.match(String(bad.body.message), /Unknown operation 'Nope'/);
      const badFault = await control('PUT', '/faults/GetClustersForImage', 'explode:3');
      assert.equal(badFault.status, 400);
      assert.match(String(badFault.body.message), /Unknown fault 'explode:3'/);
    });

    it('describes itself, resets state, and answers unknown control paths with 404', async () => {
      const info = await control('GET', '');
      assert.equal(info.body.url, emulator.url);
      assert.deepEqual(info.body.endpoints, emulator.endpoints);
      emulator.setFault('GetClustersForImage', { kind: 'internal' });
      await rejection(getClusters());
      const reset = await control('POST', '/reset');
      assert.equal(reset.status, 200);
      assert.equal(emulator.requests.length, 0);
      await getClusters();
      assert.equal((await control('GET', '/nothing')).status, 404);
    });

    it('replaces the data set with a checked fixture, and reports a bad one with its path', async () => {
      const fixture = {
        now: 1_800_000_000,
        images: [
          {
            accountId: '999988887777',
            region: 'us-east-1',
            repository: 'fixture/app',
            tags: ['1.0.0'],
            clusters: [
              {
                clusterArn: 'arn:aws:ecs:us-east-1:999988887777:cluster/fixture',
                clusterDetails: [
                  {
                    lastInUse: '2027-01-15T08:00:00Z',
                    runningUnitCount: 1,
                    clusterMetadata: {
                      awsEcsMetadataDetails: {
                        detailsGroup: 'service:app',
                        taskDefinitionArn: 'arn:aws:ecs:us-east-1:999988887777:task-definition/app:1',
                      },
                    },
                  },
                ],
              },
            ],
          },
        ],
      };
      try {
        const put = await control('PUT', '/data', fixture);
        assert.equal(put.status, 200);
        const image = emulator.data.images[0];
        const out = await inspector.send(
          new GetClustersForImageCommand({ filter: { resourceId: imageResourceId(image) } }),
        );
        assert.deepEqual(
          out.cluster?.map((c) => c.clusterArn),
          ['arn:aws:ecs:us-east-1:999988887777:cluster/fixture'],
        );
        assert.equal(out.cluster?.[0].clusterDetails?.[0].lastInUse?.toISOString(), '2027-01-15T08:00:00.000Z');
        const bad = await control('PUT', '/data', { images: [{ region: 'us-east-1', repository: 'x' }] });
        assert.equal(bad.status, 400);
        assert.match(String(bad.body.message), /images\[0\]\.accountId/);
      } finally {
        await control('POST', '/reset');
      }
      assert.ok(findImage(emulator.data, DEMO.images.web.repository, DEMO.images.web.tag), 'reset restores the data');
    });
  });
});
