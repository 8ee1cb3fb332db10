/**
 * Profiles as the picker and the status bar list them (src/aws/sdk/sharedConfig.ts over src/aws/profiles.ts) must be
 * the profiles the SDK's credential chain and region provider see. Each case writes real files and asks both: our
 * list, and the SDK itself (`loadConfig(NODE_REGION_CONFIG_OPTIONS)` for the region, `fromIni` for credentials).
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromIni } from '@aws-sdk/credential-providers';
import { loadConfig, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';
import { profilesFrom, regionFallback, type AwsProfile } from '../../src/aws/profiles';
import { partitionOf, regionDescription, regionGroups } from '../../src/aws/regions';
import { listProfiles, regionPartitions, sharedFilePaths } from '../../src/aws/sdk/sharedConfig';
import { applyEnv } from '../support/isolatedAws';

const CONFIG = `
# comment
[default]
region = us-west-1

[profile default]
region = eu-central-1 # team default
output = json

[profile commented]
region = ap-southeast-6 ; a newer region

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
region = eu-west-1

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-2
sso_account_id = 111122223333
sso_role_name = Legacy

[profile assume]
role_arn = arn:aws:iam::111122223333:role/x
source_profile = sso-dev

[profile chained]
role_arn = arn:aws:iam::111122223333:role/y
source_profile = assume

[profile mfa]
role_arn = arn:aws:iam::111122223333:role/admin
source_profile = static-only
mfa_serial = arn:aws:iam::111122223333:mfa/alice

[profile proc]
credential_process = node -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000001',SecretAccessKey:'proc-secret'}))"
s3 =
  max_concurrent_requests = 20
region = sa-east-1

[profile cn]
region = cn-north-1
aws_access_key_id = AKIACHINA00000000001
aws_secret_access_key = SECRET-CN

[profile gov]
region = us-gov-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions

[sso-session broken]
sso_region = eu-west-1

[profile broken-sso]
sso_session = broken

[services local]
inspector2 =
  endpoint_url = http://127.0.0.1:1
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULT000000001
aws_secret_access_key = SECRET-DEFAULT
[static-only]
aws_access_key_id=AKIASTATIC0000000001
aws_secret_access_key=SECRET-STATIC
region = ca-central-1
[proc]
region = us-west-2
`;

describe('AWS profiles, as the SDK reads them', () => {
  let dir: string;
  let restore: () => void;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'if-profiles-'));
    writeFileSync(path.join(dir, 'config'), CONFIG);
    writeFileSync(path.join(dir, 'credentials'), CREDENTIALS);
    env = {
      HOME: dir,
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    };
    // The SDK's own readers take their files from the process environment.
    restore = applyEnv({
      ...env,
      AWS_PROFILE: undefined,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
    });
  });

  after(() => {
    restore();
    rmSync(dir, { recursive: true, force: true });
  });

  const byName = (profiles: readonly AwsProfile[], name: string): AwsProfile => {
    const p = profiles.find((x) => x.name === name);
    assert.ok(p, `profile ${name} is listed`);
    return p;
  };

  it('lists the profiles of both files with their kind, default first, sso-session and services sections excluded', async () => {
    const { profiles, problems } = await listProfiles(env);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind]),
      [
        ['default', 'static'],
        ['assume', 'assumeRole'],
        ['broken-sso', 'sso'],
        ['chained', 'assumeRole'],
        ['cn', 'static'],
        ['commented', 'other'],
        ['gov', 'other'],
        ['mfa', 'assumeRole'],
        ['proc', 'process'],
        ['sso-dev', 'sso'],
        ['sso-legacy', 'sso'],
        ['static-only', 'static'],
      ],
    );
    assert.ok(!JSON.stringify(profiles).includes('SECRET'), 'no secret is kept');
  });

  it('every listed region is the region the SDK resolves for that profile (comments, [profile default], files)', async () => {
    const { profiles } = await listProfiles(env);
    assert.equal(byName(profiles, 'default').region, 'eu-central-1', '[profile default] wins, the comment is stripped');
    assert.equal(byName(profiles, 'commented').region, 'ap-southeast-6');
    assert.equal(byName(profiles, 'proc').region, 'sa-east-1', 'the config file wins over the credentials file');
    assert.equal(byName(profiles, 'static-only').region, 'ca-central-1', 'a region in the credentials file counts');
    for (const p of profiles) {
      const sdk = await loadConfig(NODE_REGION_CONFIG_OPTIONS, { profile: p.name, ignoreCache: true })().catch(
        () => undefined,
      );
      assert.equal(p.region, sdk, `region of ${p.name}`);
    }
  });

  it('the credential chain resolves the static and credential_process profiles the picker lists', async () => {
    const { profiles } = await listProfiles(env);
    const expected: Record<string, string> = {
      default: 'AKIADEFAULT000000001',
      'static-only': 'AKIASTATIC0000000001',
      cn: 'AKIACHINA00000000001',
      proc: 'AKIAPROCESS000000001',
    };
    for (const p of profiles.filter((x) => x.kind === 'static' || x.kind === 'process')) {
      const creds = await fromIni({ profile: p.name, ignoreCache: true })();
      assert.equal(creds.accessKeyId, expected[p.name], `credentials of ${p.name}`);
    }
  });

  it('knows the SSO sign-in of sso-session, legacy and source_profile chains, and says what is missing', async () => {
    const { profiles } = await listProfiles(env);
    assert.deepEqual(byName(profiles, 'sso-dev').sso, {
      session: 'corp',
      startUrl: 'https://corp.awsapps.com/start',
      region: 'eu-west-1',
      scopes: ['sso:account:access', 'codewhisperer:completions'],
    });
    assert.deepEqual(byName(profiles, 'sso-legacy').sso, {
      startUrl: 'https://legacy.awsapps.com/start',
      region: 'us-east-2',
      scopes: ['sso:account:access'],
    });
    assert.equal(byName(profiles, 'chained').sso?.session, 'corp', 'an assume-role chain signs in at its source');
    assert.equal(byName(profiles, 'broken-sso').sso, undefined);
    assert.match(byName(profiles, 'broken-sso').ssoProblem ?? '', /needs both sso_start_url and sso_region/);
    assert.equal(byName(profiles, 'static-only').sso, undefined);
  });

  it('marks profiles that assume a role with mfa_serial', async () => {
    const { profiles } = await listProfiles(env);
    assert.deepEqual(
      profiles.filter((p) => p.mfa).map((p) => p.name),
      ['mfa'],
    );
  });

  it('AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE: a missing file is no problem; an unreadable one is named', async () => {
    const missing = await listProfiles({ ...env, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'missing') });
    assert.deepEqual(missing.problems, []);
    assert.ok(!missing.profiles.some((p) => p.name === 'static-only'));
    const unreadable = await listProfiles({ ...env, AWS_CONFIG_FILE: dir });
    assert.equal(unreadable.problems.length, 1, 'a directory cannot be read as a file');
    assert.match(unreadable.problems[0] ?? '', /Could not read .* \(EISDIR\).*Check/);
    assert.ok(
      unreadable.profiles.some((p) => p.name === 'static-only'),
      'the other file still counts',
    );
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked');
      writeFileSync(locked, '[profile x]\nregion = us-east-1\n');
      chmodSync(locked, 0);
      const list = await listProfiles({ ...env, AWS_CONFIG_FILE: locked });
      assert.match(list.problems[0] ?? '', /EACCES/);
    }
  });

  it('a file the SDK cannot parse is reported, as the SDK sees no profile in it either', async () => {
    const bad = path.join(dir, 'proto');
    writeFileSync(bad, '[profile ok]\nregion = us-east-1\n[profile __proto__]\nregion = x\n');
    const list = await listProfiles({ ...env, AWS_CONFIG_FILE: bad });
    assert.equal(list.problems.length, 1);
    assert.match(list.problems[0] ?? '', /reads no profile from it/);
    assert.ok(!list.profiles.some((p) => p.name === 'ok'), 'the SDK drops the whole file, so does the list');
    writeFileSync(bad, '\u0000\u0001[[[\nnot ini at all\n= =\n');
    const garbage = await listProfiles({ ...env, AWS_CONFIG_FILE: bad });
    assert.match(garbage.problems[0] ?? '', /reads no profile from it.*Check/);
    writeFileSync(bad, '# only a comment\n\n; and another\n');
    assert.deepEqual((await listProfiles({ ...env, AWS_CONFIG_FILE: bad })).problems, [], 'comments only: no problem');
  });

  it('names the files as the SDK does: environment, else ~/.aws', () => {
    assert.deepEqual(sharedFilePaths({ HOME: '/h' }), { config: '/h/.aws/config', credentials: '/h/.aws/credentials' });
    assert.equal(sharedFilePaths({ HOME: '/h', AWS_CONFIG_FILE: '~/cfg' }).config, '/h/cfg');
  });

  it('region fallback: AWS_REGION, then the profile region, then AWS_DEFAULT_REGION', () => {
    const profiles = profilesFrom({
      configFile: { default: { region: 'us-east-1' }, 'sso-dev': { region: 'eu-west-1' }, assume: {} },
      credentialsFile: {},
    });
    assert.equal(regionFallback('sso-dev', profiles, {}), 'eu-west-1');
    assert.equal(regionFallback('sso-dev', profiles, { AWS_REGION: 'ap-south-1' }), 'ap-south-1');
    assert.equal(regionFallback('assume', profiles, { AWS_DEFAULT_REGION: 'ca-central-1' }), 'ca-central-1');
    assert.equal(regionFallback(undefined, profiles, {}), 'us-east-1', 'default profile');
    assert.equal(regionFallback(undefined, profiles, { AWS_PROFILE: 'sso-dev' }), 'eu-west-1');
    assert.equal(regionFallback('assume', profiles, {}), undefined);
  });
});

describe('Regions from the SDK partition table', () => {
  const partitions = regionPartitions();

  it('has the named regions of each partition, newer ones included, no pseudo-regions', () => {
    const aws = partitions.find((p) => p.id === 'aws');
    assert.ok(aws);
    assert.equal(aws.regions.find((r) => r.id === 'ap-southeast-6')?.description, 'Asia Pacific (New Zealand)');
    assert.equal(aws.regions.find((r) => r.id === 'us-east-1')?.description, 'US East (N. Virginia)');
    assert.ok(!aws.regions.some((r) => r.id === 'aws-global'));
    assert.deepEqual(
      partitions
        .find((p) => p.id === 'aws-cn')
        ?.regions.map((r) => r.id)
        .sort(),
      ['cn-north-1', 'cn-northwest-1'],
    );
  });

  it('China and GovCloud profiles see their own partition; without a region, every public partition', () => {
    assert.deepEqual(
      regionGroups(partitions, 'cn-north-1').map((g) => g.id),
      ['aws-cn'],
    );
    assert.deepEqual(
      regionGroups(partitions, 'us-gov-west-1').map((g) => g.name),
      ['AWS GovCloud (US)'],
    );
    assert.deepEqual(
      regionGroups(partitions, 'eu-west-1').map((g) => g.id),
      ['aws'],
    );
    assert.deepEqual(
      regionGroups(partitions, undefined).map((g) => g.id),
      ['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc'],
    );
    assert.deepEqual(
      regionGroups(partitions, 'us-iso-east-1').map((g) => g.id),
      ['aws-iso'],
      'an isolated profile sees its own',
    );
    assert.equal(regionDescription('cn-north-1', partitions), 'China (Beijing) · AWS China', 'a typed region is named');
    assert.equal(regionDescription('mars-1', partitions), undefined);
  });

  it('a region not yet in the table belongs to the partition its pattern matches', () => {
    assert.equal(partitionOf('eu-future-9', partitions)?.id, 'aws');
    assert.equal(partitionOf('cn-future-9', partitions)?.id, 'aws-cn');
    assert.equal(partitionOf('mars-1', partitions), undefined);
  });
});
