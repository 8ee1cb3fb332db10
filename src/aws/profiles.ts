/**
 * Profiles for the picker, read from the user's shared config and credentials files (AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE, or ~/.aws/config and ~/.aws/credentials). Only names, regions and the kind of
 * credentials are kept: secret values are never read into the result.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export type ProfileKind = 'sso' | 'static' | 'process' | 'assumeRole' | 'webIdentity' | 'other';

export interface AwsProfile {
  readonly name: string;
  readonly region?: string;
  readonly kind: ProfileKind;
  /** Where it was found: the config file, the credentials file, or both. */
  readonly sources: readonly ('config' | 'credentials')[];
}

export interface ProfileList {
  readonly profiles: readonly AwsProfile[];
  /** Files that could not be read or parsed, with why; the profiles of the other file are still listed. */
  readonly problems: readonly string[];
}

type Sections = Map<string, Map<string, string>>;

/** Parses an AWS shared config/credentials file (INI with `[profile x]` sections in config). Never throws. */
export function parseIni(text: string): { sections: Sections; badLines: number[] } {
  const sections: Sections = new Map();
  const badLines: number[] = [];
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.replace(/^\uFEFF/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(trimmed);
    if (header) {
      const name = (header[1] ?? '').trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(line) && current && lastKey) {
      // A continuation (nested s3 = ... settings); kept as part of the previous key, not needed here.
      continue;
    }
    const eq = trimmed.indexOf('=');
    if (eq <= 0 || !current) {
      badLines.push(i + 1);
      continue;
    }
    lastKey = trimmed.slice(0, eq).trim().toLowerCase();
    current.set(lastKey, trimmed.slice(eq + 1).trim());
  }
  return { sections, badLines };
}

function kindOf(values: ReadonlyMap<string, string>): ProfileKind {
  if (values.has('sso_session') || values.has('sso_start_url') || values.has('sso_account_id')) return 'sso';
  if (values.has('role_arn') && values.has('web_identity_token_file')) return 'webIdentity';
  if (values.has('role_arn')) return 'assumeRole';
  if (values.has('credential_process')) return 'process';
  if (values.has('aws_access_key_id')) return 'static';
  return 'other';
}

/** Combines the two parsed files into profile entries, sorted with `default` first. */
export function profilesFrom(config: Sections | undefined, credentials: Sections | undefined): AwsProfile[] {
  const byName = new Map<string, { values: Map<string, string>; sources: Set<'config' | 'credentials'> }>();
  const add = (name: string, values: Map<string, string>, source: 'config' | 'credentials'): void => {
    if (!name || /\s/.test(name)) return;
    const entry = byName.get(name) ?? { values: new Map<string, string>(), sources: new Set() };
    for (const [k, v] of values) if (!entry.values.has(k)) entry.values.set(k, v);
    entry.sources.add(source);
    byName.set(name, entry);
  };
  for (const [section, values] of config ?? []) {
    if (section === 'default') add('default', values, 'config');
    else if (section.startsWith('profile ')) add(section.slice('profile '.length).trim(), values, 'config');
  }
  for (const [section, values] of credentials ?? []) add(section, values, 'credentials');
  return [...byName.entries()]
    .map(([name, { values, sources }]) => ({
      name,
      region: values.get('region') || undefined,
      kind: kindOf(values),
      sources: [...sources],
    }))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    config: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

async function readSections(file: string, problems: string[]): Promise<Sections | undefined> {
  let text: string;
  try {
    // Required on first use, not at activation (about 1 ms of a cold activation).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readFile } = require('node:fs/promises') as typeof import('node:fs/promises');
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      problems.push(
        `Could not read ${file} (${code ?? 'error'}): its profiles are not listed. Check that it is a readable file.`,
      );
    }
    return undefined;
  }
  const { sections, badLines } = parseIni(text);
  if (badLines.length > 0) {
    problems.push(
      `${file}: ${badLines.length} line(s) could not be read (line ${badLines.slice(0, 5).join(', ')}); they are ` +
        'skipped. Check them: "[profile name]" headers and "key = value" lines.',
    );
  }
  return sections;
}

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ProfileList> {
  const files = sharedFilePaths(env);
  const problems: string[] = [];
  const [config, credentials] = await Promise.all([
    readSections(files.config, problems),
    readSections(files.credentials, problems),
  ]);
  return { profiles: profilesFrom(config, credentials), problems };
}

/**
 * The region to use when the setting is empty: the profile's region, then AWS_REGION, then AWS_DEFAULT_REGION.
 * `profile` undefined means the default chain, i.e. AWS_PROFILE or `default`.
 */
export function regionFallback(
  profile: string | undefined,
  profiles: readonly AwsProfile[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const name = profile ?? env.AWS_PROFILE ?? 'default';
  return profiles.find((p) => p.name === name)?.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}
