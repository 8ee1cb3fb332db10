import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listProfiles, parseIni, profilesFrom, regionFallback } from '../../src/aws/profiles';

const CONFIG = `
# comment
[default]
region = us-east-1

[profile sso-dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev
region = eu-west-1

[profile assume]
role_arn = arn:aws:iam::111122223333:role/x
source_profile = default

[profile proc]
credential_process = /usr/bin/get-creds
  nested = ignored

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
`;

const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = SECRET-DEFAULT
[static-only]
aws_access_key_id=AKIASTATIC
aws_secret_access_key=SECRET-STATIC
`;

describe('AWS profiles', () => {
  it('lists profiles of both files with their kind and region, default first, sessions excluded', () => {
    const profiles = profilesFrom(parseIni(CONFIG).sections, parseIni(CREDENTIALS).sections);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? null]),
      [
        ['default', 'static', 'us-east-1'],
        ['assume', 'assumeRole', null],
        ['proc', 'process', null],
        ['sso-dev', 'sso', 'eu-west-1'],
        ['static-only', 'static', null],
      ],
    );
  });

  it('never keeps a secret in what it returns', () => {
    const profiles = profilesFrom(parseIni(CONFIG).sections, parseIni(CREDENTIALS).sections);
    assert.ok(!JSON.stringify(profiles).includes('SECRET'));
  });

  it('skips malformed lines and reports them, keeping the rest', () => {
    const { sections, badLines } = parseIni('garbage line\n[profile ok]\nregion = us-west-2\nno equals here\n');
    assert.deepEqual(badLines, [1, 4]);
    assert.equal(sections.get('profile ok')?.get('region'), 'us-west-2');
  });

  it('region fallback: profile region, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const profiles = profilesFrom(parseIni(CONFIG).sections, undefined);
    assert.equal(regionFallback('sso-dev', profiles, {}), 'eu-west-1');
    assert.equal(regionFallback('assume', profiles, { AWS_REGION: 'ap-south-1' }), 'ap-south-1');
    assert.equal(regionFallback('assume', profiles, { AWS_DEFAULT_REGION: 'ca-central-1' }), 'ca-central-1');
    assert.equal(regionFallback(undefined, profiles, {}), 'us-east-1', 'default profile');
    assert.equal(regionFallback(undefined, profiles, { AWS_PROFILE: 'sso-dev' }), 'eu-west-1');
    assert.equal(regionFallback('assume', profiles, {}), undefined);
  });

  it('reads the files named by AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE; a missing file is not a problem', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'if-profiles-'));
    try {
      writeFileSync(path.join(dir, 'config'), CONFIG);
      const list = await listProfiles({
        AWS_CONFIG_FILE: path.join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'missing'),
      });
      assert.deepEqual(list.problems, []);
      assert.equal(list.profiles.length, 4);
      const unreadable = await listProfiles({ AWS_CONFIG_FILE: dir, AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'x') });
      assert.equal(unreadable.problems.length, 1, 'a directory cannot be read as a file');
      assert.deepEqual(unreadable.profiles, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
