// Environment that keeps the AWS SDK away from anything real, for processes the harness starts (the extension host
// of the integration run, the browser check, the demo): dummy keys, a fixed region, shared config and credentials
// files of our own (the user's ~/.aws is never read), and no instance metadata service.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DUMMY_ACCESS_KEY_ID = 'AKIAIFTESTDUMMYKEY00';

/**
 * Writes `config` and an empty `credentials` file into `dir` and returns the variables to run with. Variables set
 * to undefined are removed from the child's environment.
 */
export function isolatedAwsEnv(
  dir: string,
  config = '[default]\nregion = us-east-1\n',
): Record<string, string | undefined> {
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  writeFileSync(configFile, config);
  writeFileSync(credentialsFile, '');
  return {
    AWS_ACCESS_KEY_ID: DUMMY_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: 'image-footprint-test-secret-not-real',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_DEFAULT_PROFILE: undefined,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: undefined,
    AWS_ENDPOINT_URL_INSPECTOR2: undefined,
    AWS_ENDPOINT_URL_IMAGEBUILDER: undefined,
  };
}

/**
 * Sets `vars` in this process's environment (undefined removes a variable) and returns the function that puts back
 * what was there: for in-process tests of the AWS layer.
 */
export function applyEnv(vars: Record<string, string | undefined>): () => void {
  const saved: Record<string, string | undefined> = {};
  const set = (key: string, value: string | undefined): void => {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  };
  for (const [key, value] of Object.entries(vars)) {
    saved[key] = process.env[key];
    set(key, value);
  }
  return () => {
    for (const [key, value] of Object.entries(saved)) set(key, value);
  };
}
