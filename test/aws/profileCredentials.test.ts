/**
 * The profiles the picker lists are the profiles the credential chain resolves, with the real SDK against the
 * emulator (STS AssumeRole included): static keys, credential_process, assume-role chains, and a role with
 * `mfa_serial`, whose code is asked through the layer's `mfaCodeProvider` (an input box in VS Code) instead of the
 * request failing.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toFootprintError } from '../../src/aws/errors';
import { createAwsApi } from '../../src/aws/layer';
import { listProfiles } from '../../src/aws/sdk/sharedConfig';
import type { AwsApi } from '../../src/aws/types';
import { DEMO, type Emulator } from '../emulator';
import { useEmulator } from '../support/emulatorSuite';

const MFA_SERIAL = `arn:aws:iam::${DEMO.accountId}:mfa/alice`;

describe('Profile credentials through the SDK chain (assume-role, MFA, credential_process)', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let api: AwsApi | undefined;
  let asked: string[];

  const control = async (): Promise<{ assumeRoles: Record<string, string>[] }> =>
    (await (await fetch(`${emulator.url}/__emulator/sso`)).json()) as { assumeRoles: Record<string, string>[] };

  useEmulator({
    emulator: { clusters: 5 },
    env: (dir, started) => {
      writeFileSync(
        path.join(dir, 'config'),
        [
          '[profile admin-mfa] # a role that needs a code',
          `role_arn = arn:aws:iam::${DEMO.accountId}:role/AdminMfa`,
          'source_profile = base',
          `mfa_serial = ${MFA_SERIAL}`,
          '',
          '[profile reader]',
          `role_arn = arn:aws:iam::${DEMO.accountId}:role/Reader`,
          'source_profile = base',
          '',
          '[profile reader-via-mfa]',
          `role_arn = arn:aws:iam::${DEMO.accountId}:role/Reader`,
          'source_profile = admin-mfa',
          '',
          '[profile proc]',
          `credential_process = node -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000001',SecretAccessKey:'x'}))"`,
          '',
        ].join('\n'),
      );
      writeFileSync(
        path.join(dir, 'credentials'),
        '[base]\naws_access_key_id = AKIABASE000000000001\naws_secret_access_key = base-secret\n',
      );
      return {
        HOME: dir,
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
        AWS_ENDPOINT_URL_STS: started.url,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_REGION: DEMO.region,
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },
    between: 'none',
    started: (suite) => {
      emulator = suite.emulator;
    },
  });

  beforeEach(async () => {
    asked = [];
    await fetch(`${emulator.url}/__emulator/sso/reset`, { method: 'POST' });
  });

  afterEach(() => {
    api?.dispose();
    api = undefined;
  });

  const request = (profile: string, code = '123456') => {
    api = createAwsApi({
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return code;
      },
    });
    return api.listLifecyclePolicies(
      { profile, region: DEMO.region, endpoints: emulator.endpoints },
      { maxResults: 1 },
    );
  };

  it('every profile the picker lists gets credentials from the chain', async () => {
    const { profiles, problems } = await listProfiles();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.mfa]),
      [
        ['admin-mfa', 'assumeRole', true],
        ['base', 'static', false],
        ['proc', 'process', false],
        ['reader', 'assumeRole', false],
        ['reader-via-mfa', 'assumeRole', true],
      ],
    );
    for (const p of profiles) {
      const page = await request(p.name);
      assert.ok(Array.isArray(page.items), `a request with profile ${p.name}`);
    }
  });

  it('a role with mfa_serial asks for the code and sends it to STS', async () => {
    await request('admin-mfa', '654321');
    assert.deepEqual(asked, [MFA_SERIAL], 'the code was asked once, naming the device');
    const [call] = (await control()).assumeRoles;
    assert.equal(call?.SerialNumber, MFA_SERIAL);
    assert.equal(call?.TokenCode, '654321');
  });

  it('a chain through an MFA role asks for the code of the role that needs it', async () => {
    await request('reader-via-mfa');
    assert.deepEqual(asked, [MFA_SERIAL]);
    assert.deepEqual(
      (await control()).assumeRoles.map((c) => c.RoleArn?.split('/')[1]),
      ['AdminMfa', 'Reader'],
    );
  });

  it('a wrong code fails with a message that offers another try, not a crash', async () => {
    const err = await request('admin-mfa', '000000').then(
      () => assert.fail('a wrong code must fail'),
      (e: unknown) => e,
    );
    const e = toFootprintError(err, {
      service: 'imagebuilder',
      operation: 'ListLifecyclePolicies',
      profile: 'admin-mfa',
    });
    assert.equal(e.kind, 'invalidCredentials', 'not an IAM permission problem');
    assert.match(e.message, /The MFA code for profile "admin-mfa" was not accepted/);
    assert.ok(e.actions.includes('retry'), e.fullMessage);
    const cancelled = toFootprintError(Object.assign(new Error('x'), { name: 'MfaCodeCancelled' }), {
      service: 'imagebuilder',
      operation: 'ListLifecyclePolicies',
      profile: 'admin-mfa',
    });
    assert.match(cancelled.message, /No MFA code was entered/);
  });

  it('closing the input box (no code) is said as such, through the real chain', async () => {
    api = createAwsApi({
      mfaCodeProvider: () =>
        Promise.reject(Object.assign(new Error('No MFA code was entered.'), { name: 'MfaCodeCancelled' })),
    });
    const err = await api
      .listLifecyclePolicies(
        { profile: 'admin-mfa', region: DEMO.region, endpoints: emulator.endpoints },
        { maxResults: 1 },
      )
      .then(
        () => assert.fail('no code, no credentials'),
        (e: unknown) => e,
      );
    const e = toFootprintError(err, {
      service: 'imagebuilder',
      operation: 'ListLifecyclePolicies',
      profile: 'admin-mfa',
    });
    assert.match(e.message, /No MFA code was entered for profile "admin-mfa"/);
    assert.deepEqual((await control()).assumeRoles, [], 'nothing was sent to STS');
  });

  it('without a code provider the SDK cannot use the profile (what the input box fixes)', async () => {
    api = createAwsApi();
    const err = await api
      .listLifecyclePolicies(
        { profile: 'admin-mfa', region: DEMO.region, endpoints: emulator.endpoints },
        { maxResults: 1 },
      )
      .then(
        () => assert.fail('no provider, no credentials'),
        (e: unknown) => e,
      );
    assert.match(String((err as Error).message), /mfa/i);
  });
});
