/**
 * Hostile conditions for the AWS layer and the one pager behind every tree, with the real SDK over real HTTP: every
 * fault of the emulator on every operation (pages shown stay, the error says what failed and what to do, and the list
 * continues from the same token once the fault clears), an endpoint that is not AWS and answers anything, hostile
 * strings in every field both APIs return, and real-looking credentials that must never reach a message or the log.
 * The counts printed at the end feed the README's reliability matrix.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { toFootprintError, type ErrorAction, type FootprintError, type OperationContext } from '../../src/aws/errors';
import { createAwsApi } from '../../src/aws/layer';
import type { AwsApi, AwsTarget, Page } from '../../src/aws/types';
import { parseEcrImage, resourceIdOf } from '../../src/inspector/imageRef';
import { Pager } from '../../src/tree/pager';
import { notificationText } from '../../src/util/escape';
import { DEMO, demoDigest, startEmulator, type Emulator, type FaultSpec } from '../emulator';
import {
  HOSTILE_ACCOUNT,
  HOSTILE_EXECUTION_ID,
  HOSTILE_POLICY_ARN,
  HOSTILE_REGION,
  HOSTILE_RESOURCE_ID,
  hostileFixture,
} from '../fixtures/hostile/data';
import {
  findSecrets,
  SECRET_ACCESS_KEY,
  SECRET_ACCESS_KEY_ID,
  SECRET_SESSION_TOKEN,
  secretCredentialsFile,
} from '../fixtures/hostile/secrets';
import { HOSTILE_STRINGS, NOTIFICATION_LINK } from '../fixtures/hostile/strings';
import { applyEnv } from '../support/isolatedAws';

const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL_INSPECTOR2',
  'AWS_ENDPOINT_URL_IMAGEBUILDER',
  'AWS_ENDPOINT_URL',
  'AWS_EC2_METADATA_DISABLED',
] as const;

/** What the matrix counts, printed at the end. */
const counts = { faults: 0, faultCases: 0, endpointAnswers: 0, hostileStrings: 0, hostileFields: 0, scanned: 0 };

/** Everything a user or the log could see, kept for the secrets scan. */
const seen: { where: string; text: string }[] = [];

function remember(where: string, e: FootprintError): void {
  seen.push({ where: `${where} message`, text: e.fullMessage }, { where: `${where} log detail`, text: e.detail ?? '' });
}

/** The checks every error shown to a user must pass, whatever caused it. */
function assertActionable(e: FootprintError, what: string): void {
  assert.ok(e.message.length > 0 && e.message.length < 2500, `${what}: a message of sane length`);
  assert.ok(!/[\r\n]/.test(e.message) && !/[\r\n]/.test(e.detail ?? ''), `${what}: message and log detail on one line`);
  assert.ok(e.hint.length > 0 || e.kind === 'cancelled', `${what}: says what to do (${e.fullMessage})`);
  assert.equal(notificationText(e.fullMessage).match(NOTIFICATION_LINK), null, `${what}: no link in a notification`);
}

interface PagedOperation {
  readonly name: string;
  readonly service: 'inspector2' | 'imagebuilder';
  readonly load: (
    api: AwsApi,
    target: AwsTarget,
    token: string | undefined,
    signal: AbortSignal,
  ) => Promise<Page<unknown>>;
}

interface FaultCase {
  readonly name: string;
  /** Sets the fault up; returns what undoes it. */
  readonly start: (env: FaultEnv) => () => void;
  /** The error the user sees; undefined = the data arrives and no error is shown. */
  readonly kind?: FootprintError['kind'];
  /** The actions the error must offer. */
  readonly actions?: readonly ErrorAction[];
  /** Only for paged lists (token faults). */
  readonly pagedOnly?: boolean;
}

interface FaultEnv {
  readonly emulator: Emulator;
  readonly operation: string;
  /** The target the next requests use: a case may point it elsewhere (a dead port, a short timeout, a profile). */
  target: AwsTarget;
  /** Replaces the token of the next request (a token the service did not issue for this list). */
  tokenOverride?: string;
}

const FAULTS: readonly FaultCase[] = [
  {
    name: 'throttling that clears after retries',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'throttle', times: 2, retryAfterSeconds: 0 });
      return () => emulator.clearFaults();
    },
  },
  {
    name: 'throttling that does not clear',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'throttle', retryAfterSeconds: 0 });
      return () => emulator.clearFaults();
    },
    kind: 'throttled',
    actions: ['retry'],
  },
  ...(['internal', 'unavailable'] as const).map((kind): FaultCase => ({
    name: kind === 'internal' ? 'HTTP 500' : 'HTTP 503',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind });
      return () => emulator.clearFaults();
    },
    kind: 'serviceError',
    actions: ['retry'],
  })),
  {
    name: 'access denied',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'accessDenied' });
      return () => emulator.clearFaults();
    },
    kind: 'accessDenied',
    actions: ['retry', 'selectProfile'],
  },
  {
    name: 'expired credentials (the service says so)',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'expiredToken' });
      return () => emulator.clearFaults();
    },
    kind: 'expiredCredentials',
    actions: ['retry', 'signIn'],
  },
  {
    // The SDK's chain hides the cause ("from any providers"): the message names the profile and offers signing in.
    name: 'expired credentials (credential_process hands out an expired session)',
    start: (env) => {
      const before = env.target;
      env.target = { ...before, profile: 'expired-process' };
      return () => (env.target = before);
    },
    kind: 'noCredentials',
    actions: ['retry', 'signIn'],
  },
  {
    name: 'a dropped connection',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'drop' });
      return () => emulator.clearFaults();
    },
    kind: 'network',
    actions: ['retry', 'openSettings'],
  },
  {
    name: 'the endpoint not listening',
    start: (env) => {
      const before = env.target;
      env.target = { ...before, endpoints: { inspector2: 'http://127.0.0.1:9', imagebuilder: 'http://127.0.0.1:9' } };
      return () => (env.target = before);
    },
    kind: 'network',
    actions: ['retry', 'openSettings'],
  },
  {
    name: 'a malformed body',
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'malformed' });
      return () => emulator.clearFaults();
    },
    kind: 'badResponse',
    actions: ['retry'],
  },
  {
    name: 'a response slower than the configured timeout',
    start: (env) => {
      const before = env.target;
      env.target = { ...before, requestTimeoutMs: 250 };
      env.emulator.setFault(env.operation, { kind: 'latency', ms: 1500 });
      return () => {
        env.target = before;
        env.emulator.clearFaults();
      };
    },
    kind: 'timeout',
    actions: ['retry'],
  },
  {
    name: 'a page token the service rejects',
    pagedOnly: true,
    start: (env) => {
      env.tokenOverride = 'eyJxIjoiZm9yZWlnbiIsIm8iOjF9.bm90LWlzc3VlZC1mb3ItdGhpcy1saXN0';
      return () => (env.tokenOverride = undefined);
    },
    kind: 'invalidToken',
    actions: ['retry'],
  },
  {
    name: 'a token loop',
    pagedOnly: true,
    start: ({ emulator, operation }) => {
      emulator.setFault(operation, { kind: 'tokenLoop' } satisfies FaultSpec);
      return () => emulator.clearFaults();
    },
    kind: 'tokenLoop',
    actions: ['showLog'],
  },
];

function baseResourceId(): string {
  const ref = parseEcrImage(`${DEMO.registry}/platform/base@${demoDigest('platform/base', '2026.11')}`);
  assert.ok(ref.ok);
  return resourceIdOf(ref.ref) as string;
}

describe('Hostile conditions: the AWS layer and the pager (real SDK, real HTTP)', function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let api: AwsApi;
  let dir: string;
  const layerLog: string[] = [];
  let restoreEnv: (() => void) | undefined;
  const restoreConsole: (() => void)[] = [];
  let defaultTarget: AwsTarget;

  before(async () => {
    restoreEnv = applyEnv(Object.fromEntries(ENV_KEYS.map((k) => [k, undefined])));
    dir = mkdtempSync(path.join(tmpdir(), 'if-hostile-aws-'));
    // Real-looking keys: the default chain takes them from the environment, the profile "leaky" from the file.
    process.env.AWS_ACCESS_KEY_ID = SECRET_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = SECRET_ACCESS_KEY;
    process.env.AWS_SESSION_TOKEN = SECRET_SESSION_TOKEN;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const expired = JSON.stringify({
      Version: 1,
      AccessKeyId: SECRET_ACCESS_KEY_ID,
      SecretAccessKey: SECRET_ACCESS_KEY,
      SessionToken: SECRET_SESSION_TOKEN,
      Expiration: '2020-01-01T00:00:00Z',
    });
    writeFileSync(path.join(dir, 'credentials'), secretCredentialsFile('leaky'));
    writeFileSync(path.join(dir, 'expired.js'), `console.log(${JSON.stringify(expired)});\n`);
    writeFileSync(
      path.join(dir, 'config'),
      [
        '[profile leaky]',
        'region = us-east-1',
        '[profile expired-process]',
        `credential_process = ${process.execPath} ${path.join(dir, 'expired.js')}`,
        '',
      ].join('\n'),
    );
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');

    // Whatever the SDK prints (warnings, deprecations) is scanned for secrets too.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        seen.push({ where: `console.${method}`, text: format(...args) });
        original.apply(console, args);
      };
      restoreConsole.push(() => (console[method] = original));
    }
    const onWarning = (w: Error) => seen.push({ where: 'process warning', text: `${w.name} ${w.message}` });
    process.on('warning', onWarning);
    restoreConsole.push(() => process.off('warning', onWarning));

    counts.faults = FAULTS.length;
    emulator = await startEmulator({ clusters: 50 });
    api = createAwsApi({ log: (line) => layerLog.push(line) });
    defaultTarget = { region: DEMO.region, endpoints: emulator.endpoints };
  });

  after(async () => {
    api?.dispose();
    await emulator?.close();
    for (const restore of restoreConsole) restore();
    rmSync(dir, { recursive: true, force: true });
    restoreEnv?.();
    console.log(`HOSTILE-COUNTS aws ${JSON.stringify(counts)}`);
  });

  beforeEach(() => emulator.reset());

  const containerPolicyArn = (): string => {
    const policy = emulator.data.lifecyclePolicies.find((p) => p.name === DEMO.policies.container);
    assert.ok(policy);
    return policy.arn;
  };

  const PAGED: readonly PagedOperation[] = [
    {
      name: 'GetClustersForImage',
      service: 'inspector2',
      load: (a, t, token, signal) =>
        a.getClustersForImage(t, { resourceId: baseResourceId(), maxResults: 40, nextToken: token }, signal),
    },
    {
      name: 'ListLifecyclePolicies',
      service: 'imagebuilder',
      load: (a, t, token, signal) =>
        a.listLifecyclePolicies({ ...t, region: 'us-west-2' }, { maxResults: 5, nextToken: token }, signal),
    },
    {
      name: 'ListLifecycleExecutions',
      service: 'imagebuilder',
      load: (a, t, token, signal) =>
        a.listLifecycleExecutions(t, { resourceArn: containerPolicyArn(), maxResults: 2, nextToken: token }, signal),
    },
    {
      name: 'ListLifecycleExecutionResources',
      service: 'imagebuilder',
      load: (a, t, token, signal) =>
        a.listLifecycleExecutionResources(
          t,
          {
            lifecycleExecutionId: DEMO.executions.amiInProgress,
            parentResourceId: DEMO.amiParentWith60,
            maxResults: 10,
            nextToken: token,
          },
          signal,
        ),
    },
  ];

  describe('every fault on every paged list: pages stay, the error says what to do, Retry continues', () => {
    for (const op of PAGED) {
      for (const fault of FAULTS) {
        it(`${op.name}: ${fault.name}`, async () => {
          counts.faultCases++;
          // Half the lists run as the profile "leaky", half on the default chain (keys from the environment).
          const profile = op.service === 'inspector2' || op.name.endsWith('Resources') ? 'leaky' : undefined;
          const env: FaultEnv = { emulator, operation: op.name, target: { ...defaultTarget, profile } };
          const tokens: (string | undefined)[] = [];
          const signals = new Set<AbortSignal>();
          const pager = new Pager<unknown>((token, signal) => {
            tokens.push(token);
            signals.add(signal);
            return op.load(api, env.target, env.tokenOverride ?? token, signal);
          });
          // The pager passes one signal to every page: whatever the SDK hangs on it (per attempt, per retry) must be
          // gone once a request has ended, or a long list would pile up listeners. After a failed connection the SDK
          // removes its listener when the request's socket closes, a moment after the error: allowed up to 1 s.
          const noListenersLeft = async (when: string): Promise<void> => {
            const left = (): number => [...signals].reduce((n, s) => n + getEventListeners(s, 'abort').length, 0);
            for (let waited = 0; left() > 0 && waited < 1000; waited += 10) {
              await new Promise((resolve) => setTimeout(resolve, 10));
            }
            assert.equal(left(), 0, `abort listeners left ${when}`);
          };
          await pager.loadNext();
          assert.equal(pager.state, 'more', `first page of ${op.name}`);
          const firstPage = [...pager.items];
          const stop = fault.start(env);
          const failedTarget = env.target;
          try {
            await pager.loadNext();
          } finally {
            stop();
          }
          await noListenersLeft(`after ${fault.name}`);
          if (fault.kind === undefined) {
            assert.notEqual(pager.state, 'error', 'no error is shown: the SDK retried and the data arrived');
            assert.ok(pager.items.length > firstPage.length, 'the next page arrived');
            return;
          }
          assert.equal(pager.state, 'error');
          const failedToken = tokens[tokens.length - 1];
          assert.ok(failedToken, 'the failed request was for the second page');
          if (fault.kind === 'tokenLoop') {
            // The looping page itself is good data: it is kept, and paging stops.
            assert.deepEqual(pager.items.slice(0, firstPage.length), firstPage, 'the page already shown stays');
          } else {
            assert.deepEqual(pager.items, firstPage, 'the page already shown stays as it was');
          }
          const context: OperationContext = {
            service: op.service,
            operation: op.name,
            region: failedTarget.region,
            profile: failedTarget.profile,
            endpoint: emulator.url,
          };
          const e = toFootprintError(pager.error, context);
          remember(`${op.name}/${fault.name}`, e);
          assert.equal(e.kind, fault.kind, `${e.kind}: ${e.fullMessage}`);
          assertActionable(e, fault.name);
          if (e.kind === 'noCredentials') assert.ok(e.fullMessage.includes('"expired-process"'), e.fullMessage);
          else if (e.kind !== 'expiredCredentials') assert.ok(e.fullMessage.includes(op.name), 'names the operation');
          for (const action of fault.actions ?? []) assert.ok(e.actions.includes(action), `offers ${action}`);

          // The fault has cleared: Retry (or, after a loop, Refresh) continues.
          emulator.clearRequests();
          if (fault.kind === 'tokenLoop') {
            assert.equal(pager.canLoadMore, false, 'no Retry that would loop again');
            pager.reset();
            await pager.loadNext();
            assert.deepEqual(pager.items.slice(0, firstPage.length), firstPage, 'Refresh loads the same first page');
            return;
          }
          assert.equal(pager.canLoadMore, true, 'Retry is possible');
          await pager.loadNext();
          assert.notEqual(pager.state, 'error', `Retry after ${fault.name} works`);
          assert.ok(pager.items.length > firstPage.length, 'Retry fetched the next page');
          assert.deepEqual(pager.items.slice(0, firstPage.length), firstPage, 'shown pages kept, nothing repeated');
          await noListenersLeft('after the retry');
          const retried = emulator.requests.filter((r) => r.operation === op.name);
          assert.equal(retried.length, 1, 'one request for the retried page');
          const sent = (retried[0]?.input as Record<string, unknown>).nextToken;
          assert.equal(sent, failedToken, 'Retry continued from the token of the failed page');
        });
      }
    }
  });

  describe('every fault on the calls that are not paged (ListCoverage, GetLifecycleExecution, GetLifecyclePolicy)', () => {
    const single = [
      {
        name: 'ListCoverage',
        service: 'inspector2' as const,
        call: (t: AwsTarget) =>
          api.findCoveredImages(t, { accountId: DEMO.accountId, repository: 'shop/web', tag: '1.4.2' }),
      },
      {
        name: 'GetLifecycleExecution',
        service: 'imagebuilder' as const,
        call: (t: AwsTarget) => api.getLifecycleExecution(t, DEMO.executions.containerSuccess),
      },
      {
        name: 'GetLifecyclePolicy',
        service: 'imagebuilder' as const,
        call: (t: AwsTarget) =>
          api.getLifecyclePolicy(
            t,
            `arn:aws:imagebuilder:${DEMO.region}:${DEMO.accountId}:lifecycle-policy/${DEMO.policies.container}`,
          ),
      },
    ];
    for (const op of single) {
      for (const fault of FAULTS.filter((f) => !f.pagedOnly)) {
        it(`${op.name}: ${fault.name}`, async () => {
          counts.faultCases++;
          const env: FaultEnv = { emulator, operation: op.name, target: { ...defaultTarget, profile: 'leaky' } };
          const stop = fault.start(env);
          const failedTarget = env.target;
          let thrown: unknown;
          try {
            await op.call(env.target);
          } catch (err) {
            thrown = err;
          } finally {
            stop();
          }
          if (fault.kind === undefined) {
            assert.equal(thrown, undefined, 'the data arrived');
            return;
          }
          const e = toFootprintError(thrown, {
            service: op.service,
            operation: op.name,
            region: DEMO.region,
            profile: failedTarget.profile,
            endpoint: emulator.url,
          });
          remember(`${op.name}/${fault.name}`, e);
          assert.equal(e.kind, fault.kind, `${e.kind}: ${e.fullMessage}`);
          assertActionable(e, fault.name);
          for (const action of fault.actions ?? []) assert.ok(e.actions.includes(action), `offers ${action}`);
          await op.call(env.target); // cleared: it works again
        });
      }
    }
  });

  describe('an endpoint that is not AWS and answers anything', () => {
    let server: Server;
    let url = '';
    let answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
    const echoedAuthorization: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        echoedAuthorization.push(String(req.headers.authorization ?? ''));
        req.resume();
        req.on('end', () => {
          try {
            answer(req, res);
          } catch {
            res.destroy();
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      ((_req: IncomingMessage, res: ServerResponse) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      }) satisfies typeof answer;

    /** `ok`: the answer is read as a page of `items` (fields of the wrong type dropped), a fair reading of it. */
    const cases: {
      name: string;
      answer: typeof answer;
      kinds: (FootprintError['kind'] | 'ok')[];
      items?: number;
    }[] = [
      {
        name: 'an HTML page with a script, status 200',
        answer: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><script>globalThis.__pwned = 1</script><a href="command:workbench.action.quit">x</a></html>');
        },
        kinds: ['badResponse'],
      },
      { name: 'a list that is a string', answer: json(200, { cluster: 'not a list' }), kinds: ['badResponse'] },
      {
        name: 'fields of the wrong type',
        answer: json(200, { cluster: [{ clusterArn: 5, clusterDetails: 'x' }, 7, null], nextToken: 12 }),
        kinds: ['ok'],
        items: 1,
      },
      {
        name: 'a date that is not one',
        answer: json(200, {
          cluster: [{ clusterArn: 'a', clusterDetails: [{ lastInUse: 'yesterday', clusterMetadata: {} }] }],
        }),
        kinds: ['badResponse'],
      },
      { name: 'an empty 200', answer: json(200, ''), kinds: ['badResponse', 'ok'] },
      { name: 'JSON null', answer: json(200, 'null'), kinds: ['badResponse', 'ok'] },
      { name: 'a JSON array', answer: json(200, '[1,2,3]'), kinds: ['badResponse', 'ok'] },
      {
        name: 'an error that echoes the Authorization header and the keys (as AWS signature errors do)',
        answer: (req, res) =>
          json(
            400,
            {
              message:
                `Authorization header requires 'Signature' parameter. Authorization=${String(req.headers.authorization)} ` +
                `aws_secret_access_key=${SECRET_ACCESS_KEY} X-Amz-Security-Token=${SECRET_SESSION_TOKEN}`,
            },
            { 'x-amzn-errortype': 'IncompleteSignatureException' },
          )(req, res),
        kinds: ['invalidCredentials'],
      },
      {
        name: 'a validation error that echoes the secret key and the session token',
        answer: json(
          400,
          { message: `bad value ${SECRET_ACCESS_KEY} for ${SECRET_SESSION_TOKEN}` },
          { 'x-amzn-errortype': 'ValidationException' },
        ),
        kinds: ['validation'],
      },
      {
        name: 'an error type and message with markup, links and a forged log line',
        answer: json(
          403,
          { message: '[Open](command:workbench.action.quit)\n2026-01-01 [error] forged <script>x</script>' },
          { 'x-amzn-errortype': '<script>x</script> [error](command:workbench.action.quit)' },
        ),
        kinds: ['accessDenied'],
      },
      {
        name: 'an unknown error whose message is hostile',
        answer: json(
          418,
          { message: `[run](command:workbench.action.terminal.sendSequence?%7B%7D)\u202Eevil\n${'x'.repeat(20000)}` },
          { 'x-amzn-errortype': 'TeapotException' },
        ),
        kinds: ['unknown', 'serviceError', 'validation'],
      },
      { name: 'a 500 with no body', answer: json(500, ''), kinds: ['serviceError'] },
      {
        name: 'a redirect elsewhere',
        answer: (_req, res) => {
          res.writeHead(302, { location: 'https://evil.example/' });
          res.end();
        },
        kinds: ['unknown', 'badResponse', 'serviceError'],
      },
      {
        name: 'a body cut short (Content-Length larger than the body)',
        answer: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"cluster": [');
          setTimeout(() => res.destroy(), 20);
        },
        kinds: ['network', 'badResponse', 'timeout'],
      },
      {
        name: 'headers, then a body that never comes (slower than the timeout)',
        answer: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{');
          setTimeout(() => res.destroy(), 3000);
        },
        kinds: ['timeout', 'network', 'badResponse'],
      },
    ];

    const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
      try {
        await promise;
      } catch (err) {
        return err;
      }
      return assert.fail('expected the call to fail');
    };

    it('GetLifecyclePolicy: fields of the wrong type are dropped, a rule list that is not one cannot be read', async () => {
      const target: AwsTarget = { region: DEMO.region, profile: 'leaky', endpoints: { imagebuilder: url } };
      const arn = `arn:aws:imagebuilder:${DEMO.region}:${DEMO.accountId}:lifecycle-policy/p`;
      answer = json(200, {
        lifecyclePolicy: {
          arn: 5,
          name: ['x'],
          resourceType: 'CONTAINER_IMAGE',
          policyDetails: [
            7,
            null,
            { action: 'DELETE' },
            { action: { type: 3, includeResources: { containers: 'yes', amis: true, constructor: true } } },
            { action: { type: 'DELETE', includeResources: { containers: true } } },
          ],
        },
      });
      const policy = await api.getLifecyclePolicy(target, arn);
      assert.equal(policy.arn, arn, 'the ARN asked for, when the answer has none');
      assert.equal(policy.name, undefined);
      assert.deepEqual(policy.rules, [
        { actionType: undefined, includeResources: {} },
        { actionType: undefined, includeResources: { amis: true } },
        { actionType: 'DELETE', includeResources: { containers: true } },
      ]);
      answer = json(200, { lifecyclePolicy: { arn, policyDetails: 'all of them' } });
      const bad = toFootprintError(await rejection(api.getLifecyclePolicy(target, arn)), {
        service: 'imagebuilder',
        operation: 'GetLifecyclePolicy',
        region: DEMO.region,
      });
      assert.equal(bad.kind, 'badResponse');
      answer = json(200, {});
      assert.ok(await rejection(api.getLifecyclePolicy(target, arn)), 'no policy in the answer is an error');
    });

    for (const c of cases) {
      it(`${c.name}: an error a user can act on, with no secret in it`, async () => {
        counts.endpointAnswers++;
        answer = c.answer;
        const target: AwsTarget = {
          region: DEMO.region,
          profile: 'leaky',
          endpoints: { inspector2: url },
          requestTimeoutMs: 400,
        };
        let err: unknown;
        try {
          const page = await api.getClustersForImage(target, { resourceId: baseResourceId() });
          assert.ok(c.kinds.includes('ok'), `read as a page of ${page.items.length}: expected an error`);
          assert.equal(page.items.length, c.items ?? 0);
          assert.ok(page.items.every((i) => typeof i.clusterArn === 'string' && Array.isArray(i.details)));
          assert.equal(page.nextToken, undefined, 'a token that is not a string is no token');
          return;
        } catch (thrown) {
          err = thrown;
        }
        const e = toFootprintError(err, {
          service: 'inspector2',
          operation: 'GetClustersForImage',
          region: DEMO.region,
          profile: 'leaky',
          endpoint: url,
        });
        remember(`endpoint/${c.name}`, e);
        assert.ok(c.kinds.includes(e.kind), `${e.kind}: ${e.fullMessage}`);
        assertActionable(e, c.name);
        assert.deepEqual(findSecrets(c.name, `${e.fullMessage}\n${e.detail ?? ''}`), []);
      });
    }

    it('the answer of a very large page (20 000 clusters, 6 MB) is read, not a crash', async () => {
      counts.endpointAnswers++;
      const cluster = (i: number) => ({
        clusterArn: `arn:aws:ecs:us-east-1:111122223333:cluster/c${i}`,
        clusterDetails: [
          {
            lastInUse: 1767225600,
            clusterMetadata: { awsEcsMetadataDetails: { detailsGroup: 'g', taskDefinitionArn: 't' } },
          },
        ],
      });
      answer = json(200, { cluster: Array.from({ length: 20_000 }, (_, i) => cluster(i)) });
      const page = await api.getClustersForImage(
        { region: DEMO.region, endpoints: { inspector2: url } },
        { resourceId: baseResourceId() },
      );
      assert.equal(page.items.length, 20_000);
    });
  });

  describe('hostile strings in every field both APIs return', () => {
    it('arrive through the layer exactly as sent (never mangled, never a crash), in every operation', async () => {
      const { data, hostileFields } = hostileFixture();
      emulator.setData(data as never);
      counts.hostileStrings = HOSTILE_STRINGS.length;
      counts.hostileFields = hostileFields;
      const target: AwsTarget = { region: HOSTILE_REGION, endpoints: emulator.endpoints };
      const values = new Set(HOSTILE_STRINGS.map((s) => s.value));
      const found = new Set<string>();
      const collect = (value: unknown): void => {
        if (typeof value === 'string') {
          for (const v of values) if (value === v || value.endsWith(`/${v}`)) found.add(v);
        } else if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object' && !(value instanceof Date)) Object.values(value).forEach(collect);
      };

      const clusters = await api.getClustersForImage(target, { resourceId: HOSTILE_RESOURCE_ID });
      assert.equal(clusters.items.length, HOSTILE_STRINGS.length * 2);
      collect(clusters.items);
      const unknown = clusters.items.flatMap((c) => c.details).filter((d) => d.metadata.kind === 'unknown');
      assert.equal(unknown.length, HOSTILE_STRINGS.length, 'a hostile union member name is an unknown member');
      collect(unknown.map((d) => (d.metadata.kind === 'unknown' ? d.metadata.tag : undefined)));

      const policies = await api.listLifecyclePolicies(target, {});
      collect(policies.items);
      const executions = await api.listLifecycleExecutions(target, { resourceArn: HOSTILE_POLICY_ARN });
      collect(executions.items);
      const execution = await api.getLifecycleExecution(target, HOSTILE_EXECUTION_ID);
      collect(execution);
      const resources = await api.listLifecycleExecutionResources(target, {
        lifecycleExecutionId: HOSTILE_EXECUTION_ID,
      });
      collect(resources);
      for (const r of resources.items.slice(0, 3)) {
        const associated = await api.listLifecycleExecutionResources(target, {
          lifecycleExecutionId: HOSTILE_EXECUTION_ID,
          parentResourceId: r.resourceId,
        });
        assert.equal(associated.items.length, 1, 'a hostile parent id still finds its associated resource');
        collect(associated);
      }
      const covered = await api.findCoveredImages(target, { accountId: HOSTILE_ACCOUNT, repository: 'hostile/app' });
      collect(covered);
      assert.deepEqual(
        HOSTILE_STRINGS.filter((s) => !found.has(s.value)).map((s) => s.value.slice(0, 30)),
        [],
        'every hostile string came back unchanged',
      );
    });
  });

  describe('credentials that change while VS Code runs', () => {
    it('a profile fixed in the credentials file (after a sign-in) is used on Retry, without a restart', async () => {
      const target: AwsTarget = { ...defaultTarget, profile: 'late' };
      const first = toFootprintError(
        await api.getClustersForImage(target, { resourceId: baseResourceId() }).then(
          () => assert.fail('the profile has no credentials yet'),
          (err: unknown) => err,
        ),
        { service: 'inspector2', operation: 'GetClustersForImage', profile: 'late' },
      );
      assert.equal(first.kind, 'noCredentials');
      assert.ok(first.actions.includes('signIn') && first.actions.includes('retry'));
      // What "aws configure" or a credential helper does: the profile gets its keys.
      writeFileSync(
        path.join(dir, 'credentials'),
        `${secretCredentialsFile('leaky')}\n${secretCredentialsFile('late')}`,
      );
      const page = await api.getClustersForImage(target, { resourceId: baseResourceId() });
      assert.ok(page.items.length > 0, 'Retry reads the file again');
    });
  });

  describe('secrets', () => {
    it('no credential, session token or signature reached a message, a log detail, the layer log or the console', () => {
      const everything = [...seen, ...layerLog.map((text) => ({ where: 'layer log', text }))];
      counts.scanned = everything.length;
      assert.ok(everything.length > 100, `enough was scanned (${everything.length})`);
      assert.ok(
        layerLog.every((line) => !/[\r\n]/.test(line)),
        'every layer log line is one line',
      );
      assert.deepEqual(
        everything.flatMap((s) => findSecrets(s.where, s.text)),
        [],
      );
    });
  });
});
