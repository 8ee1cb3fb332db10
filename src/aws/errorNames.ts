/**
 * How `toFootprintError` (`aws/errors.ts`) recognises what went wrong: the SDK's exception names for each kind (as the
 * services and STS send them), Node.js network codes, and the shape of an SDK error read without importing the SDK.
 * Pure.
 */
import { redactSecrets } from './redact';

export const EXPIRED = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'TokenRefreshRequired',
  'RequestExpired',
  'ExpiredTokenError',
]);
export const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'AuthFailure',
]);
export const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'ForbiddenException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
export const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'CallRateLimitExceededException',
  'RequestLimitExceeded',
  'ServiceQuotaExceededException',
]);
export const VALIDATION = new Set([
  'ValidationException',
  'InvalidRequestException',
  'ClientException',
  'BadRequestException',
  'InvalidParameterValueException',
]);
export const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException']);
export const SERVER = new Set([
  'InternalServerException',
  'ServiceException',
  'ServiceUnavailableException',
  'InternalFailure',
]);
export const NETWORK_CODES = new Set([
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

export interface ErrorShape {
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
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** "region … not … configured", found with `indexOf` (the expression `region.*not.*configured` backtracks). */
export function saysRegionNotConfigured(message: string): boolean {
  const lower = message.toLowerCase();
  const region = lower.indexOf('region');
  const not = region < 0 ? -1 : lower.indexOf('not', region + 6);
  return not >= 0 && lower.indexOf('configured', not + 3) >= 0;
}

export function shapeOf(err: unknown): ErrorShape {
  return typeof err === 'object' && err !== null ? (err as ErrorShape) : { message: String(err) };
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function networkCodeOf(e: ErrorShape, depth = 0): string | undefined {
  const code = str(e.code) ?? (typeof e.errno === 'string' ? e.errno : undefined);
  if (code && NETWORK_CODES.has(code)) return code;
  if (typeof e.message === 'string' && /socket hang up/i.test(e.message)) return 'ECONNRESET';
  if (depth < 3 && e.cause !== undefined) return networkCodeOf(shapeOf(e.cause), depth + 1);
  return undefined;
}

export function validationFields(e: ErrorShape): string {
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

export function looksLikeSso(message: string): boolean {
  return /\bsso\b|sso session|sso_session|aws sso login/i.test(message);
}
