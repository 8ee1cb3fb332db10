/**
 * IAM Identity Center, as far as signing in needs it: SSO-OIDC `RegisterClient` (`POST /client/register`),
 * `StartDeviceAuthorization` (`POST /device_authorization`) and `CreateToken` (`POST /token`, device code and refresh
 * token grants), and the SSO portal's `GetRoleCredentials` (`GET /federation/credentials`, bearer token in
 * `x-amz-sso_bearer_token`). None of them is SigV4-signed. Errors as the services send them: OIDC errors are 400/401
 * with `x-amzn-errortype` and a body `{ error, error_description }` (`AuthorizationPendingException`,
 * `SlowDownException`, `ExpiredTokenException`, `AccessDeniedException`, `InvalidGrantException`,
 * `InvalidClientException`); the portal answers `UnauthorizedException` (401) for a token it does not know or that
 * expired.
 *
 * STS `AssumeRole` (awsQuery: `POST /` with a form body, XML answer) is here too, for profiles that assume a role,
 * with `mfa_serial`: a `TokenCode` of six digits is accepted unless it is `000000`, which answers AccessDenied as STS
 * does for a wrong code; no `TokenCode` for a role whose name contains `Mfa` answers AccessDenied too.
 *
 * The verification page (`GET /sso/verify?user_code=…`, the `verificationUri` handed out) has Approve and Deny buttons,
 * so `npm run demo` can be tried by hand. Tests drive it through the control API under `/__emulator/sso`:
 * `GET` (state and the request log), `POST /approve` and `POST /deny` (`{ "userCode": "…" }` or `{}` for the latest),
 * `POST /settings` (`{ "intervalSeconds": n, "enforceInterval": false }`: tests that do not really wait between
 * polls turn the check off), `POST /slow-down` (`{ "times": n }`: the next CreateToken calls answer SlowDownException), `POST /expire-devices`
 * (every device code expires now), `POST /expire-tokens` (every access token expires now), `POST /reset`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const SSO_CONTROL_PREFIX = '/__emulator/sso';
export const SSO_OPERATIONS = [
  'RegisterClient',
  'StartDeviceAuthorization',
  'CreateToken',
  'GetRoleCredentials',
  'AssumeRole',
];

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface SsoRequestLogEntry {
  readonly operation: string;
  readonly status: number;
  /** The error code sent, when not 200. */
  readonly error?: string;
  /** Arrival, epoch milliseconds. */
  readonly time: number;
}

export interface SsoSettings {
  /** Seconds between polls the service asks for (default 1: tests and the demo should not wait 5 s). */
  intervalSeconds: number;
  /** Lifetime of a device code, seconds (default 600). */
  deviceCodeSeconds: number;
  /** Lifetime of an access token, seconds (default 3600). */
  accessTokenSeconds: number;
  /** Polling faster than the interval is answered with SlowDownException (default true). */
  enforceInterval: boolean;
}

const DEFAULT_SETTINGS: SsoSettings = {
  intervalSeconds: 1,
  deviceCodeSeconds: 600,
  accessTokenSeconds: 3600,
  enforceInterval: true,
};

interface Device {
  readonly clientId: string;
  readonly userCode: string;
  readonly startUrl: string;
  expiresAt: number;
  status: 'pending' | 'approved' | 'denied' | 'used';
  lastPoll: number;
}

interface Token {
  readonly clientId: string;
  readonly startUrl: string;
  expiresAt: number;
}

class SsoError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** OIDC errors carry `error` (the OAuth code) and `error_description`; the portal carries `message`. */
    readonly oauth?: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-requestid': randomUUID(),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: SsoError): void {
  const body = e.oauth ? { error: e.oauth, error_description: e.message } : { message: e.message };
  send(res, e.status, body, { 'x-amzn-errortype': e.code });
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function str(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export class SsoEmulator {
  private readonly clients = new Map<string, { secret: string; grantTypes: readonly string[] }>();
  private readonly devices = new Map<string, Device>();
  private readonly tokens = new Map<string, Token>();
  private readonly refreshTokens = new Map<string, { clientId: string; startUrl: string }>();
  private log: SsoRequestLogEntry[] = [];
  private baseUrl = '';
  /** CreateToken calls still to be answered with SlowDownException (control `POST /slow-down`). */
  private slowDowns = 0;

  private settings: SsoSettings = { ...DEFAULT_SETTINGS };

  reset(): void {
    this.clients.clear();
    this.devices.clear();
    this.tokens.clear();
    this.refreshTokens.clear();
    this.log = [];
    this.slowDowns = 0;
    this.settings = { ...DEFAULT_SETTINGS };
    this.assumeRoles.length = 0;
  }

  /** Handles the request when it is an SSO one (operation, verification page or SSO control): true when it did. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string): Promise<boolean> {
    this.baseUrl = baseUrl;
    const method = req.method ?? 'GET';
    if (method === 'POST' && url.pathname === '/' && /x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      await this.sts(req, res);
      return true;
    }
    const operation =
      method === 'POST' && url.pathname === '/client/register'
        ? 'RegisterClient'
        : method === 'POST' && url.pathname === '/device_authorization'
          ? 'StartDeviceAuthorization'
          : method === 'POST' && url.pathname === '/token'
            ? 'CreateToken'
            : method === 'GET' && url.pathname === '/federation/credentials'
              ? 'GetRoleCredentials'
              : undefined;
    if (operation) {
      const time = Date.now();
      try {
        const body = await readBody(req);
        let input: Record<string, unknown> = {};
        if (operation !== 'GetRoleCredentials') {
          try {
            const parsed: unknown = body ? JSON.parse(body) : {};
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
              input = parsed as Record<string, unknown>;
            }
          } catch {
            throw new SsoError(400, 'InvalidRequestException', 'The body is not JSON.', 'invalid_request');
          }
        }
        const result = this.operate(operation, input, req, url);
        send(res, 200, result);
        this.log.push({ operation, status: 200, time });
      } catch (e) {
        const error =
          e instanceof SsoError ? e : new SsoError(500, 'InternalServerException', String(e), 'server_error');
        sendError(res, error);
        this.log.push({ operation, status: error.status, error: error.code, time });
      }
      return true;
    }
    if (url.pathname === '/sso/verify') {
      await this.verificationPage(req, res, url);
      return true;
    }
    if (url.pathname === SSO_CONTROL_PREFIX || url.pathname.startsWith(`${SSO_CONTROL_PREFIX}/`)) {
      await this.control(req, res, url.pathname.slice(SSO_CONTROL_PREFIX.length).replace(/\/+$/, ''));
      return true;
    }
    return false;
  }

  private operate(operation: string, input: Record<string, unknown>, req: IncomingMessage, url: URL): unknown {
    switch (operation) {
      case 'RegisterClient':
        return this.registerClient(input);
      case 'StartDeviceAuthorization':
        return this.startDeviceAuthorization(input);
      case 'CreateToken':
        return this.createToken(input);
      default:
        return this.getRoleCredentials(req, url);
    }
  }

  private registerClient(input: Record<string, unknown>): unknown {
    if (!str(input, 'clientName') || str(input, 'clientType') !== 'public') {
      throw new SsoError(
        400,
        'InvalidClientMetadataException',
        'clientName and clientType "public" are required.',
        'invalid_client_metadata',
      );
    }
    const clientId = `emu-client-${randomBytes(6).toString('hex')}`;
    const secret = randomBytes(24).toString('base64url');
    const grantTypes = Array.isArray(input.grantTypes)
      ? input.grantTypes.filter((g): g is string => typeof g === 'string')
      : [];
    this.clients.set(clientId, { secret, grantTypes });
    const now = Math.floor(Date.now() / 1000);
    return { clientId, clientSecret: secret, clientIdIssuedAt: now, clientSecretExpiresAt: now + 90 * 86400 };
  }

  private checkClient(input: Record<string, unknown>): { secret: string; grantTypes: readonly string[] } {
    const client = this.clients.get(str(input, 'clientId') ?? '');
    if (!client || client.secret !== str(input, 'clientSecret')) {
      throw new SsoError(401, 'InvalidClientException', 'Invalid client credentials.', 'invalid_client');
    }
    return client;
  }

  private startDeviceAuthorization(input: Record<string, unknown>): unknown {
    this.checkClient(input);
    const startUrl = str(input, 'startUrl');
    if (!startUrl) throw new SsoError(400, 'InvalidRequestException', 'startUrl is required.', 'invalid_request');
    const deviceCode = randomBytes(24).toString('base64url');
    const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
    this.devices.set(deviceCode, {
      clientId: str(input, 'clientId') ?? '',
      userCode,
      startUrl,
      expiresAt: Date.now() + this.settings.deviceCodeSeconds * 1000,
      status: 'pending',
      lastPoll: 0,
    });
    const verificationUri = `${this.baseUrl}/sso/verify`;
    return {
      deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
      expiresIn: this.settings.deviceCodeSeconds,
      interval: this.settings.intervalSeconds,
    };
  }

  private issueToken(clientId: string, startUrl: string, withRefresh: boolean): unknown {
    const accessToken = `emu-access-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, {
      clientId,
      startUrl,
      expiresAt: Date.now() + this.settings.accessTokenSeconds * 1000,
    });
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = `emu-refresh-${randomBytes(24).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, { clientId, startUrl });
    }
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.settings.accessTokenSeconds,
      ...(refreshToken ? { refreshToken } : {}),
    };
  }

  private createToken(input: Record<string, unknown>): unknown {
    const client = this.checkClient(input);
    const clientId = str(input, 'clientId') ?? '';
    const grantType = str(input, 'grantType');
    if (grantType === 'refresh_token') {
      const refresh = this.refreshTokens.get(str(input, 'refreshToken') ?? '');
      if (!refresh || refresh.clientId !== clientId) {
        throw new SsoError(400, 'InvalidGrantException', 'Invalid refresh token.', 'invalid_grant');
      }
      this.refreshTokens.delete(str(input, 'refreshToken') ?? '');
      return this.issueToken(clientId, refresh.startUrl, true);
    }
    if (grantType !== DEVICE_GRANT) {
      throw new SsoError(
        400,
        'UnsupportedGrantTypeException',
        `Unsupported grant type ${grantType ?? ''}.`,
        'unsupported_grant_type',
      );
    }
    const device = this.devices.get(str(input, 'deviceCode') ?? '');
    if (!device || device.clientId !== clientId || device.status === 'used') {
      throw new SsoError(400, 'InvalidGrantException', 'Invalid device code provided.', 'invalid_grant');
    }
    const now = Date.now();
    if (now > device.expiresAt) {
      throw new SsoError(400, 'ExpiredTokenException', 'The device code has expired.', 'expired_token');
    }
    // Polling faster than the interval (with a little slack for timers) is answered with slow_down.
    const tooSoon =
      this.settings.enforceInterval &&
      device.lastPoll > 0 &&
      now - device.lastPoll < this.settings.intervalSeconds * 1000 - 150;
    device.lastPoll = now;
    if (this.slowDowns > 0) {
      this.slowDowns--;
      throw new SsoError(400, 'SlowDownException', 'Client is polling too fast.', 'slow_down');
    }
    if (tooSoon) throw new SsoError(400, 'SlowDownException', 'Client is polling too fast.', 'slow_down');
    if (device.status === 'denied') {
      throw new SsoError(400, 'AccessDeniedException', 'The user denied the authorization request.', 'access_denied');
    }
    if (device.status === 'pending') {
      throw new SsoError(
        400,
        'AuthorizationPendingException',
        'Authorization is still pending.',
        'authorization_pending',
      );
    }
    device.status = 'used';
    return this.issueToken(clientId, device.startUrl, client.grantTypes.includes('refresh_token'));
  }

  private getRoleCredentials(req: IncomingMessage, url: URL): unknown {
    const bearer = req.headers['x-amz-sso_bearer_token'];
    const token = typeof bearer === 'string' ? this.tokens.get(bearer) : undefined;
    if (!token || token.expiresAt <= Date.now()) {
      throw new SsoError(401, 'UnauthorizedException', 'Session token not found or invalid');
    }
    const role = url.searchParams.get('role_name');
    const account = url.searchParams.get('account_id');
    if (!role || !account || !/^\d{12}$/.test(account)) {
      throw new SsoError(400, 'InvalidRequestException', 'role_name and a 12-digit account_id are required.');
    }
    if (role === 'NoAccess') throw new SsoError(403, 'ForbiddenException', 'No access');
    return {
      roleCredentials: {
        accessKeyId: `ASIAEMUSSO${randomBytes(5).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(30).toString('base64'),
        sessionToken: `emu-sso-session-${account}-${role}`,
        expiration: Date.now() + 3600_000,
      },
    };
  }

  /** Inputs of the AssumeRole calls, for tests (`GET /__emulator/sso` → `assumeRoles`). */
  private readonly assumeRoles: Record<string, string>[] = [];

  private async sts(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const time = Date.now();
    const xmlError = (status: number, code: string, message: string): void => {
      const body =
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
        `<Code>${code}</Code><Message>${html(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
      res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      this.log.push({ operation: form.Action ?? 'STS', status, error: code, time });
    };
    if (form.Action !== 'AssumeRole') {
      xmlError(400, 'InvalidAction', `Could not find operation ${form.Action ?? ''}`);
      return;
    }
    this.assumeRoles.push(form);
    const roleArn = form.RoleArn ?? '';
    if (form.SerialNumber && !/^\d{6}$/.test(form.TokenCode ?? '')) {
      xmlError(400, 'ValidationError', 'TokenCode must be 6 digits.');
      return;
    }
    if ((form.SerialNumber && form.TokenCode === '000000') || (/Mfa/.test(roleArn) && !form.TokenCode)) {
      xmlError(403, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
      return;
    }
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    const body =
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
      `<AccessKeyId>ASIAEMUSTS${randomBytes(5).toString('hex').toUpperCase()}</AccessKeyId>` +
      `<SecretAccessKey>${randomBytes(30).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>emu-sts-${randomBytes(16).toString('hex')}</SessionToken><Expiration>${expiration}</Expiration>` +
      `</Credentials><AssumedRoleUser><Arn>${html(roleArn)}/${html(form.RoleSessionName ?? 'session')}</Arn>` +
      '<AssumedRoleId>AROAEMULATOR:session</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>' +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    this.log.push({ operation: 'AssumeRole', status: 200, time });
  }

  private device(userCode: string | undefined): Device | undefined {
    const all = [...this.devices.values()];
    return userCode
      ? all.find((d) => d.userCode === userCode.toUpperCase())
      : all.filter((d) => d.status === 'pending').at(-1);
  }

  private async verificationPage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let message = '';
    let userCode = url.searchParams.get('user_code') ?? '';
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      userCode = form.get('user_code') ?? '';
      const device = this.device(userCode);
      if (!device || device.status !== 'pending') message = `No pending sign-in has the code ${userCode}.`;
      else {
        device.status = form.get('decision') === 'deny' ? 'denied' : 'approved';
        message = device.status === 'approved' ? 'Signed in. You can return to VS Code.' : 'Sign-in denied.';
      }
    }
    const page =
      '<!doctype html><meta charset="utf-8"><title>Emulator sign-in</title><h1>IAM Identity Center (emulator)</h1>' +
      (message ? `<p>${html(message)}</p>` : '') +
      `<form method="post"><label>Code <input name="user_code" value="${html(userCode)}"></label> ` +
      '<button name="decision" value="approve">Approve</button> <button name="decision" value="deny">Deny</button></form>';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page) });
    res.end(page);
  }

  private async control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    let input: Record<string, unknown> = {};
    try {
      const parsed: unknown = body.trim() ? JSON.parse(body) : {};
      if (typeof parsed === 'object' && parsed !== null) input = parsed as Record<string, unknown>;
    } catch {
      send(res, 400, { message: 'The body is not JSON.' });
      return;
    }
    if (path === '' && method === 'GET') {
      send(res, 200, {
        requests: this.log,
        devices: [...this.devices.values()].map((d) => ({
          userCode: d.userCode,
          status: d.status,
          startUrl: d.startUrl,
        })),
        clients: this.clients.size,
        tokens: this.tokens.size,
        assumeRoles: this.assumeRoles,
      });
    } else if ((path === '/approve' || path === '/deny') && method === 'POST') {
      const device = this.device(str(input, 'userCode'));
      if (!device || device.status !== 'pending') {
        send(res, 404, { message: 'No pending device authorization with that user code.' });
        return;
      }
      device.status = path === '/approve' ? 'approved' : 'denied';
      send(res, 200, { userCode: device.userCode, status: device.status });
    } else if (path === '/settings' && method === 'POST') {
      if (typeof input.intervalSeconds === 'number') this.settings.intervalSeconds = input.intervalSeconds;
      if (typeof input.enforceInterval === 'boolean') this.settings.enforceInterval = input.enforceInterval;
      send(res, 200, this.settings);
    } else if (path === '/slow-down' && method === 'POST') {
      this.slowDowns = typeof input.times === 'number' ? input.times : 1;
      send(res, 200, { slowDowns: this.slowDowns });
    } else if (path === '/expire-devices' && method === 'POST') {
      for (const d of this.devices.values()) d.expiresAt = Date.now() - 1;
      send(res, 200, { expired: this.devices.size });
    } else if (path === '/expire-tokens' && method === 'POST') {
      for (const t of this.tokens.values()) t.expiresAt = Date.now() - 1;
      send(res, 200, { expired: this.tokens.size });
    } else if (path === '/reset' && method === 'POST') {
      this.reset();
      send(res, 200, { reset: true });
    } else {
      send(res, 404, { message: `Unknown SSO control request ${method} ${SSO_CONTROL_PREFIX}${path}.` });
    }
  }
}
