/**
 * One error type for everything that can go wrong between the user and AWS, and the single place that turns SDK,
 * network and configuration failures into it. Pure: no `vscode`, no SDK import (SDK errors are recognised by shape, so
 * this module stays in the activation bundle while the SDK lives in the lazily loaded `dist/aws-<service>.js`).
 */

import { actionLook } from './errorActions';
import { redactSecrets } from './redact';

export { redactSecrets };

export type AwsService = 'inspector2' | 'imagebuilder';

export type FootprintErrorKind =
  | 'noCredentials'
  | 'expiredCredentials'
  | 'invalidCredentials'
  | 'accessDenied'
  | 'throttled'
  | 'validation'
  | 'invalidToken'
  | 'notFound'
  | 'serviceError'
  | 'network'
  | 'timeout'
  | 'badResponse'
  | 'tokenLoop'
  | 'configuration'
  | 'cancelled'
  | 'unknown';

/** What the user can do about it; the UI layer turns these into buttons and links. */
export type ErrorAction = 'retry' | 'signIn' | 'selectProfile' | 'selectRegion' | 'openSettings' | 'showLog';

export interface OperationContext {
  readonly service: AwsService;
  readonly operation: string;
  readonly region?: string;
  readonly profile?: string;
  /** The endpoint the request went to, when overridden; otherwise the default AWS host is named. */
  readonly endpoint?: string;
}

export class FootprintError extends Error {
  override readonly name = 'FootprintError';

  constructor(
    readonly kind: FootprintErrorKind,
    /** One sentence: what failed and why. */
    message: string,
    /** What to do about it, one sentence, or empty. */
    readonly hint: string,
    readonly actions: readonly ErrorAction[],
    readonly context?: OperationContext,
    /** Technical details for the log (error name, status, request id); never credentials. */
    readonly detail?: string,
  ) {
    super(message);
  }

  /** Message and hint on one line, for notifications, hovers and tree tooltips. */
  get fullMessage(): string {
    return this.hint ? `${this.message} ${this.hint}` : this.message;
  }

  /** How an action of this error looks as a tree row (`tree/messageNodes.ts`); the table is `aws/errorActions.ts`. */
  actionLook(action: string): { label: string; icon: string; description?: string } | undefined {
    return actionLook(action, this.context?.profile);
  }
}

export function isFootprintError(value: unknown): value is FootprintError {
  return value instanceof FootprintError;
}

export function iamActionOf(context: OperationContext): string {
  return `${context.service}:${context.operation}`;
}

export function defaultEndpointOf(service: AwsService, region: string | undefined): string {
  const r = region ?? '<region>';
  const suffix = r.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${r}.${suffix}`;
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errno?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
  $response?: unknown;
  fields?: unknown;
  reason?: unknown;
  cause?: unknown;
}

/** One line for messages and the log: control characters (a forged log line) become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** "region … not … configured", found with `indexOf` (the expression `region.*not.*configured` backtracks). */
function saysRegionNotConfigured(message: string): boolean {
  const lower = message.toLowerCase();
  const region = lower.indexOf('region');
  const not = region < 0 ? -1 : lower.indexOf('not', region + 6);
  return not >= 0 && lower.indexOf('configured', not + 3) >= 0;
}

function shapeOf(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : { message: String(err) };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

const EXPIRED = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'TokenRefreshRequired',
  'RequestExpired',
  'ExpiredTokenError',
]);
const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'AuthFailure',
]);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'ForbiddenException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'CallRateLimitExceededException',
  'RequestLimitExceeded',
  'ServiceQuotaExceededException',
]);
const VALIDATION = new Set([
  'ValidationException',
  'InvalidRequestException',
  'ClientException',
  'BadRequestException',
  'InvalidParameterValueException',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException']);
const SERVER = new Set([
  'InternalServerException',
  'ServiceException',
  'ServiceUnavailableException',
  'InternalFailure',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function networkCodeOf(e: ErrorShape, depth = 0): string | undefined {
  const code = str(e.code) ?? (typeof e.errno === 'string' ? e.errno : undefined);
  if (code && NETWORK_CODES.has(code)) return code;
  if (typeof e.message === 'string' && /socket hang up/i.test(e.message)) return 'ECONNRESET';
  if (depth < 3 && e.cause !== undefined) return networkCodeOf(shapeOf(e.cause), depth + 1);
  return undefined;
}

function validationFields(e: ErrorShape): string {
  if (!Array.isArray(e.fields)) return '';
  const parts = e.fields
    .map((f: unknown) => {
      const field = shapeOf(f) as { name?: unknown; message?: unknown };
      const name = str(field.name);
      const message = str(field.message);
      return name ? (message ? `${name}: ${message}` : name) : undefined;
    })
    .filter((p): p is string => p !== undefined);
  return parts.length > 0 ? oneLine(redactSecrets(` (${parts.join('; ')})`)).slice(0, 1000) : '';
}

function profileLabel(context: OperationContext): string {
  return context.profile ? `profile "${context.profile}"` : 'the default credential chain';
}

function looksLikeSso(message: string): boolean {
  return /\bsso\b|sso session|sso_session|aws sso login/i.test(message);
}

/**
 * Turns anything thrown by an AWS call into a FootprintError that says what failed and what to do.
 * An existing FootprintError passes through unchanged.
 */
export function toFootprintError(err: unknown, context: OperationContext): FootprintError {
  if (err instanceof FootprintError) return err;
  const e = shapeOf(err);
  const name = oneLine(redactSecrets(str(e.name) ?? 'Error')).slice(0, 200);
  const rawMessage = oneLine(redactSecrets(str(e.message) ?? name)).slice(0, 2000);
  const status = e.$metadata?.httpStatusCode;
  const requestId =
    e.$metadata?.requestId === undefined ? undefined : oneLine(String(e.$metadata.requestId)).slice(0, 200);
  const attempts = e.$metadata?.attempts;
  const detail = [
    `${context.service}:${context.operation}`,
    `error ${name}`,
    status !== undefined ? `HTTP ${status}` : undefined,
    requestId ? `request id ${requestId}` : undefined,
    attempts !== undefined ? `${attempts} attempt(s)` : undefined,
    context.region ? `region ${context.region}` : undefined,
    `endpoint ${context.endpoint ?? defaultEndpointOf(context.service, context.region)}`,
    `message: ${rawMessage}`,
  ]
    .filter((p) => p !== undefined)
    .join(', ');
  const make = (kind: FootprintErrorKind, message: string, hint: string, actions: ErrorAction[]): FootprintError =>
    new FootprintError(kind, message, hint, actions, context, detail);
  const what = `${context.service}:${context.operation}`;
  const where = context.region ? ` in ${context.region}` : '';

  if (name === 'TokenLoopError') {
    return make(
      'tokenLoop',
      `${what} returned a page token it had already returned; paging stopped to avoid a loop.`,
      'The pages shown are kept. Refresh to load the list again.',
      ['showLog'],
    );
  }
  if (name === 'AbortError' || (typeof e.message === 'string' && e.message === 'Request aborted')) {
    return make('cancelled', `${what} was cancelled.`, '', []);
  }
  // A role with mfa_serial: STS refused the code, or the user closed the input box. Not an IAM permission problem.
  if (name === 'MfaCodeCancelled' || /MultiFactorAuthentication failed/i.test(rawMessage)) {
    const cancelled = name === 'MfaCodeCancelled';
    return make(
      'invalidCredentials',
      cancelled
        ? `No MFA code was entered for ${profileLabel(context)}.`
        : `The MFA code for ${profileLabel(context)} was not accepted.`,
      cancelled ? 'Retry and enter the code of your MFA device.' : 'Retry with the current code of your MFA device.',
      ['retry', 'selectProfile'],
    );
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const sso = looksLikeSso(rawMessage);
    if (/expired|refresh/i.test(rawMessage)) {
      return make(
        'expiredCredentials',
        `The AWS credentials of ${profileLabel(context)} have expired.`,
        sso && context.profile
          ? `Sign in again (Sign In, in VS Code; or "aws sso login --profile ${context.profile}"), then Retry.`
          : 'Refresh them (for SSO: Sign In), or select another profile, then Retry.',
        ['signIn', 'selectProfile', 'retry'],
      );
    }
    // The SDK's chain hides why a profile failed ("from any providers"): an SSO or credential_process session that
    // expired is the usual reason, so signing in again is offered for a named profile.
    return make(
      'noCredentials',
      `No AWS credentials could be loaded from ${profileLabel(context)}: ${rawMessage}`,
      sso
        ? `Sign in (Sign In, in VS Code; or "aws sso login${context.profile ? ` --profile ${context.profile}` : ''}"), or select another profile.`
        : context.profile
          ? `Check the profile in ~/.aws; if it signs in with SSO or a credential_process, its session may have expired: sign in again, then Retry.`
          : 'Select a profile that has credentials, or configure the default chain (environment variables, ~/.aws).',
      sso || context.profile ? ['signIn', 'selectProfile', 'retry'] : ['selectProfile', 'retry'],
    );
  }
  if (/region is missing|expected `region`/i.test(rawMessage) || saysRegionNotConfigured(rawMessage)) {
    return make('configuration', 'No AWS region is set.', 'Select a region, or set one in the profile.', [
      'selectRegion',
      'openSettings',
    ]);
  }
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(rawMessage)) {
    return make(
      'expiredCredentials',
      `The AWS session of ${profileLabel(context)} has expired (${name}).`,
      context.profile
        ? `Sign in again (for SSO: Sign In, or "aws sso login --profile ${context.profile}"), then Retry.`
        : 'Refresh your credentials, then Retry.',
      ['signIn', 'selectProfile', 'retry'],
    );
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return make(
      'invalidCredentials',
      `AWS rejected the credentials of ${profileLabel(context)} (${name}).`,
      'Check the access key of this profile, or select another profile.',
      ['selectProfile', 'signIn', 'retry'],
    );
  }
  if (ACCESS_DENIED.has(name) || status === 403) {
    return make(
      'accessDenied',
      `Access denied: ${profileLabel(context)} is not allowed to call ${what}${where}.`,
      `Ask for the IAM permission "${iamActionOf(context)}", or select another profile.`,
      ['selectProfile', 'retry', 'showLog'],
    );
  }
  if (THROTTLED.has(name) || status === 429) {
    const tries = attempts !== undefined ? ` after ${attempts} attempts` : '';
    return make(
      'throttled',
      `AWS is throttling ${what}${where}; the SDK retried${tries} and it still failed.`,
      'Wait a moment, then Retry.',
      ['retry', 'showLog'],
    );
  }
  if (name === 'InvalidPaginationTokenException' || (name === 'ValidationException' && /token/i.test(rawMessage))) {
    return make(
      'invalidToken',
      `${what} rejected the page token (${rawMessage}).`,
      'The list may have changed or the token expired: Retry starts the list again from the first page.',
      ['retry', 'showLog'],
    );
  }
  if (VALIDATION.has(name) || status === 400) {
    return make(
      'validation',
      `${what} rejected the request: ${rawMessage}${validationFields(e)}.`,
      'Check the input (image, execution id, settings) and try again.',
      ['showLog'],
    );
  }
  if (NOT_FOUND.has(name) || status === 404) {
    return make('notFound', `Not found: ${rawMessage}`, `Check the id and the region${where ? '' : ''}.`, [
      'selectRegion',
      'showLog',
    ]);
  }
  const netCode = networkCodeOf(e);
  if (netCode || name === 'TimeoutError' || name === 'RequestTimeout') {
    const endpoint = context.endpoint ?? defaultEndpointOf(context.service, context.region);
    // The SDK names a reset socket "TimeoutError" too; only a real timeout is reported as one.
    const timedOut =
      netCode === 'ETIMEDOUT' || ((name === 'TimeoutError' || name === 'RequestTimeout') && netCode === undefined);
    return make(
      timedOut ? 'timeout' : 'network',
      timedOut
        ? `${what} timed out waiting for ${endpoint}.`
        : `${what} could not reach ${endpoint}${where} (${netCode ?? name}).`,
      context.endpoint
        ? 'Check the imageFootprint.endpoints setting and that the endpoint is running, then Retry.'
        : 'Check your network, proxy and region, then Retry.',
      context.endpoint ? ['retry', 'openSettings', 'showLog'] : ['retry', 'selectRegion', 'showLog'],
    );
  }
  if (SERVER.has(name) || (status !== undefined && status >= 500)) {
    return make(
      'serviceError',
      `${what} failed on the AWS side (${name}${status ? `, HTTP ${status}` : ''}).`,
      'The SDK already retried; try again in a moment.',
      ['retry', 'showLog'],
    );
  }
  // The SDK attaches $response to every error of a response, service errors included: only one without $fault (not
  // an error the service sent) is an answer that could not be read.
  if (
    (e.$response !== undefined && e.$fault === undefined) ||
    name === 'SyntaxError' ||
    name === 'ResponseShapeError'
  ) {
    return make(
      'badResponse',
      `${what} returned a response that could not be read.`,
      'Retry; if it persists, the endpoint may not be an AWS service.',
      ['retry', 'showLog'],
    );
  }
  return make('unknown', `${what} failed: ${rawMessage}`, 'Retry, or see the log for details.', ['retry', 'showLog']);
}
