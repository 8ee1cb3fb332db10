/**
 * The lifecycle index (what recent container lifecycle runs did to ECR images) and the Problems words built from it,
 * over the real AWS layer and SDK against the emulator: the demo story, the requests it makes and those it does not,
 * an image deleted while it runs, throttling, access denied, a policy with hundreds of resources, and a tag that moved.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AwsAccess } from '../../src/aws/access';
import { toFootprintError } from '../../src/aws/errors';
import type { AwsApi } from '../../src/aws/types';
import {
  buildRegionIndex,
  DEFAULT_INDEX_OPTIONS,
  fateOf,
  fateProblem,
  imageToCheck,
  isRemoval,
  type LifecycleIndexOptions,
  type LifecycleIndexSource,
  type RegionIndex,
} from '../../src/imagebuilder/lifecycleIndex';
import { findImageReferences } from '../../src/dockerfile/references';
import { hoverSubject } from '../../src/dockerfile/usageMarkdown';
import { parseEcrImage, type EcrImageRef } from '../../src/inspector/imageRef';
import { ImageUsageService } from '../../src/inspector/imageUsage';
import {
  DEMO,
  demoDigest,
  imageUri,
  type EcrImageRecord,
  type Emulator,
  type EmulatorData,
  type LifecycleResourceRecord,
} from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

function ref(text: string): EcrImageRef {
  const parsed = parseEcrImage(text);
  assert.ok(parsed.ok, text);
  return parsed.ref;
}
const byTag = (repository: string, tag: string): EcrImageRef => ref(`${DEMO.registry}/${repository}:${tag}`);
const byDigest = (repository: string, tag: string): EcrImageRef =>
  ref(`${DEMO.registry}/${repository}@${demoDigest(repository, tag)}`);

describe('lifecycle index against the emulator (real SDK)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: AwsApi;
  let inFlight = 0;
  let maxInFlight = 0;

  const target = (region: string) => ({ region, endpoints: emulator.endpoints });
  const counted = async <T>(task: () => Promise<T>): Promise<T> => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      return await task();
    } finally {
      inFlight--;
    }
  };
  const source: () => LifecycleIndexSource = () => ({
    listPolicies: (region, token, signal) =>
      counted(() => api.listLifecyclePolicies(target(region), { maxResults: 25, nextToken: token }, signal)),
    listExecutions: (region, arn, token, signal) =>
      counted(() =>
        api.listLifecycleExecutions(target(region), { resourceArn: arn, maxResults: 25, nextToken: token }, signal),
      ),
    listResources: (region, id, parent, token, signal) =>
      counted(() =>
        api.listLifecycleExecutionResources(
          target(region),
          { lifecycleExecutionId: id, parentResourceId: parent, maxResults: 25, nextToken: token },
          signal,
        ),
      ),
    policy: (region, arn, signal) => counted(() => api.getLifecyclePolicy(target(region), arn, signal)),
  });
  const options = (over: Partial<LifecycleIndexOptions> = {}): LifecycleIndexOptions => ({
    ...DEFAULT_INDEX_OPTIONS,
    now: emulator.data.now * 1000,
    ...over,
  });
  const build = (over: Partial<LifecycleIndexOptions> = {}): Promise<RegionIndex> =>
    buildRegionIndex(source(), DEMO.region, options(over), new AbortController().signal);
  const usageService = (): ImageUsageService => {
    const access: AwsAccess = {
      api,
      target: async (region) => target(region ?? DEMO.region),
      context: (service, operation, t) => ({ service, operation, region: t?.region ?? DEMO.region }),
      toError: toFootprintError,
    };
    return new ImageUsageService(access);
  };
  const problemOf = async (index: RegionIndex, r: EcrImageRef) => {
    const found = fateOf(index.fates, r);
    if (!found) return undefined;
    const usage = usageService();
    const current = found.match === 'tag' && found.fate.image.digest ? await usage.usage(r) : undefined;
    return fateProblem(found, r, await usage.usage(imageToCheck(found, r)), current);
  };
  const data = (): EmulatorData => structuredClone(emulator.data);

  useEmulator({
    emulator: { dataset: 'demo', clusters: 10 },
    started: (suite) => {
      ({ emulator, api } = suite);
    },
  });

  beforeEach(() => {
    maxInFlight = 0;
  });

  it('the demo story: deleted, being deleted while it runs, kept by the policy; skipped and available raise nothing', async () => {
    const index = await build();
    assert.equal(index.partial, false);
    assert.equal(index.policies, 2, 'the two CONTAINER_IMAGE policies; the AMI policy is filtered out here');

    const deleted = await problemOf(index, byTag('shop/web', '1.3.0'));
    assert.ok(deleted);
    assert.equal(deleted.severity, 'warning');
    assert.match(
      deleted.message,
      new RegExp(
        `^Deleted by lifecycle policy shop-container-retention on \\d{1,2} [A-Z][a-z]{2} \\d{4} \\(${DEMO.executions.containerInProgress}\\): pulling it fails\\. Matched by tag 1\\.3\\.0`,
      ),
    );

    const worker = await problemOf(index, byTag('shop/worker', '0.9.7'));
    assert.ok(worker);
    assert.equal(worker.severity, 'warning', 'a DELETE in progress of an image that runs');
    assert.match(worker.message, /^Being deleted by lifecycle policy shop-container-retention since/);
    assert.match(worker.message, /Still running in 1 cluster: new tasks will not be able to pull it/);

    const api2 = await problemOf(index, byDigest('shop/api', '2.0.0'));
    assert.ok(api2);
    assert.equal(api2.severity, 'information');
    assert.match(api2.message, /shop-builder-cleanup .*the policy keeps the ECR image.*Matched by digest\./);

    assert.equal(fateOf(index.fates, byTag('shop/web', '1.4.2')), undefined, 'AVAILABLE');
    assert.equal(fateOf(index.fates, byTag('shop/api', '1.9.0')), undefined, 'SKIPPED');
    // A digest reference never matches a fate by its tag.
    assert.equal(fateOf(index.fates, ref(`${DEMO.registry}/shop/web@sha256:${'0'.repeat(64)}`)), undefined);
  });

  it('the demo workspace names an image the demo policy deleted (what `npm run demo` shows in Problems)', async () => {
    const text = readFileSync(path.join(__dirname, '..', '..', 'demo', 'workspace', 'Dockerfile'), 'utf8');
    const refs = findImageReferences(text).flatMap((r) => {
      const subject = hoverSubject(r);
      return subject.kind === 'ecr' ? [subject.ref] : [];
    });
    const index = await build();
    const removed = refs.filter((r) => {
      const found = fateOf(index.fates, r);
      return found !== undefined && isRemoval(found.fate);
    });
    assert.ok(removed.length >= 1, 'at least one deleted-but-referenced image');
  });

  it('makes only Image Builder list/get requests, within the 14-day window, at most 3 at once', async () => {
    await build();
    const ops = emulator.requests.map((r) => r.operation);
    assert.deepEqual([...new Set(ops)].sort(), [
      'GetLifecyclePolicy',
      'ListLifecycleExecutionResources',
      'ListLifecycleExecutions',
      'ListLifecyclePolicies',
    ]);
    assert.equal(ops.filter((o) => o === 'GetLifecyclePolicy').length, 2, 'one per container policy that acted');
    const listed = emulator.requests
      .filter((r) => r.operation === 'ListLifecycleExecutionResources')
      .map((r) => (r.input as { lifecycleExecutionId?: string }).lifecycleExecutionId);
    assert.ok(!listed.includes(DEMO.executions.containerCancelled), 'a run of 15 days ago is outside the window');
    assert.ok(!listed.includes(DEMO.executions.containerNoImpact));
    assert.ok(listed.includes(DEMO.executions.containerFailed), 'a run of 8 days ago is read');
    const executionsOf = emulator.requests
      .filter((r) => r.operation === 'ListLifecycleExecutions')
      .map((r) => (r.input as { resourceArn?: string }).resourceArn ?? '');
    assert.ok(
      executionsOf.every((arn) => !arn.includes(DEMO.policies.ami)),
      'AMI policies: no executions read',
    );
    assert.ok(maxInFlight <= 3, `at most 3 requests at once, saw ${maxInFlight}`);
  });

  it('an image deleted while it still runs is an error that says where', async () => {
    const next = data();
    const web130 = next.images.find((i) => i.repository === 'shop/web' && i.tags.includes('1.3.0'));
    assert.ok(web130);
    web130.clusters = [
      {
        clusterArn: `arn:aws:ecs:${DEMO.region}:${DEMO.accountId}:cluster/legacy-web`,
        clusterDetails: [
          {
            lastInUse: next.now - 60,
            runningUnitCount: 4,
            clusterMetadata: {
              awsEcsMetadataDetails: {
                detailsGroup: 'service:legacy',
                taskDefinitionArn: `arn:aws:ecs:${DEMO.region}:${DEMO.accountId}:task-definition/legacy:1`,
              },
            },
          },
        ],
      },
    ];
    emulator.setData(next);
    const index = await build();
    // The run names this image by its URI only (no digest): matched by tag, and Inspector is asked by that tag.
    const problem = await problemOf(index, byTag('shop/web', '1.3.0'));
    assert.ok(problem);
    assert.equal(problem.severity, 'error');
    assert.equal(problem.runningClusters, 1);
    assert.match(problem.message, /Still running in 1 cluster: new tasks cannot pull it\. Matched by tag 1\.3\.0/);
  });

  it('throttling: retried by the SDK and answered; throttled throughout, the build fails (never "nothing deleted")', async () => {
    emulator.setFault('ListLifecycleExecutions', { kind: 'throttle', times: 1, retryAfterSeconds: 0 });
    const index = await build();
    assert.ok(fateOf(index.fates, byTag('shop/web', '1.3.0')));

    emulator.reset();
    emulator.setFault('ListLifecycleExecutionResources', { kind: 'throttle', retryAfterSeconds: 0 });
    const err = await build().then(
      () => assert.fail('a throttled build must fail'),
      (e: unknown) => e,
    );
    const footprint = toFootprintError(err, {
      service: 'imagebuilder',
      operation: 'ListLifecycleExecutionResources',
      region: DEMO.region,
    });
    assert.equal(footprint.kind, 'throttled', footprint.message);
  });

  it('access denied to Image Builder fails the build with an access-denied error', async () => {
    emulator.setFault('GetLifecyclePolicy', { kind: 'accessDenied' });
    const err = await build().then(
      () => assert.fail('a denied build must fail'),
      (e: unknown) => e,
    );
    const footprint = toFootprintError(err, {
      service: 'imagebuilder',
      operation: 'GetLifecyclePolicy',
      region: DEMO.region,
    });
    assert.equal(footprint.kind, 'accessDenied', footprint.message);
    assert.match(footprint.fullMessage, /imagebuilder:GetLifecyclePolicy/);
  });

  it('a policy with hundreds of resources: every page read, bounded child lists, partial said', async () => {
    const next = data();
    const policy = next.lifecyclePolicies.find((p) => p.name === DEMO.policies.container);
    assert.ok(policy);
    const run = policy.executions[0]!;
    const extra: LifecycleResourceRecord[] = [];
    const images: EcrImageRecord[] = [];
    for (let i = 0; i < 300; i++) {
      const tag = `0.${i}.0`;
      const digest = demoDigest('shop/batch', tag);
      const r = { accountId: DEMO.accountId, region: DEMO.region, repository: 'shop/batch', digest };
      extra.push({
        accountId: DEMO.accountId,
        resourceId: `arn:aws:imagebuilder:${DEMO.region}:${DEMO.accountId}:image/shop-batch/${tag}/1`,
        region: DEMO.region,
        state: { status: 'SUCCESS' },
        action: { name: 'DELETE' },
        imageUris: [imageUri(r, tag)],
        startTime: run.startTime + 100 + i,
        endTime: run.startTime + 200 + i,
        associated: [
          {
            accountId: DEMO.accountId,
            resourceId: digest,
            region: DEMO.region,
            state: { status: 'SUCCESS' },
            action: { name: 'DELETE' },
            imageUris: [imageUri(r, tag)],
            startTime: run.startTime + 101 + i,
            endTime: run.startTime + 201 + i,
          },
        ],
      });
      if (i === 287) {
        images.push({
          ...structuredClone(next.images[0]!),
          repository: 'shop/batch',
          digest,
          tags: [tag],
          clusters: [],
        });
      }
    }
    run.resources.push(...extra);
    next.images.push(...images);
    emulator.setData(next);

    const full = await build();
    assert.equal(full.partial, false);
    const found = fateOf(full.fates, byDigest('shop/batch', '0.287.0'));
    assert.ok(found, 'the 288th resource, pages away, is found by its digest');
    assert.equal(found.match, 'digest');
    assert.ok(maxInFlight <= 3, `at most 3 requests at once, saw ${maxInFlight}`);

    emulator.clearRequests();
    const bounded = await build({ maxChildLists: 20 });
    assert.equal(bounded.partial, true, 'cut at its bound, the index says so');
    const parents = emulator.requests.filter(
      (r) =>
        r.operation === 'ListLifecycleExecutionResources' &&
        typeof (r.input as { parentResourceId?: string }).parentResourceId === 'string',
    );
    const distinctParents = new Set(parents.map((r) => (r.input as { parentResourceId: string }).parentResourceId));
    assert.ok(distinctParents.size <= 20, `child lists bounded, saw ${distinctParents.size}`);
    // Beyond the bound the parent's image URIs still name the image, by tag.
    const byTagOnly = fateOf(bounded.fates, byTag('shop/batch', '0.299.0'));
    assert.ok(byTagOnly);
    assert.equal(byTagOnly.match, 'tag');
  });

  it('a tag that moved since the run: information naming the image it named then, not "deleted"', async () => {
    // shop/web:1.1.0 was deleted (by digest) a day ago; the tag has since been pushed again as another image.
    const next = data();
    const template = next.images.find((i) => i.repository === 'shop/web');
    assert.ok(template);
    next.images.push({
      ...structuredClone(template),
      digest: `sha256:${'e'.repeat(64)}`,
      tags: ['1.1.0'],
      clusters: [],
    });
    emulator.setData(next);
    const index = await build();
    const problem = await problemOf(index, byTag('shop/web', '1.1.0'));
    assert.ok(problem);
    assert.equal(problem.tagMoved, true);
    assert.equal(problem.severity, 'information');
    assert.match(problem.message, /the tag now names another image \(sha256:eeeeeeeeeee/);
    // The same run, read by the old digest, is a deletion.
    const pinned = await problemOf(index, byDigest('shop/web', '1.1.0'));
    assert.ok(pinned);
    assert.equal(pinned.severity, 'warning');
    assert.match(pinned.message, /^Deleted by lifecycle policy shop-container-retention .*Matched by digest\.$/);
  });
});
