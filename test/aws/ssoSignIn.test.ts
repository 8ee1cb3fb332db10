/**
 * Signing in to IAM Identity Center inside the editor (src/aws/sdk/ssoSignIn.ts), end to end with the real SDK
 * clients over HTTP against the emulator's SSO-OIDC and SSO portal: the device authorization flow, the token cache the
 * SDK and the AWS CLI read (~/.aws/sso/cache/<sha1>.json), the credential chain using it for a request, refresh
 * tokens, and each way a sign-in ends without a token (denied, expired, slow_down, cancelled).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toFootprintError } from '../../src/aws/errors';
import { createAwsApi } from '../../src/aws/layer';
import type { SsoSignInConfig } from '../../src/aws/profiles';
import { listProfiles } from '../../src/aws/sdk/sharedConfig';
import { createSsoSignIn, SsoSignInError } from '../../src/aws/sdk/ssoSignIn';
import type { AwsApi, AwsTarget } from '../../src/aws/types';
import { DEMO, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

const START_URL = 'https://demo.awsapps.com/start';
const LEGACY_URL = 'https://legacy.awsapps.com/start';

function configText(): string {
  return [
    '[profile demo-sso]',
    'sso_session = demo',
    `sso_account_id = ${DEMO.accountId}`,
    'sso_role_name = ImageFootprintReadOnly',
    `region = ${DEMO.region}`,
    '',
    '[profile demo-legacy]',
    `sso_start_url = ${LEGACY_URL}`,
    'sso_region = us-east-1',
    `sso_account_id = ${DEMO.accountId}`,
    'sso_role_name = Legacy',
    `region = ${DEMO.region}`,
    '',
    '[sso-session demo]',
    `sso_start_url = ${START_URL}`,
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
  ].join('\n');
}

describe('SSO sign-in (device authorization) against the emulator', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let home: string;
  let api: AwsApi;
  let session: SsoSignInConfig;
  let legacy: SsoSignInConfig;
  /** The delays the flow asked to wait, ms. */
  let sleeps: number[];
  /** Runs between polls: tests approve or deny here, as a user in the browser would. */
  let onSleep: (() => Promise<void>) | undefined;

  const control = async (what: string, body: unknown = {}): Promise<unknown> => {
    const res = await fetch(`${emulator.url}/__emulator/sso${what}`, {
      method: what === '' ? 'GET' : 'POST',
      ...(what === '' ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(res.ok, `control ${what}: ${res.status}`);
    return res.json();
  };
  const ssoRequests = async (): Promise<{ operation: string; status: number; error?: string }[]> =>
    ((await control('')) as { requests: { operation: string; status: number; error?: string }[] }).requests;

  const signIn = () =>
    createSsoSignIn({
      sleep: async (ms) => {
        sleeps.push(ms);
        await onSleep?.();
      },
    });

  useEmulator({
    emulator: { clusters: 5 },
    env: (dir, started) => {
      writeFileSync(path.join(dir, 'config'), configText());
      writeFileSync(path.join(dir, 'credentials'), '');
      return {
        HOME: dir,
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        // The SDK's own endpoint configuration: both the sign-in and the credential chain's SSO calls go here.
        AWS_ENDPOINT_URL_SSO_OIDC: started.url,
        AWS_ENDPOINT_URL_SSO: started.url,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_REGION: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    between: 'none',
    started: (suite) => {
      ({ emulator, dir: home } = suite);
    },
  });

  before(async () => {
    const { profiles } = await listProfiles();
    const sso = profiles.find((p) => p.name === 'demo-sso')?.sso;
    const old = profiles.find((p) => p.name === 'demo-legacy')?.sso;
    assert.ok(sso && old, 'both SSO profiles are read from the config');
    session = sso;
    legacy = old;
  });

  beforeEach(async () => {
    sleeps = [];
    onSleep = undefined;
    await control('/reset');
    // The recording sleep below does not really wait; one test below does, with the check on.
    await control('/settings', { enforceInterval: false });
    rmSync(path.join(home, '.aws'), { recursive: true, force: true });
    api = createAwsApi();
  });

  afterEach(() => api.dispose());

  const target = (profile: string): AwsTarget => ({
    profile,
    region: DEMO.region,
    endpoints: emulator.endpoints,
  });
  const listPolicies = (profile: string) => api.listLifecyclePolicies(target(profile), { maxResults: 1 }, undefined);

  it('signs in an sso-session profile: code, approval, token in the shared cache, and the chain uses it', async () => {
    const before = await listPolicies('demo-sso').then(
      () => undefined,
      (e: unknown) => e,
    );
    const error = toFootprintError(before, {
      service: 'imagebuilder',
      operation: 'ListLifecyclePolicies',
      profile: 'demo-sso',
    });
    assert.ok(error.actions.includes('signIn'), `before signing in, the error offers Sign In: ${error.fullMessage}`);

    const auth = await signIn().startDeviceAuthorization(session);
    assert.match(auth.userCode, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
    assert.equal(auth.verificationUri, `${emulator.url}/sso/verify`);
    assert.ok(auth.verificationUriComplete?.includes(encodeURIComponent(auth.userCode)));
    let polls = 0;
    onSleep = async () => {
      if (++polls === 3) await control('/approve', { userCode: auth.userCode });
    };
    const result = await auth.complete(new AbortController().signal);
    assert.equal(result.via, 'deviceAuthorization');

    const expectedFile = path.join(
      home,
      '.aws',
      'sso',
      'cache',
      `${createHash('sha1').update('demo').digest('hex')}.json`,
    );
    assert.equal(result.cacheFile, expectedFile, 'the file is named by the sha1 of the sso-session name');
    assert.equal(statSync(expectedFile).mode & 0o777, 0o600, 'only the user can read the token');
    const cached = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(cached).sort(), [
      'accessToken',
      'clientId',
      'clientSecret',
      'expiresAt',
      'refreshToken',
      'region',
      'registrationExpiresAt',
      'startUrl',
    ]);
    assert.equal(cached.startUrl, START_URL);
    assert.equal(cached.region, 'us-east-1');
    assert.match(cached.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'the CLI format');

    const ops = (await ssoRequests()).map((r) => `${r.operation}:${r.error ?? r.status}`);
    assert.deepEqual(ops, [
      'RegisterClient:200',
      'StartDeviceAuthorization:200',
      'CreateToken:AuthorizationPendingException',
      'CreateToken:AuthorizationPendingException',
      'CreateToken:200',
    ]);
    assert.deepEqual(sleeps, [1000, 1000, 1000], 'polled at the interval the service asked for');

    const page = await listPolicies('demo-sso');
    assert.ok(Array.isArray(page.items), 'the request after signing in succeeds');
    assert.ok(
      (await ssoRequests()).some((r) => r.operation === 'GetRoleCredentials' && r.status === 200),
      'the SDK traded the cached token for role credentials at the SSO portal',
    );
  });

  it('signs in a legacy sso_start_url profile: cache keyed by the start URL, no client secret in it', async () => {
    const auth = await signIn().startDeviceAuthorization(legacy);
    onSleep = async () => {
      await control('/approve', { userCode: auth.userCode });
    };
    const result = await auth.complete(new AbortController().signal);
    assert.equal(path.basename(result.cacheFile), `${createHash('sha1').update(LEGACY_URL).digest('hex')}.json`);
    const cached = JSON.parse(readFileSync(result.cacheFile, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(cached).sort(), ['accessToken', 'expiresAt', 'region', 'startUrl']);
    assert.ok(Array.isArray((await listPolicies('demo-legacy')).items));
  });

  it('an expired session fails with Sign In; a refresh token signs in again without the browser', async () => {
    const flow = signIn();
    const auth = await flow.startDeviceAuthorization(session);
    onSleep = async () => {
      await control('/approve', { userCode: auth.userCode });
    };
    const first = await auth.complete(new AbortController().signal);
    const firstToken = (JSON.parse(readFileSync(first.cacheFile, 'utf8')) as { accessToken: string }).accessToken;
    await control('/expire-tokens');
    api.dispose();
    api = createAwsApi();
    const expired = await listPolicies('demo-sso').then(
      () => undefined,
      (e: unknown) => e,
    );
    const error = toFootprintError(expired, {
      service: 'imagebuilder',
      operation: 'ListLifecyclePolicies',
      profile: 'demo-sso',
    });
    assert.ok(error.actions.includes('signIn'), `an expired session offers Sign In: ${error.fullMessage}`);

    const refreshed = await flow.refresh(session);
    assert.ok(refreshed, 'the cached refresh token was used');
    assert.equal(refreshed.via, 'refreshToken');
    const cached = JSON.parse(readFileSync(refreshed.cacheFile, 'utf8')) as {
      accessToken: string;
      refreshToken: string;
    };
    assert.notEqual(cached.accessToken, firstToken);
    assert.ok(cached.refreshToken);
    assert.deepEqual(
      (await ssoRequests()).filter((r) => r.operation === 'RegisterClient').length,
      1,
      'the registration in the cache is reused',
    );
    api.dispose();
    api = createAwsApi();
    assert.ok(Array.isArray((await listPolicies('demo-sso')).items), 'requests work again');
  });

  it('refresh without a cached token, or with one the service rejects, answers undefined', async () => {
    assert.equal(await signIn().refresh(session), undefined, 'nothing cached');
    assert.equal(await signIn().refresh(legacy), undefined, 'legacy profiles have no refresh token');
    const file = path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('demo').digest('hex')}.json`);
    const auth = await signIn().startDeviceAuthorization(session);
    onSleep = async () => {
      await control('/approve', { userCode: auth.userCode });
    };
    await auth.complete(new AbortController().signal);
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    writeFileSync(file, JSON.stringify({ ...cached, refreshToken: 'revoked' }));
    assert.equal(await signIn().refresh(session), undefined, 'a rejected refresh token');
    assert.ok(existsSync(file));
  });

  it('really waits the interval: the service never has to say slow_down', async function () {
    await control('/settings', { enforceInterval: true });
    let polls = 0;
    const flow = createSsoSignIn();
    const auth = await flow.startDeviceAuthorization(session);
    const approver = setInterval(() => {
      if (++polls === 15) void control('/approve', { userCode: auth.userCode });
    }, 100);
    try {
      await auth.complete(new AbortController().signal);
    } finally {
      clearInterval(approver);
    }
    const creates = (await ssoRequests()).filter((r) => r.operation === 'CreateToken');
    assert.ok(creates.length >= 2, 'polled more than once');
    assert.ok(!creates.some((r) => r.error === 'SlowDownException'), 'never faster than the interval');
  });

  it('slow_down makes the flow poll 5 s slower from then on', async () => {
    const auth = await signIn().startDeviceAuthorization(session);
    await control('/slow-down', { times: 1 });
    let polls = 0;
    onSleep = async () => {
      if (++polls === 3) await control('/approve', { userCode: auth.userCode });
    };
    await auth.complete(new AbortController().signal);
    assert.deepEqual(sleeps, [1000, 6000, 6000]);
    assert.ok((await ssoRequests()).some((r) => r.error === 'SlowDownException'));
  });

  it('denied, expired and cancelled sign-ins end with their own reason and write nothing', async () => {
    const cases: [string, (code: string, stop: AbortController) => Promise<void>, string][] = [
      ['denied', (code) => control('/deny', { userCode: code }).then(() => undefined), 'denied'],
      ['expired', () => control('/expire-devices').then(() => undefined), 'expired'],
      ['cancelled', async (_code, stop) => stop.abort(), 'cancelled'],
    ];
    for (const [name, act, reason] of cases) {
      const auth = await signIn().startDeviceAuthorization(session);
      const stop = new AbortController();
      onSleep = () => act(auth.userCode, stop);
      const err = await auth.complete(stop.signal).then(
        () => assert.fail(`${name}: no token expected`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof SsoSignInError, `${name}: ${String(err)}`);
      assert.equal(err.reason, reason);
    }
    assert.ok(!existsSync(path.join(home, '.aws', 'sso', 'cache')), 'no token was written');
    const errors = (await ssoRequests()).map((r) => r.error).filter(Boolean);
    assert.ok(errors.includes('AccessDeniedException') || errors.includes('ExpiredTokenException'));
  });
});
