/**
 * The AWS configuration as the SDK reads it: the shared config and credentials files through the SDK's own
 * `loadSharedConfigFiles` (from `@smithy/core/config`, the loader the credential chain uses), and the regions of each
 * partition from the SDK's partition data (the table behind `partition()` in `@aws-sdk/util-endpoints`). Bundled on its
 * own as `dist/awsConfig.js` (no client, no credential provider, no HTTP) and required on first use by AwsSession, so
 * activation loads none of it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/core/config';
import * as l10n from '@vscode/l10n';
import { partitionsInfo } from './partitions';
import { profilesFrom, type ProfileList, type SharedConfigFiles } from '../profiles';
import type { RegionPartition } from '../regions';

/** The two files, named the way the SDK names them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, or ~/.aws). */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || getHomeDir();
  const resolve = (file: string): string => (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
  return {
    config: resolve(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    credentials: resolve(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  };
}

/**
 * The SDK's loader never fails: a file it cannot read or parse counts as empty. The user still deserves to know
 * why a profile is missing, so each file is also read here, only to say what went wrong.
 */
async function problemOf(file: string, parsed: object): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    return l10n.t(
      'Could not read {0} ({1}): its profiles are not listed. Check that it is a readable file.',
      file,
      code ?? 'error',
    );
  }
  const meaningful = text.split(/\r?\n/).some((line) => {
    const t = line.replace(/^\uFEFF/, '').trim();
    return t !== '' && !t.startsWith('#') && !t.startsWith(';');
  });
  if (Object.keys(parsed).length === 0 && meaningful) {
    return l10n.t(
      '{0}: the AWS SDK reads no profile from it, so the credential chain cannot use it either. Check its "{1}" headers and "{2}" lines (a section named "{3}" makes the SDK drop the whole file).',
      file,
      // l10n-ignore: INI syntax, written as in the file
      '[profile name]',
      // l10n-ignore: INI syntax, written as in the file
      'key = value',
      '__proto__',
    );
  }
  return undefined;
}

/** Profiles of the shared files, exactly as the credential chain sees them, with a problem per unreadable file. */
export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileList> {
  const files = sharedFilePaths(env);
  // ignoreCache: the SDK otherwise keeps its first read for the life of the process.
  const parsed: SharedConfigFiles = await loadSharedConfigFiles({
    configFilepath: files.config,
    filepath: files.credentials,
    ignoreCache: true,
  });
  const problems = await Promise.all([
    problemOf(files.config, parsed.configFile),
    problemOf(files.credentials, parsed.credentialsFile),
  ]);
  return { profiles: profilesFrom(parsed), problems: problems.filter((p): p is string => p !== undefined) };
}

/**
 * Display names of the partitions (the table has ids only). AWS's product names stay as they are; the words around
 * them are translated (read when the picker asks, after `configureL10n`).
 */
// l10n-ignore: AWS product names stay as AWS writes them
const PARTITION_NAMES: Readonly<Record<string, () => string>> = {
  aws: () => 'AWS',
  'aws-cn': () => l10n.t('AWS China'),
  'aws-us-gov': () => 'AWS GovCloud (US)',
  // l10n-ignore: an AWS product name
  'aws-eusc': () => 'AWS European Sovereign Cloud',
  'aws-iso': () => 'AWS ISO (US)',
  'aws-iso-b': () => 'AWS ISOB (US)',
  'aws-iso-e': () => l10n.t('AWS ISOE (Europe)'),
  'aws-iso-f': () => 'AWS ISOF',
};

/**
 * This bundle (`dist/awsConfig.js`) has its own copy of `@vscode/l10n`: `AwsSession` configures it with the bundle
 * VS Code loaded for the extension when it requires this one.
 */
export { config as configureL10n } from '@vscode/l10n';

/** Every partition with its regions and their names, from the SDK's table; pseudo-regions (`aws-global`) left out. */
export function regionPartitions(): RegionPartition[] {
  return partitionsInfo.partitions.map((p) => {
    const pattern = new RegExp(p.regionRegex);
    const regions: Record<string, { description?: string } | undefined> = p.regions;
    return {
      id: p.id,
      name: Object.hasOwn(PARTITION_NAMES, p.id) ? PARTITION_NAMES[p.id]!() : p.id,
      regionPattern: p.regionRegex,
      regions: Object.entries(regions)
        .filter(([id]) => pattern.test(id))
        .map(([id, r]) => ({ id, description: r?.description ?? id })),
    };
  });
}
