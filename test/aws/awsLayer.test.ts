/**
 * The AWS layer (src/aws/layer.ts) with the real SDK clients over real HTTP against the local emulator: mapping of
 * every operation, paging, unknown union members, credential and endpoint resolution, cancellation, and how each
 * fault becomes a FootprintError a user can act on.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toFootprintError, type OperationContext } from '../../src/aws/errors';
import { createAwsApi, credentialLogger, sdkLogger } from '../../src/aws/layer';
import type { AwsApi, AwsTarget, ClusterInfo } from '../../src/aws/types';
import { parseEcrImage, resourceIdOf } from '../../src/inspector/imageRef';
import { DEMO, demoDigest, parseFault, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL_INSPECTOR2',
  'AWS_ENDPOINT_URL_IMAGEBUILDER',
  'AWS_ENDPOINT_URL',
  'AWS_EC2_METADATA_DISABLED',
] as const;

function resourceIdFor(repository: string, tag: string): string {
  const ref = parseEcrImage(`${DEMO.registry}/${repository}@${demoDigest(repository, tag)}`);
  assert.ok(ref.ok);
  return resourceIdOf(ref.ref) as string;
}

function context(operation: string, service: 'inspector2' | 'imagebuilder' = 'inspector2'): OperationContext {
  return { service, operation, region: DEMO.region, profile: 'demo' };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('AWS layer against the emulator (real SDK, real HTTP)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let api: AwsApi;
  let target: AwsTarget;

  useEmulator({
    emulator: { clusters: 250 },
    // A private AWS config: never the user's ~/.aws.
    env: (dir) => {
      writeFileSync(
        path.join(dir, 'credentials'),
        '[demo]\naws_access_key_id = AKIAEXAMPLEDEMO00001\naws_secret_access_key = demo-secret-not-real\n',
      );
      writeFileSync(
        path.join(dir, 'config'),
        [
          '[profile demo]',
          'region = us-east-1',
          '[profile via-process]',
          `credential_process = ${process.execPath} -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000001',SecretAccessKey:'process-secret'}))"`,
          '[profile empty]',
          'region = us-east-1',
          '',
        ].join('\n'),
      );
      return {
        ...Object.fromEntries(ENV_KEYS.map((k) => [k, undefined])),
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    started: (suite) => {
      ({ emulator, api } = suite);
      target = { profile: 'demo', region: DEMO.region, endpoints: emulator.endpoints };
    },
  });

  it('maps GetClustersForImage: ECS and EKS metadata, counts and dates of the demo web image', async () => {
    const resourceId = resourceIdFor('shop/web', '1.4.2');
    const page = await api.getClustersForImage(target, { resourceId, maxResults: 100 });
    const image = emulator.data.images.find((i) => i.repository === 'shop/web' && i.tags.includes('1.4.2'));
    assert.ok(image);
    assert.equal(page.items.length, image.clusters.length);
    const byArn = new Map(page.items.map((c) => [c.clusterArn, c]));
    for (const wire of image.clusters) {
      const got = byArn.get(wire.clusterArn) as ClusterInfo;
      assert.ok(got, wire.clusterArn);
      assert.equal(got.details.length, wire.clusterDetails.length);
      wire.clusterDetails.forEach((d, i) => {
        const mapped = got.details[i];
        assert.ok(mapped);
        assert.equal(mapped.lastInUse?.getTime(), d.lastInUse * 1000);
        assert.equal(mapped.runningUnitCount, d.runningUnitCount);
        assert.equal(mapped.stoppedUnitCount, d.stoppedUnitCount);
        const m = d.clusterMetadata as Record<string, { namespace?: string; workloadInfoList?: unknown[] }>;
        if ('awsEcsMetadataDetails' in m) assert.equal(mapped.metadata.kind, 'ecs');
        else if ('awsEksMetadataDetails' in m) {
          assert.equal(mapped.metadata.kind, 'eks');
          if (mapped.metadata.kind === 'eks') {
            assert.equal(mapped.metadata.namespace, m.awsEksMetadataDetails?.namespace);
            assert.equal(mapped.metadata.workloads.length, m.awsEksMetadataDetails?.workloadInfoList?.length ?? 0);
          }
        }
      });
    }
    const ecs = page.items.find((c) => c.clusterArn.endsWith(':cluster/prod-web'));
    assert.equal(ecs?.details[0]?.metadata.kind, 'ecs');
  });

  it('pages through hundreds of clusters with tokens, short pages included, and maps unknown union members', async () => {
    const resourceId = resourceIdFor(DEMO.images.base.repository, DEMO.images.base.tag);
    const image = emulator.data.images.find((i) => i.repository === DEMO.images.base.repository);
    assert.ok(image);
    const seen: ClusterInfo[] = [];
    let token: string | undefined;
    let pages = 0;
    let shortWithToken = 0;
    do {
      const page = await api.getClustersForImage(target, { resourceId, maxResults: 50, nextToken: token });
      pages++;
      if (page.items.length < 50 && page.nextToken) shortWithToken++;
      seen.push(...page.items);
      token = page.nextToken;
    } while (token && pages < 100);
    assert.equal(seen.length, image.clusters.length);
    assert.equal(new Set(seen.map((c) => c.clusterArn)).size, image.clusters.length);
    assert.ok(pages >= Math.ceil(image.clusters.length / 50));
    const unknownOnWire = image.clusters.flatMap((c) =>
      c.clusterDetails.filter(
        (d) => !('awsEcsMetadataDetails' in d.clusterMetadata) && !('awsEksMetadataDetails' in d.clusterMetadata),
      ),
    ).length;
    const unknownMapped = seen.flatMap((c) => c.details.filter((d) => d.metadata.kind === 'unknown')).length;
    assert.ok(unknownOnWire > 0, 'the demo base image carries unknown union members');
    assert.equal(unknownMapped, unknownOnWire);
    void shortWithToken;
  });

  it('resolves a tag to the resource id with ListCoverage, and finds nothing for an uncovered tag', async () => {
    const found = await api.findCoveredImages(target, {
      accountId: DEMO.accountId,
      repository: 'shop/web',
      tag: '1.4.2',
    });
    assert.equal(found.length, 1);
    assert.equal(found[0]?.resourceId, resourceIdFor('shop/web', '1.4.2'));
    assert.ok(found[0]?.tags.includes('1.4.2'));
    const none = await api.findCoveredImages(target, {
      accountId: DEMO.accountId,
      repository: DEMO.images.uncovered.repository,
      tag: DEMO.images.uncovered.tag,
    });
    assert.deepEqual(none, []);
  });

  it('lists lifecycle policies, executions, resources with snapshots and associated resources', async () => {
    const policies = await api.listLifecyclePolicies(target, { maxResults: 25 });
    const container = policies.items.find((p) => p.name === DEMO.policies.container);
    assert.ok(container, 'the demo container policy is listed');
    const executions = await api.listLifecycleExecutions(target, { resourceArn: container.arn, maxResults: 25 });
    assert.ok(executions.items.length >= 4);
    const starts = executions.items.map((e) => e.startTime?.getTime() ?? 0);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
      'newest first',
    );
    const got = await api.getLifecycleExecution(target, DEMO.executions.containerSuccess);
    assert.equal(got.lifecycleExecutionId, DEMO.executions.containerSuccess);
    assert.equal(got.state?.status, 'SUCCESS');

    const resources = await api.listLifecycleExecutionResources(target, {
      lifecycleExecutionId: DEMO.executions.amiSuccess,
      maxResults: 25,
    });
    assert.equal(resources.executionState?.status, 'SUCCESS');
    const parent = resources.items.find((r) => r.resourceId?.includes(':image/'));
    assert.ok(parent, 'an Image Builder image parent');
    const associated = await api.listLifecycleExecutionResources(target, {
      lifecycleExecutionId: DEMO.executions.amiSuccess,
      parentResourceId: parent.resourceId,
      maxResults: 25,
    });
    assert.ok(associated.items.length > 0);
    assert.ok(
      associated.items.some((r) => r.snapshots.length > 0),
      'AMIs carry snapshots',
    );
  });

  it('reads a lifecycle policy (GetLifecyclePolicy): includeResources of both policy kinds, errors a user can act on', async () => {
    const arn = (name: string): string =>
      `arn:aws:imagebuilder:${DEMO.region}:${DEMO.accountId}:lifecycle-policy/${name}`;
    const container = await api.getLifecyclePolicy(target, arn(DEMO.policies.container));
    assert.equal(container.arn, arn(DEMO.policies.container));
    assert.equal(container.resourceType, 'CONTAINER_IMAGE');
    assert.deepEqual(container.rules, [{ actionType: 'DELETE', includeResources: { containers: true } }]);
    const kept = await api.getLifecyclePolicy(target, arn(DEMO.policies.containerKept));
    assert.deepEqual(kept.rules, [{ actionType: 'DELETE', includeResources: { containers: false } }]);
    const ami = await api.getLifecyclePolicy(target, arn(DEMO.policies.ami));
    assert.equal(ami.resourceType, 'AMI_IMAGE');
    assert.deepEqual(
      ami.rules.map((r) => [r.actionType, r.includeResources]),
      [
        ['DEPRECATE', {}],
        ['DISABLE', {}],
        ['DELETE', { amis: true, snapshots: true }],
      ],
    );
    assert.deepEqual(
      emulator.requests.slice(-3).map((r) => [r.operation, r.input]),
      [DEMO.policies.container, DEMO.policies.containerKept, DEMO.policies.ami].map((name) => [
        'GetLifecyclePolicy',
        { lifecyclePolicyArn: arn(name) },
      ]),
    );
    const err = await failure(api.getLifecyclePolicy(target, arn('no-such-policy')));
    const e = toFootprintError(err, context('GetLifecyclePolicy', 'imagebuilder'));
    assert.equal(e.kind, 'validation');
    assert.match(e.message, /does not exist/);
  });

  it('uses the endpoint from AWS_ENDPOINT_URL_INSPECTOR2 when no endpoint is configured', async () => {
    process.env.AWS_ENDPOINT_URL_INSPECTOR2 = emulator.url;
    const envApi = createAwsApi();
    try {
      const page = await envApi.getClustersForImage(
        { profile: 'demo', region: DEMO.region },
        { resourceId: resourceIdFor('shop/api', '2.0.0') },
      );
      assert.ok(page.items.length > 0);
      assert.equal(emulator.requests.at(-1)?.operation, 'GetClustersForImage');
    } finally {
      envApi.dispose();
      delete process.env.AWS_ENDPOINT_URL_INSPECTOR2;
    }
  });

  it('signs with the chosen profile: static keys and credential_process, in the right region and service', async () => {
    const seen: string[] = [];
    for (const profile of ['demo', 'via-process']) {
      await api.listLifecyclePolicies({ ...target, profile }, { maxResults: 5 });
      seen.push(profile);
    }
    assert.deepEqual(seen, ['demo', 'via-process']);
    const log = emulator.requests.filter((r) => r.operation === 'ListLifecyclePolicies');
    assert.equal(log.length, 2);
    assert.ok(log.every((r) => r.region === DEMO.region && r.status === 200));
  });

  it('reports a profile without credentials as noCredentials, without any request', async () => {
    const err = await failure(api.listLifecyclePolicies({ ...target, profile: 'empty' }, {}));
    const e = toFootprintError(err, context('ListLifecyclePolicies', 'imagebuilder'));
    assert.equal(e.kind, 'noCredentials');
    assert.ok(e.actions.includes('selectProfile'));
    assert.equal(emulator.requests.length, 0);
  });

  it('cancels a slow request when its AbortSignal fires', async () => {
    emulator.setFault('GetClustersForImage', parseFault('latency:3000'));
    const controller = new AbortController();
    const started = Date.now();
    const pending = api.getClustersForImage(
      target,
      { resourceId: resourceIdFor('shop/web', '1.4.2') },
      controller.signal,
    );
    setTimeout(() => controller.abort(), 100);
    const err = await failure(pending);
    assert.equal(toFootprintError(err, context('GetClustersForImage')).kind, 'cancelled');
    assert.ok(Date.now() - started < 2500, 'did not wait for the response');
  });

  describe("the SDK's logger", () => {
    it('has no trace, debug or info, so the SDK filters no answer for a log nobody reads', () => {
      // The SDK's logger middleware runs the whole output through its sensitive-data filter when `info` exists.
      const logger = sdkLogger(() => undefined) as unknown as Record<string, unknown>;
      assert.equal(logger.info, undefined);
      assert.equal(logger.debug, undefined);
      assert.equal(logger.trace, undefined);
    });

    it("routes the SDK's warnings to our log, one bounded line each", () => {
      const lines: string[] = [];
      const logger = sdkLogger((line) => lines.push(line));
      logger.warn('Expected number but observed string:', 'x'.repeat(2000));
      logger.error(new Error('socket hang up'));
      assert.equal(lines.length, 2);
      assert.match(lines[0] ?? '', /^AWS SDK warning: Expected number but observed string: x+$/);
      assert.ok((lines[0] ?? '').length < 600);
      assert.equal(lines[1], 'AWS SDK error: Error: socket hang up');
    });

    it('the credential chain (STS for assume-role and MFA, SSO) gets one with every method, warnings to our log', () => {
      // Parts of the chain call logger?.debug() without asking whether debug is there (fromTemporaryCredentials,
      // credential-provider-ini): given sdkLogger they would throw "logger.debug is not a function".
      const lines: string[] = [];
      const logger = credentialLogger((line) => lines.push(line));
      for (const level of ['trace', 'debug', 'info'] as const) {
        assert.equal(typeof logger[level], 'function', level);
        logger[level]?.('@aws-sdk/credential-provider-ini - resolveAssumeRoleCredentials (STS)');
      }
      logger.warn('clock skew');
      assert.deepEqual(lines, ['AWS SDK warning: clock skew']);
    });

    it('writes a failed request once (our line), not again as the SDK middleware record', async () => {
      const log: string[] = [];
      const warnings: string[] = [];
      const own = createAwsApi({ log: (l) => log.push(l), warn: (l) => warnings.push(l) });
      try {
        emulator.setFault('GetClustersForImage', parseFault('denied'));
        await failure(own.getClustersForImage(target, { resourceId: resourceIdFor('shop/web', '1.4.2') }));
        assert.equal(log.length, 1, log.join('\n'));
        assert.match(log[0] ?? '', /^GetClustersForImage us-east-1 failed in \d+ ms: AccessDeniedException/);
        assert.deepEqual(warnings, []);
      } finally {
        own.dispose();
      }
    });
  });

  describe('faults become errors a user can act on', () => {
    const resourceId = (): string => resourceIdFor('shop/web', '1.4.2');
    const cases: [string, string, string, (m: string) => boolean][] = [
      ['access denied', 'denied', 'accessDenied', (m) => m.includes('inspector2:GetClustersForImage')],
      ['expired token', 'expired', 'expiredCredentials', (m) => /sign in|sso login/i.test(m)],
      ['throttling that does not clear', 'throttle:10', 'throttled', (m) => /retried/.test(m)],
      ['500', '500:10', 'serviceError', (m) => /AWS side/.test(m)],
      ['503', '503:10', 'serviceError', (m) => /AWS side/.test(m)],
      ['dropped connection', 'drop:10', 'network', (m) => m.includes(emulatorUrlHolder.url)],
      ['malformed body', 'malformed:10', 'badResponse', (m) => /could not be read/.test(m)],
    ];
    const emulatorUrlHolder = { url: '' };
    for (const [name, fault, kind, messageOk] of cases) {
      it(name, async () => {
        emulatorUrlHolder.url = emulator.url;
        emulator.setFault('GetClustersForImage', parseFault(fault));
        const err = await failure(api.getClustersForImage(target, { resourceId: resourceId() }));
        const e = toFootprintError(err, { ...context('GetClustersForImage'), endpoint: emulator.url });
        assert.equal(e.kind, kind, `${e.kind}: ${e.fullMessage}`);
        assert.ok(messageOk(e.fullMessage), e.fullMessage);
        assert.ok(!e.fullMessage.includes('demo-secret-not-real'));
      });
    }

    it('throttling that clears after two attempts returns the data (the SDK retries)', async () => {
      emulator.setFault('GetClustersForImage', { kind: 'throttle', times: 2, retryAfterSeconds: 0 });
      // Entries of requests that began before this test (a previous test's last attempt) do not count.
      const since = Date.now();
      const page = await api.getClustersForImage(target, { resourceId: resourceId() });
      assert.ok(page.items.length > 0);
      assert.equal(
        emulator.requests.filter((r) => r.operation === 'GetClustersForImage' && r.time >= since).length,
        3,
        JSON.stringify(emulator.requests.map((r) => [r.operation, r.status, r.time])),
      );
    });

    it('an endpoint that is not listening is a network error naming the endpoint', async () => {
      const dead = 'http://127.0.0.1:9';
      const err = await failure(
        api.getClustersForImage({ ...target, endpoints: { inspector2: dead } }, { resourceId: resourceId() }),
      );
      const e = toFootprintError(err, { ...context('GetClustersForImage'), endpoint: dead });
      assert.equal(e.kind, 'network');
      assert.ok(e.fullMessage.includes(dead));
    });

    it('a rejected page token is invalidToken; validation names the problem', async () => {
      const err = await failure(
        api.listLifecycleExecutionResources(target, {
          lifecycleExecutionId: DEMO.executions.amiSuccess,
          nextToken: 'not-a-token-we-issued',
        }),
      );
      assert.equal(
        toFootprintError(err, context('ListLifecycleExecutionResources', 'imagebuilder')).kind,
        'invalidToken',
      );
      const bad = await failure(api.getClustersForImage(target, { resourceId: 'not-an-arn' }));
      const e = toFootprintError(bad, context('GetClustersForImage'));
      assert.equal(e.kind, 'validation');
      assert.ok(/resourceId/i.test(e.fullMessage), e.fullMessage);
    });

    it('a token loop is returned as is (the pager, not the layer, stops it)', async () => {
      emulator.setFault('ListLifecycleExecutionResources', parseFault('tokenloop'));
      const first = await api.listLifecycleExecutionResources(target, {
        lifecycleExecutionId: DEMO.executions.amiSuccess,
        maxResults: 1,
      });
      assert.ok(first.nextToken);
      const second = await api.listLifecycleExecutionResources(target, {
        lifecycleExecutionId: DEMO.executions.amiSuccess,
        maxResults: 1,
        nextToken: first.nextToken,
      });
      assert.equal(second.nextToken, first.nextToken);
    });
  });
});
