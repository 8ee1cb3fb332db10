/**
 * ImageUsageService (what the Dockerfile hover and CodeLens ask) over the real AWS layer and SDK against the emulator:
 * which requests a lookup makes, that the cache and shared in-flight lookups keep the request count at one lookup per
 * distinct image, that a cancelled caller aborts the request only when nobody else waits for it, "100+" for an image
 * with more clusters than one page, images Inspector does not cover, and errors.
 */
import * as assert from 'node:assert/strict';
import type { AwsAccess } from '../../src/aws/access';
import { toFootprintError } from '../../src/aws/errors';
import type { AwsApi, AwsTarget, ClusterInfo, GetClustersForImageRequest, Page } from '../../src/aws/types';
import { usageHoverMarkdown } from '../../src/dockerfile/usageMarkdown';
import { summarizeClusters } from '../../src/inspector/clusterModel';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import { ImageUsageService, type ImageUsage } from '../../src/inspector/imageUsage';
import { DEMO, demoDigest, findImage, imageResourceId, parseFault, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

/** An image URI of the demo registry, by tag or (with `digest`) by the demo digest of that tag. */
function demoRef(repository: string, tag: string, digest = false): EcrImageRef {
  const parsed = parseEcrImage(
    `${DEMO.registry}/${repository}${digest ? `@${demoDigest(repository, tag)}` : `:${tag}`}`,
  );
  assert.ok(parsed.ok);
  return parsed.ref;
}

interface ClustersCall {
  readonly signal?: AbortSignal;
  outcome?: 'answered' | 'failed';
}

/** The real AWS layer, recording the signal and the outcome of every GetClustersForImage call. */
function recordingApi(api: AwsApi, calls: ClustersCall[]): AwsApi {
  return {
    ...api,
    dispose: () => api.dispose(),
    async getClustersForImage(
      target: AwsTarget,
      req: GetClustersForImageRequest,
      signal?: AbortSignal,
    ): Promise<Page<ClusterInfo>> {
      const call: ClustersCall = { signal };
      calls.push(call);
      try {
        const page = await api.getClustersForImage(target, req, signal);
        call.outcome = 'answered';
        return page;
      } catch (err) {
        call.outcome = 'failed';
        throw err;
      }
    },
  };
}

describe('ImageUsageService against the emulator (hover and CodeLens lookups)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let api: AwsApi;
  let calls: ClustersCall[];

  const operations = (): string[] => emulator.requests.map((r) => r.operation);

  function service(options: { maxPages?: number; ttlMs?: number } = {}, now?: () => number): ImageUsageService {
    const access: AwsAccess = {
      api: recordingApi(api, calls),
      target: async (region) => ({ region: region ?? DEMO.region, endpoints: emulator.endpoints }),
      context: (service, operation, target) => ({
        service,
        operation,
        region: target?.region ?? DEMO.region,
        endpoint: emulator.url,
      }),
      toError: toFootprintError,
    };
    return new ImageUsageService(access, options, now);
  }

  useEmulator({
    emulator: { dataset: 'demo' },
    started: (suite) => {
      ({ emulator, api } = suite);
    },
  });

  beforeEach(() => {
    calls = [];
  });

  it('a tag: ListCoverage then GetClustersForImage, summarised as the emulator data says', async () => {
    const usage = await service().usage(demoRef('shop/web', '1.4.2'));
    assert.deepEqual(operations(), ['ListCoverage', 'GetClustersForImage']);
    assert.equal(usage.kind, 'covered', JSON.stringify(usage));
    const record = findImage(emulator.data, 'shop/web', '1.4.2');
    assert.ok(record);
    assert.equal(usage.resourceId, imageResourceId(record));
    assert.equal(usage.more, false);
    const s = usage.summary;
    assert.deepEqual([s.clusters, s.ecs, s.eks], [3, 2, 1]);
    const sum = (key: 'runningUnitCount' | 'stoppedUnitCount'): number =>
      record.clusters.flatMap((c) => c.clusterDetails).reduce((n, d) => n + (d[key] ?? 0), 0);
    assert.deepEqual([s.running, s.stopped], [sum('runningUnitCount'), sum('stoppedUnitCount')]);
    assert.deepEqual([s.running, s.stopped], [23, 8]);
  });

  it('a digest: GetClustersForImage only', async () => {
    const usage = await service().usage(demoRef('shop/api', '2.0.0', true));
    assert.deepEqual(operations(), ['GetClustersForImage']);
    assert.equal(usage.kind, 'covered');
    assert.deepEqual([usage.summary.clusters, usage.summary.eks], [2, 2]);
  });

  it('a repeated lookup is served from the cache with no request; clear() (Refresh) asks again', async () => {
    const usage = service();
    const ref = demoRef('shop/web', '1.4.2');
    const first = await usage.usage(ref);
    const requests = emulator.requests.length;
    assert.equal(requests, 2);
    for (let i = 0; i < 10; i++) assert.deepEqual(await usage.usage(ref), first);
    assert.ok(usage.peek(ref));
    assert.equal(emulator.requests.length, requests, 'served from the cache');
    usage.clear();
    assert.equal(usage.peek(ref), undefined);
    await usage.usage(ref);
    assert.equal(emulator.requests.length, 2 * requests, 'after clear() the image is looked up again');
  });

  it('an answer older than the cache lifetime is asked for again', async () => {
    let now = 1_000_000;
    const usage = service({ ttlMs: 60_000 }, () => now);
    const ref = demoRef('shop/api', '2.0.0', true);
    await usage.usage(ref);
    now += 59_000;
    await usage.usage(ref);
    assert.equal(emulator.requests.length, 1);
    now += 2_000;
    await usage.usage(ref);
    assert.equal(emulator.requests.length, 2);
  });

  it('50 lookups over 5 distinct images, at once and then again, make one lookup per image', async () => {
    const usage = service();
    const images = [
      demoRef('shop/web', '1.4.2'),
      demoRef('shop/api', '2.0.0'),
      demoRef('shop/worker', '0.9.7'),
      demoRef('shop/web', '1.3.0', true),
      demoRef(DEMO.images.base.repository, DEMO.images.base.tag),
    ];
    const perImage = [2, 2, 2, 1, 2]; // a tag needs ListCoverage first; a digest does not
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => usage.usage(images[i % 5]!)));
    assert.ok(all.every((u) => u.kind === 'covered'));
    const expected = perImage.reduce((a, b) => a + b, 0);
    assert.equal(emulator.requests.length, expected, operations().join(', '));
    for (let i = 0; i < 50; i++) await usage.usage(images[(i * 3) % 5]!);
    assert.equal(emulator.requests.length, expected);
  });

  it('a hover dismissed while the request is slow aborts the request, and the next hover asks again', async () => {
    emulator.setFault('GetClustersForImage', parseFault('latency:2000'));
    const usage = service();
    const ref = demoRef('shop/web', '1.4.2', true);
    const controller = new AbortController();
    const started = Date.now();
    const pending = usage.usage(ref, controller.signal);
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const answer = await pending;
    assert.equal(answer.kind, 'error');
    assert.equal(answer.error.kind, 'cancelled');
    assert.ok(Date.now() - started < 1500, 'the caller did not wait for the slow answer');
    assert.equal(calls[0]!.signal?.aborted, true, 'the request was aborted');
    while (calls[0]!.outcome === undefined) await new Promise((r) => setTimeout(r, 10));
    assert.equal(calls[0]!.outcome, 'failed', 'the HTTP request ended without an answer');
    assert.equal(usage.peek(ref), undefined, 'nothing cancelled is cached');

    emulator.setFault('GetClustersForImage', undefined);
    const again = await usage.usage(ref);
    assert.equal(again.kind, 'covered');
    assert.equal(calls.length, 2);
  });

  it('a hover dismissed while another caller still waits keeps the request alive for that caller', async () => {
    emulator.setFault('GetClustersForImage', parseFault('latency:800'));
    const usage = service();
    const ref = demoRef('shop/web', '1.4.2', true);
    const first = new AbortController();
    const second = new AbortController();
    const dismissed = usage.usage(ref, first.signal);
    const waiting = usage.usage(ref, second.signal);
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    first.abort();
    const cancelled = await dismissed;
    assert.equal(cancelled.kind === 'error' && cancelled.error.kind, 'cancelled');
    const answer = await waiting;
    assert.equal(answer.kind, 'covered');
    assert.equal(calls.length, 1, 'one request for both callers');
    assert.equal(calls[0]!.signal?.aborted, false);
    assert.equal(calls[0]!.outcome, 'answered');
    assert.deepEqual(await usage.usage(ref), answer, 'and its answer is cached');
    assert.equal(calls.length, 1);
  });

  it('an image on more clusters than one page: the first page only, "100+" in the hover', async () => {
    const ref = demoRef(DEMO.images.base.repository, DEMO.images.base.tag);
    const record = findImage(emulator.data, DEMO.images.base.repository, DEMO.images.base.tag);
    assert.ok(record && record.clusters.length > 100, 'the base image has more than 100 clusters');
    const usage = await service().usage(ref);
    assert.equal(usage.kind, 'covered');
    assert.equal(usage.more, true);
    assert.ok(usage.clusters.length <= 100 && usage.clusters.length > 0);
    assert.deepEqual(operations(), ['ListCoverage', 'GetClustersForImage']);
    const markdown = usageHoverMarkdown(ref, usage);
    assert.match(markdown, new RegExp(`\\*\\*${usage.clusters.length}\\+ clusters\\*\\*`));
  });

  it('following the pages (bounded by maxPages) counts every cluster of the image', async () => {
    const ref = demoRef(DEMO.images.base.repository, DEMO.images.base.tag, true);
    const record = findImage(emulator.data, DEMO.images.base.repository, DEMO.images.base.tag);
    assert.ok(record);
    const usage = await service({ maxPages: 20 }).usage(ref);
    assert.equal(usage.kind, 'covered');
    assert.equal(usage.more, false);
    assert.equal(usage.summary.clusters, record.clusters.length);
    assert.equal(new Set(usage.clusters.map((c) => c.clusterArn)).size, record.clusters.length);
    assert.deepEqual(usage.summary, summarizeClusters(usage.clusters));
    assert.equal(operations().length, calls.length);
    assert.ok(calls.length >= Math.ceil(record.clusters.length / 100));
  });

  it('a tag Inspector does not cover (or that does not exist): notCovered, after ListCoverage only', async () => {
    const usage = service();
    for (const tag of [DEMO.images.uncovered.tag, '9.9.9']) {
      const answer = await usage.usage(demoRef('shop/web', tag));
      assert.equal(answer.kind, 'notCovered', tag);
      assert.equal(answer.label, `shop/web:${tag}`);
    }
    assert.deepEqual(operations(), ['ListCoverage', 'ListCoverage']);
    assert.match(
      usageHoverMarkdown(demoRef('shop/web', '1.2.0'), { kind: 'notCovered', label: 'shop/web:1.2.0' }),
      /Not covered by Inspector/,
    );
  });

  it('a digest no cluster reports: ListCoverage tells "not covered" from "not in use"', async () => {
    const usage = service();
    const unknown = parseEcrImage(`${DEMO.registry}/shop/web@sha256:${'0'.repeat(64)}`);
    assert.ok(unknown.ok);
    const answer = await usage.usage(unknown.ref);
    assert.equal(answer.kind, 'notCovered');
    assert.deepEqual(operations(), ['GetClustersForImage', 'ListCoverage']);
    emulator.clearRequests();
    const running = await usage.usage(demoRef('shop/web', '1.4.2', true));
    assert.equal(running.kind, 'covered');
    assert.deepEqual(operations(), ['GetClustersForImage'], 'no ListCoverage when clusters answer');
  });

  it('access denied: an error a user can act on, in one line of the hover, and not cached', async () => {
    emulator.setFault('GetClustersForImage', parseFault('denied'));
    const usage = service();
    const ref = demoRef('shop/web', '1.4.2');
    const answer = await usage.usage(ref);
    assert.equal(answer.kind, 'error');
    assert.equal(answer.error.kind, 'accessDenied');
    const line = usageHoverMarkdown(ref, answer)
      .split('\n')
      .find((l) => l.includes('Access denied'));
    assert.ok(line);
    assert.match(line, /inspector2\\:GetClustersForImage/); // escaped Markdown
    emulator.setFault('GetClustersForImage', undefined);
    const retried = await usage.usage(ref);
    assert.equal(retried.kind, 'covered', 'the error was not cached');
  });

  it('a throttled ListCoverage that does not clear is reported as throttled', async () => {
    emulator.setFault('ListCoverage', parseFault('throttle'));
    const answer: ImageUsage = await service().usage(demoRef('shop/web', '1.4.2'));
    assert.equal(answer.kind === 'error' && answer.error.kind, 'throttled');
    assert.ok(operations().every((o) => o === 'ListCoverage'));
  });
});
