/**
 * Profiles for the picker, the status bar and sign-in, built from the shared config and credentials files exactly as
 * the AWS SDK parsed them: `src/aws/sdk/sharedConfig.ts` (the lazily loaded `dist/awsConfig.js`) reads them with the
 * SDK's own `loadSharedConfigFiles`, the loader the credential chain uses, and hands the parsed sections here. There
 * is no INI parser of ours: comments, `[default]` vs `[profile default]`, `sso-session` and `services` sections and
 * continuation lines mean what they mean to the SDK. Pure (no `vscode`, no SDK import); only names, regions, the kind
 * of credentials and the SSO start URL are kept: secret values never reach the result.
 */
import * as l10n from '@vscode/l10n';

export type ProfileKind = 'sso' | 'static' | 'process' | 'assumeRole' | 'webIdentity' | 'other';

/** Where an SSO profile signs in: an `[sso-session]` section, or the legacy `sso_start_url` in the profile. */
export interface SsoSignInConfig {
  /** The `sso_session` name; undefined for a legacy profile (the token cache is then keyed by the start URL). */
  readonly session?: string;
  readonly startUrl: string;
  /** The IAM Identity Center region (`sso_region`). */
  readonly region: string;
  /** `sso_registration_scopes` (sso-session only); default `sso:account:access`. */
  readonly scopes: readonly string[];
}

export interface AwsProfile {
  readonly name: string;
  readonly region?: string;
  readonly kind: ProfileKind;
  /** Where it was found: the config file, the credentials file, or both. */
  readonly sources: readonly ('config' | 'credentials')[];
  /** The SSO sign-in this profile needs: its own, or that of the profile at the end of its `source_profile` chain. */
  readonly sso?: SsoSignInConfig;
  /** The SSO configuration is incomplete (no start URL or region): why, to show instead of signing in. */
  readonly ssoProblem?: string;
  /** The profile (or a profile in its `source_profile` chain) assumes a role with `mfa_serial`: a code is asked. */
  readonly mfa: boolean;
}

export interface ProfileList {
  readonly profiles: readonly AwsProfile[];
  /** Files that could not be read, with why and what to do; the profiles of the other file are still listed. */
  readonly problems: readonly string[];
}

/** Sections as the SDK's `loadSharedConfigFiles` returns them (`ParsedIniData`): name → key → value. */
export type IniSections = Readonly<Record<string, Readonly<Record<string, string | undefined>> | undefined>>;

/** What `loadSharedConfigFiles` returns: config sections (profiles without the `profile ` prefix) and credentials. */
export interface SharedConfigFiles {
  readonly configFile: IniSections;
  readonly credentialsFile: IniSections;
}

/** Section-name prefixes the SDK keeps in the config data that are not profiles (`IniSectionType`). */
const NON_PROFILE_PREFIXES = ['sso-session.', 'services.'];
const DEFAULT_SCOPES = ['sso:account:access'];

/** A name the profile setting accepts (settings.ts and the picker use the same rule). */
export function isUsableProfileName(name: string): boolean {
  return /^[^\s[\]\p{Cc}\p{Cf}]{1,128}$/u.test(name);
}

function value(values: Readonly<Record<string, string | undefined>> | undefined, key: string): string | undefined {
  if (!values || !Object.hasOwn(values, key)) return undefined;
  const v = values[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function kindOf(values: Readonly<Record<string, string | undefined>>): ProfileKind {
  // The order of the SDK's fromIni: static keys win over assume-role only when no role_arn is set.
  if (value(values, 'sso_session') || value(values, 'sso_start_url') || value(values, 'sso_account_id')) return 'sso';
  if (value(values, 'role_arn') && value(values, 'web_identity_token_file')) return 'webIdentity';
  if (value(values, 'role_arn')) return 'assumeRole';
  if (value(values, 'credential_process')) return 'process';
  if (value(values, 'aws_access_key_id')) return 'static';
  return 'other';
}

/**
 * The profiles of both files, merged the way the credential chain merges them (`parseKnownFiles`: a key in the
 * credentials file wins over the same key in the config file) with the region read the way the SDK's region provider
 * reads it (the config file wins). Sorted with `default` first.
 */
export function profilesFrom(files: SharedConfigFiles): AwsProfile[] {
  const names = new Set<string>();
  const sources = new Map<string, ('config' | 'credentials')[]>();
  const add = (name: string, source: 'config' | 'credentials'): void => {
    if (!isUsableProfileName(name) || NON_PROFILE_PREFIXES.some((p) => name.startsWith(p))) return;
    names.add(name);
    const list = sources.get(name);
    if (list) list.push(source);
    else sources.set(name, [source]);
  };
  for (const name of Object.keys(files.configFile)) add(name, 'config');
  for (const name of Object.keys(files.credentialsFile)) add(name, 'credentials');

  const mergedCache = new Map<string, Readonly<Record<string, string | undefined>>>();
  const merged = (name: string): Readonly<Record<string, string | undefined>> => {
    let values = mergedCache.get(name);
    if (!values) {
      values = {
        ...(Object.hasOwn(files.configFile, name) ? files.configFile[name] : {}),
        ...(Object.hasOwn(files.credentialsFile, name) ? files.credentialsFile[name] : {}),
      };
      mergedCache.set(name, values);
    }
    return values;
  };
  const region = (name: string): string | undefined =>
    value(Object.hasOwn(files.configFile, name) ? files.configFile[name] : undefined, 'region') ??
    value(Object.hasOwn(files.credentialsFile, name) ? files.credentialsFile[name] : undefined, 'region');

  return [...names]
    .map((name): AwsProfile => {
      const values = merged(name);
      const chain = value(values, 'source_profile') ? sourceChain(name, merged) : [name];
      const ssoProfile = chain.find((n) => kindOf(merged(n)) === 'sso');
      const sso = ssoProfile ? ssoConfigOf(merged(ssoProfile), files.configFile) : undefined;
      return {
        name,
        region: region(name),
        kind: kindOf(values),
        sources: sources.get(name) ?? [],
        ...(sso && 'startUrl' in sso ? { sso } : {}),
        ...(sso && 'problem' in sso ? { ssoProblem: sso.problem } : {}),
        mfa: chain.some(
          (n) => value(merged(n), 'role_arn') !== undefined && value(merged(n), 'mfa_serial') !== undefined,
        ),
      };
    })
    .sort((a, b) =>
      a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
}

/** The profile and the profiles its `source_profile` chain visits (a cycle stops the walk, as it fails in the SDK). */
function sourceChain(name: string, merged: (name: string) => Readonly<Record<string, string | undefined>>): string[] {
  const chain = [name];
  let current = name;
  for (;;) {
    const next = value(merged(current), 'source_profile');
    if (!next || chain.includes(next) || chain.length > 16) return chain;
    chain.push(next);
    current = next;
  }
}

function ssoConfigOf(
  profile: Readonly<Record<string, string | undefined>>,
  config: IniSections,
): SsoSignInConfig | { problem: string } {
  const session = value(profile, 'sso_session');
  if (session) {
    const key = `sso-session.${session}`;
    const section = Object.hasOwn(config, key) ? config[key] : undefined;
    if (!section) return { problem: l10n.t('The sso-session "{0}" is not defined in the config file.', session) };
    const startUrl = value(section, 'sso_start_url');
    const region = value(section, 'sso_region');
    if (!startUrl || !region) {
      return { problem: l10n.t('The sso-session "{0}" needs both sso_start_url and sso_region.', session) };
    }
    const scopes = (value(section, 'sso_registration_scopes') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return { session, startUrl, region, scopes: scopes.length > 0 ? scopes : DEFAULT_SCOPES };
  }
  const startUrl = value(profile, 'sso_start_url');
  const region = value(profile, 'sso_region');
  if (!startUrl || !region) {
    return { problem: l10n.t('The profile needs sso_start_url and sso_region (or sso_session).') };
  }
  return { startUrl, region, scopes: DEFAULT_SCOPES };
}

/** The name the SDK's chain uses when no profile is selected: AWS_PROFILE, then `default`. */
export function effectiveProfileName(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return profile || env.AWS_PROFILE || 'default';
}

/**
 * The region to use when the setting is empty: AWS_REGION, then the profile's region, then AWS_DEFAULT_REGION — the
 * order of the SDK's region provider (environment first, then the shared config file). `profile` undefined means the
 * default chain, i.e. AWS_PROFILE or `default`.
 */
export function regionFallback(
  profile: string | undefined,
  profiles: readonly AwsProfile[],
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const name = effectiveProfileName(profile, env);
  return env.AWS_REGION || profiles.find((p) => p.name === name)?.region || env.AWS_DEFAULT_REGION || undefined;
}
