/**
 * Endpoint overrides: which are allowed, which are active, and how the status bar and the log describe them.
 *
 * An override sends every signed request (the access key id in `Authorization`, the session token, the image ARNs)
 * somewhere other than AWS, and shows that host's answers as real. So:
 * - `imageFootprint.endpoints` is an application-scoped setting (package.json): only the user's own settings can set
 *   it, never a workspace, trusted or not; `SettingsStore` reads only the user's value of it as well.
 * - `http://` is accepted only for a loopback host (an emulator on this machine); anything else must be `https://`.
 *   A URL with a user name or password is refused (it would be sent along and logged).
 * - The SDK's `AWS_ENDPOINT_URL_<SERVICE>` / `AWS_ENDPOINT_URL` environment variables keep working: the environment
 *   is the user's, not the workspace's. They are not checked, only shown.
 * - While any override is active the status bar says so, with the hosts; the log names them once (origins only).
 * Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { truncateMiddle } from '../util/escape';
import type { AwsService } from './errors';

export const AWS_SERVICES: readonly AwsService[] = ['inspector2', 'imagebuilder'];

/** The SDK's per-service endpoint variable (`AWS_ENDPOINT_URL_` + the service id in upper case). */
export const ENDPOINT_ENV: ReadonlyMap<AwsService, string> = new Map([
  ['inspector2', 'AWS_ENDPOINT_URL_INSPECTOR2'],
  ['imagebuilder', 'AWS_ENDPOINT_URL_IMAGEBUILDER'],
]);

/** `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8, `::1`: hosts that cannot leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // The WHATWG URL parser has already turned `127.1` and `0x7f.1` into dotted decimal.
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (ipv4) return ipv4[1] === '127' && ipv4.slice(2).every((part) => Number(part) <= 255);
  // `::ffff:127.0.0.1`, as the URL parser writes it.
  const mapped = /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null;
}

/**
 * Why `value` cannot be used as the endpoint of `setting`, or undefined when it can. The message names the setting,
 * says what is expected, and that the override is not used.
 */
const LOOPBACK_EXAMPLE = 'http://127.0.0.1:4599';

export function endpointProblem(setting: string, value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return l10n.t(
      '{0} is not a URL ("{1}"); expected an https:// URL, or http:// on this machine only (e.g. {2}). It is ignored.',
      setting,
      truncateMiddle(value, 80),
      LOOPBACK_EXAMPLE,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return l10n.t(
      '{0} must not be a "{1}" URL; expected an https:// URL, or http:// on this machine only (e.g. {2}). It is ignored.',
      setting,
      url.protocol,
      LOOPBACK_EXAMPLE,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return l10n.t(
      '{0} must not contain a user name or password; expected an https:// URL, or http:// on this machine only (e.g. {1}). It is ignored.',
      setting,
      LOOPBACK_EXAMPLE,
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return l10n.t(
      '{0} uses http:// for {1}, which is not this machine: signed requests would travel unencrypted; expected an https:// URL, or http:// on this machine only (e.g. {2}). It is ignored.',
      setting,
      url.host,
      LOOPBACK_EXAMPLE,
    );
  }
  return undefined;
}

/** The origin of an endpoint URL (scheme, host, port: no user name, password, path or query), for messages and logs. */
export function endpointOrigin(value: string): string {
  try {
    const url = new URL(value);
    return url.origin !== 'null' ? url.origin : `${url.protocol}//…`;
  } catch {
    return l10n.t('(not a URL)');
  }
}

export interface EndpointOverride {
  readonly service: AwsService;
  /** Origin only (see `endpointOrigin`). */
  readonly origin: string;
  /** `imageFootprint.endpoints.<service>`, or the environment variable it came from. */
  readonly source: string;
  /** Whether `source` is an environment variable (else the setting). */
  readonly fromEnvironment: boolean;
}

/**
 * The overrides requests use: the setting (already checked) for a service, else its `AWS_ENDPOINT_URL_<SERVICE>`,
 * else `AWS_ENDPOINT_URL` — the order the SDK follows for the environment.
 */
export function activeEndpointOverrides(
  configured: Readonly<Partial<Record<AwsService, string>>>,
  env: Readonly<Record<string, string | undefined>>,
): EndpointOverride[] {
  const overrides: EndpointOverride[] = [];
  for (const service of AWS_SERVICES) {
    const setting = Object.hasOwn(configured, service) ? configured[service] : undefined;
    if (setting) {
      overrides.push({
        service,
        origin: endpointOrigin(setting),
        source: `imageFootprint.endpoints.${service}`,
        fromEnvironment: false,
      });
      continue;
    }
    for (const name of [ENDPOINT_ENV.get(service), 'AWS_ENDPOINT_URL']) {
      const value = name !== undefined && Object.hasOwn(env, name) ? env[name] : undefined;
      if (value && name !== undefined) {
        overrides.push({ service, origin: endpointOrigin(value), source: name, fromEnvironment: true });
        break;
      }
    }
  }
  return overrides;
}

export interface EndpointOverrideDescription {
  /** Appended to the status bar text, e.g. ` · endpoint override`. */
  readonly statusText: string;
  /** Plain-text lines for the tooltip: one per service. */
  readonly tooltipLines: readonly string[];
  /** The line the log writes once per distinct set of overrides. */
  readonly logLine: string;
}

/** How the status bar and the log describe the active overrides; undefined when requests go to AWS. */
export function describeEndpointOverrides(
  overrides: readonly EndpointOverride[],
): EndpointOverrideDescription | undefined {
  if (overrides.length === 0) return undefined;
  // The log stays in English (as VS Code's own logs); the status bar and its tooltip are translated.
  // l10n-ignore: the log line (English, as VS Code's own logs)
  const lines = overrides.map(
    // l10n-ignore: the log line (English, as VS Code's own logs)
    (o) => `${o.service} → ${o.origin} (from ${o.source}${o.fromEnvironment ? ' (environment)' : ''})`,
  );
  const shown = overrides.map((o) =>
    o.fromEnvironment
      ? l10n.t('{0} → {1} (from {2} (environment))', o.service, o.origin, o.source)
      : l10n.t('{0} → {1} (from {2})', o.service, o.origin, o.source),
  );
  return {
    statusText: ` · ${l10n.t('endpoint override')}`,
    tooltipLines: [l10n.t('Requests do not go to AWS:'), ...shown],
    // l10n-ignore: the log line (English, as VS Code's own logs)
    logLine: `Endpoint override active: ${lines.join('; ')}. Answers from these hosts are shown as AWS answers.`,
  };
}
