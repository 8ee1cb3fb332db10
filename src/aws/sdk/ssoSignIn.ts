/**
 * Signing in to IAM Identity Center without the AWS CLI: the OAuth device authorization flow of SSO-OIDC
 * (`RegisterClient`, `StartDeviceAuthorization`, then `CreateToken` polled at the interval the service asks for, slower
 * after each `SlowDownException`), and `CreateToken` with a refresh token when the cache holds one. The token is
 * written where the SDK's SSO credential provider and the AWS CLI read it: `~/.aws/sso/cache/<sha1>.json`, keyed by the
 * sso-session name (or by the start URL for a legacy profile), with the CLI's fields. Bundled alone as `dist/awsSignIn.js` (neither service's client).
 *
 * The endpoint is the SDK's own resolution: `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL`, a `services` section of
 * the profile, else `oidc.<sso_region>.amazonaws.com`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { getSSOTokenFilepath } from '@smithy/core/config';
import type { SsoSignInConfig } from '../profiles';
import type { SsoDeviceAuthorization, SsoSignIn, SsoSignInOptions, SsoSignInResult } from '../types';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: after slow_down the interval grows by 5 seconds. */
const SLOW_DOWN_SECONDS = 5;
/** A cached client registration is reused only when it has at least this long left. */
const REGISTRATION_MARGIN_MS = 15 * 60_000;

/** The cache file as the AWS CLI writes it (the SDK's `SSOToken`). */
interface CachedToken {
  startUrl?: string;
  region?: string;
  accessToken?: string;
  expiresAt?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

/** The failure of a device authorization, named so that src/aws/errors.ts and the UI can tell them apart. */
export class SsoSignInError extends Error {
  constructor(
    readonly reason: 'denied' | 'expired' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'SsoSignInError';
  }
}

/** The cache key: the sso-session name, or the start URL of a legacy profile (as the SDK and the CLI key it). */
export function tokenCacheFile(config: SsoSignInConfig): string {
  return getSSOTokenFilepath(config.session ?? config.startUrl);
}

/** ISO 8601 without milliseconds, as the CLI writes it ("2026-11-30T12:00:00Z"). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function readCache(file: string): Promise<CachedToken | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as CachedToken)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, readable by the user only (it holds a bearer token). */
async function writeCache(file: string, token: CachedToken): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, JSON.stringify(token, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      // l10n-ignore: internal detail: the host shows its own translated message per reason
      reject(new SsoSignInError('cancelled', 'Sign-in was cancelled.'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      // l10n-ignore: internal detail: the host shows its own translated message per reason
      reject(new SsoSignInError('cancelled', 'Sign-in was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function errorName(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { name?: unknown }).name === 'string'
    ? (err as { name: string }).name
    : 'Error';
}

export function createSsoSignIn(options: SsoSignInOptions = {}): SsoSignIn {
  const log = options.log ?? (() => undefined);
  const sleep = options.sleep ?? abortableSleep;
  const clientFor = (region: string): SSOOIDCClient =>
    new SSOOIDCClient({
      region,
      ...(options.requestTimeoutMs
        ? {
            requestHandler: {
              connectionTimeout: options.requestTimeoutMs,
              requestTimeout: options.requestTimeoutMs,
              throwOnRequestTimeout: true,
            },
          }
        : {}),
    });

  /** The cached client registration when it is still good for a while, else a new one. */
  async function registration(
    client: SSOOIDCClient,
    config: SsoSignInConfig,
    cached: CachedToken | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ clientId: string; clientSecret: string; expiresAt: Date }> {
    const expires = cached?.registrationExpiresAt ? new Date(cached.registrationExpiresAt) : undefined;
    if (cached?.clientId && cached.clientSecret && expires && expires.getTime() - Date.now() > REGISTRATION_MARGIN_MS) {
      return { clientId: cached.clientId, clientSecret: cached.clientSecret, expiresAt: expires };
    }
    const out = await client.send(
      new RegisterClientCommand({
        clientName: `image-footprint-${config.session ?? 'legacy'}`.slice(0, 64),
        clientType: 'public',
        ...(config.session ? { scopes: [...config.scopes], grantTypes: [DEVICE_GRANT, 'refresh_token'] } : {}),
      }),
      { abortSignal: signal },
    );
    log(`SSO-OIDC RegisterClient ${config.region} ok`);
    if (!out.clientId || !out.clientSecret) throw new Error('RegisterClient answered without a client id or secret.');
    return {
      clientId: out.clientId,
      clientSecret: out.clientSecret,
      expiresAt: new Date((out.clientSecretExpiresAt ?? Math.floor(Date.now() / 1000) + 86400) * 1000),
    };
  }

  /** Writes the new token with the CLI's fields; the registration and refresh token only for an sso-session. */
  async function store(
    config: SsoSignInConfig,
    token: { accessToken?: string; expiresIn?: number; refreshToken?: string },
    reg: { clientId: string; clientSecret: string; expiresAt: Date },
    via: SsoSignInResult['via'],
  ): Promise<SsoSignInResult> {
    if (!token.accessToken) throw new Error('CreateToken answered without an access token.');
    const expiresAt = new Date(Date.now() + (token.expiresIn ?? 3600) * 1000);
    const file = tokenCacheFile(config);
    await writeCache(file, {
      startUrl: config.startUrl,
      region: config.region,
      accessToken: token.accessToken,
      expiresAt: isoSeconds(expiresAt),
      ...(config.session
        ? {
            clientId: reg.clientId,
            clientSecret: reg.clientSecret,
            registrationExpiresAt: isoSeconds(reg.expiresAt),
            ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
          }
        : {}),
    });
    log(`SSO sign-in for ${config.session ? `sso-session ${config.session}` : config.startUrl} written to ${file}`);
    return { cacheFile: file, expiresAt, via };
  }

  return {
    async refresh(config, signal) {
      if (!config.session) return undefined; // Legacy profiles have no refresh token (neither has the CLI).
      const cached = await readCache(tokenCacheFile(config));
      const regExpires = cached?.registrationExpiresAt ? new Date(cached.registrationExpiresAt).getTime() : 0;
      if (!cached?.refreshToken || !cached.clientId || !cached.clientSecret || regExpires <= Date.now()) {
        return undefined;
      }
      const client = clientFor(config.region);
      try {
        const out = await client.send(
          new CreateTokenCommand({
            clientId: cached.clientId,
            clientSecret: cached.clientSecret,
            grantType: 'refresh_token',
            refreshToken: cached.refreshToken,
          }),
          { abortSignal: signal },
        );
        log(`SSO-OIDC CreateToken (refresh_token) ${config.region} ok`);
        return await store(
          config,
          { ...out, refreshToken: out.refreshToken ?? cached.refreshToken },
          { clientId: cached.clientId, clientSecret: cached.clientSecret, expiresAt: new Date(regExpires) },
          'refreshToken',
        );
      } catch (err) {
        // l10n-ignore: internal detail: the host shows its own translated message per reason
        if (signal?.aborted) throw new SsoSignInError('cancelled', 'Sign-in was cancelled.');
        // An expired or revoked refresh token: the device authorization is the way in.
        log(`SSO-OIDC CreateToken (refresh_token) ${config.region} failed: ${errorName(err)}`);
        return undefined;
      } finally {
        client.destroy();
      }
    },

    async startDeviceAuthorization(config, signal): Promise<SsoDeviceAuthorization> {
      const client = clientFor(config.region);
      try {
        const reg = await registration(client, config, await readCache(tokenCacheFile(config)), signal);
        const auth = await client.send(
          new StartDeviceAuthorizationCommand({
            clientId: reg.clientId,
            clientSecret: reg.clientSecret,
            startUrl: config.startUrl,
          }),
          { abortSignal: signal },
        );
        log(`SSO-OIDC StartDeviceAuthorization ${config.region} ok`);
        if (!auth.deviceCode || !auth.userCode || !auth.verificationUri) {
          throw new Error('StartDeviceAuthorization answered without a device code, user code or verification URL.');
        }
        const deviceCode = auth.deviceCode;
        const expiresAt = new Date(Date.now() + (auth.expiresIn ?? 600) * 1000);
        let intervalMs = Math.max(1, auth.interval ?? 5) * 1000;
        return {
          verificationUri: auth.verificationUri,
          verificationUriComplete: auth.verificationUriComplete,
          userCode: auth.userCode,
          expiresAt,
          async complete(completeSignal) {
            try {
              for (;;) {
                await sleep(intervalMs, completeSignal);
                if (Date.now() > expiresAt.getTime()) {
                  // l10n-ignore: internal detail: the host shows its own translated message per reason
                  throw new SsoSignInError('expired', 'The sign-in code expired before it was approved.');
                }
                try {
                  const out = await client.send(
                    new CreateTokenCommand({
                      clientId: reg.clientId,
                      clientSecret: reg.clientSecret,
                      grantType: DEVICE_GRANT,
                      deviceCode,
                    }),
                    { abortSignal: completeSignal },
                  );
                  log(`SSO-OIDC CreateToken ${config.region} ok`);
                  return await store(config, out, reg, 'deviceAuthorization');
                } catch (err) {
                  // l10n-ignore: internal detail: the host shows its own translated message per reason
                  if (completeSignal.aborted) throw new SsoSignInError('cancelled', 'Sign-in was cancelled.');
                  const name = errorName(err);
                  if (name === 'AuthorizationPendingException') continue;
                  if (name === 'SlowDownException') {
                    intervalMs += SLOW_DOWN_SECONDS * 1000;
                    log(`SSO-OIDC CreateToken: slow down, polling every ${intervalMs / 1000} s`);
                    continue;
                  }
                  if (name === 'ExpiredTokenException') {
                    // l10n-ignore: internal detail: the host shows its own translated message per reason
                    throw new SsoSignInError('expired', 'The sign-in code expired before it was approved.');
                  }
                  if (name === 'AccessDeniedException') {
                    // l10n-ignore: internal detail: the host shows its own translated message per reason
                    throw new SsoSignInError('denied', 'The sign-in request was denied in the browser.');
                  }
                  throw err;
                }
              }
            } finally {
              client.destroy();
            }
          },
        };
      } catch (err) {
        client.destroy();
        throw err;
      }
    },
  };
}
