/**
 * One error type for everything that can go wrong between the user and AWS, and the single place that turns SDK,
 * network and configuration failures into it. Pure: no `vscode`, no SDK import (SDK errors are recognised by shape, so
 * this module stays in the activation bundle while the SDK lives in the lazily loaded `dist/aws-<service>.js`).
 */

import * as l10n from '@vscode/l10n';
import { actionLook } from './errorActions';
import {
  ACCESS_DENIED,
  EXPIRED,
  INVALID_CREDENTIALS,
  NOT_FOUND,
  SERVER,
  THROTTLED,
  VALIDATION,
  looksLikeSso,
  networkCodeOf,
  oneLine,
  saysRegionNotConfigured,
  shapeOf,
  str,
  validationFields,
} from './errorNames';
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

/**
 * One sentence for a named profile, another for the default chain: whole sentences for translators (l10n.md), the
 * profile name an argument.
 */
function byProfile(context: OperationContext, named: (profile: string) => string, chain: () => string): string {
  return context.profile ? named(context.profile) : chain();
}

/** One sentence with the region, another without it. */
function byRegion(context: OperationContext, inRegion: (region: string) => string, anywhere: () => string): string {
  return context.region ? inRegion(context.region) : anywhere();
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
  // l10n-ignore: the log detail (English, as VS Code's own logs)
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

  if (name === 'TokenLoopError') {
    return make(
      'tokenLoop',
      l10n.t('{0} returned a page token it had already returned; paging stopped to avoid a loop.', what),
      l10n.t('The pages shown are kept. Refresh to load the list again.'),
      ['showLog'],
    );
  }
  if (name === 'AbortError' || (typeof e.message === 'string' && e.message === 'Request aborted')) {
    return make('cancelled', l10n.t('{0} was cancelled.', what), '', []);
  }
  // A role with mfa_serial: STS refused the code, or the user closed the input box. Not an IAM permission problem.
  if (name === 'MfaCodeCancelled' || /MultiFactorAuthentication failed/i.test(rawMessage)) {
    const cancelled = name === 'MfaCodeCancelled';
    return make(
      'invalidCredentials',
      cancelled
        ? byProfile(
            context,
            (p) => l10n.t('No MFA code was entered for profile "{0}".', p),
            () => l10n.t('No MFA code was entered for the default credential chain.'),
          )
        : byProfile(
            context,
            (p) => l10n.t('The MFA code for profile "{0}" was not accepted.', p),
            () => l10n.t('The MFA code for the default credential chain was not accepted.'),
          ),
      cancelled
        ? l10n.t('Retry and enter the code of your MFA device.')
        : l10n.t('Retry with the current code of your MFA device.'),
      ['retry', 'selectProfile'],
    );
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    const sso = looksLikeSso(rawMessage);
    if (/expired|refresh/i.test(rawMessage)) {
      return make(
        'expiredCredentials',
        byProfile(
          context,
          (p) => l10n.t('The AWS credentials of profile "{0}" have expired.', p),
          () => l10n.t('The AWS credentials of the default credential chain have expired.'),
        ),
        sso && context.profile
          ? l10n.t(
              'Sign in again (Sign In, in VS Code; or "{0}"), then Retry.',
              // l10n-ignore: a shell command
              `aws sso login --profile ${context.profile}`,
            )
          : l10n.t('Refresh them (for SSO: Sign In), or select another profile, then Retry.'),
        ['signIn', 'selectProfile', 'retry'],
      );
    }
    // The SDK's chain hides why a profile failed ("from any providers"): an SSO or credential_process session that
    // expired is the usual reason, so signing in again is offered for a named profile.
    return make(
      'noCredentials',
      byProfile(
        context,
        (p) => l10n.t('No AWS credentials could be loaded from profile "{0}": {1}', p, rawMessage),
        () => l10n.t('No AWS credentials could be loaded from the default credential chain: {0}', rawMessage),
      ),
      sso
        ? l10n.t(
            'Sign in (Sign In, in VS Code; or "{0}"), or select another profile.',
            // l10n-ignore: a shell command
            `aws sso login${context.profile ? ` --profile ${context.profile}` : ''}`,
          )
        : context.profile
          ? l10n.t(
              'Check the profile in ~/.aws; if it signs in with SSO or a credential_process, its session may have expired: sign in again, then Retry.',
            )
          : l10n.t(
              'Select a profile that has credentials, or configure the default chain (environment variables, ~/.aws).',
            ),
      sso || context.profile ? ['signIn', 'selectProfile', 'retry'] : ['selectProfile', 'retry'],
    );
  }
  if (/region is missing|expected `region`/i.test(rawMessage) || saysRegionNotConfigured(rawMessage)) {
    return make(
      'configuration',
      l10n.t('No AWS region is set.'),
      l10n.t('Select a region, or set one in the profile.'),
      ['selectRegion', 'openSettings'],
    );
  }
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(rawMessage)) {
    return make(
      'expiredCredentials',
      byProfile(
        context,
        (p) => l10n.t('The AWS session of profile "{0}" has expired ({1}).', p, name),
        () => l10n.t('The AWS session of the default credential chain has expired ({0}).', name),
      ),
      context.profile
        ? l10n.t(
            'Sign in again (for SSO: Sign In, or "{0}"), then Retry.',
            // l10n-ignore: a shell command
            `aws sso login --profile ${context.profile}`,
          )
        : l10n.t('Refresh your credentials, then Retry.'),
      ['signIn', 'selectProfile', 'retry'],
    );
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return make(
      'invalidCredentials',
      byProfile(
        context,
        (p) => l10n.t('AWS rejected the credentials of profile "{0}" ({1}).', p, name),
        () => l10n.t('AWS rejected the credentials of the default credential chain ({0}).', name),
      ),
      l10n.t('Check the access key of this profile, or select another profile.'),
      ['selectProfile', 'signIn', 'retry'],
    );
  }
  if (ACCESS_DENIED.has(name) || status === 403) {
    return make(
      'accessDenied',
      byProfile(
        context,
        (p) =>
          byRegion(
            context,
            (r) => l10n.t('Access denied: profile "{0}" is not allowed to call {1} in {2}.', p, what, r),
            () => l10n.t('Access denied: profile "{0}" is not allowed to call {1}.', p, what),
          ),
        () =>
          byRegion(
            context,
            (r) => l10n.t('Access denied: the default credential chain is not allowed to call {0} in {1}.', what, r),
            () => l10n.t('Access denied: the default credential chain is not allowed to call {0}.', what),
          ),
      ),
      l10n.t('Ask for the IAM permission "{0}", or select another profile.', iamActionOf(context)),
      ['selectProfile', 'retry', 'showLog'],
    );
  }
  if (THROTTLED.has(name) || status === 429) {
    return make(
      'throttled',
      byRegion(
        context,
        (r) =>
          attempts !== undefined
            ? l10n.t(
                'AWS is throttling {0} in {1}; the SDK retried after {2} attempts and it still failed.',
                what,
                r,
                attempts,
              )
            : l10n.t('AWS is throttling {0} in {1}; the SDK retried and it still failed.', what, r),
        () =>
          attempts !== undefined
            ? l10n.t('AWS is throttling {0}; the SDK retried after {1} attempts and it still failed.', what, attempts)
            : l10n.t('AWS is throttling {0}; the SDK retried and it still failed.', what),
      ),
      l10n.t('Wait a moment, then Retry.'),
      ['retry', 'showLog'],
    );
  }
  if (name === 'InvalidPaginationTokenException' || (name === 'ValidationException' && /token/i.test(rawMessage))) {
    return make(
      'invalidToken',
      l10n.t('{0} rejected the page token ({1}).', what, rawMessage),
      l10n.t('The list may have changed or the token expired: Retry starts the list again from the first page.'),
      ['retry', 'showLog'],
    );
  }
  if (VALIDATION.has(name) || status === 400) {
    return make(
      'validation',
      l10n.t('{0} rejected the request: {1}.', what, `${rawMessage}${validationFields(e)}`),
      l10n.t('Check the input (image, execution id, settings) and try again.'),
      ['showLog'],
    );
  }
  if (NOT_FOUND.has(name) || status === 404) {
    return make('notFound', l10n.t('Not found: {0}', rawMessage), l10n.t('Check the id and the region.'), [
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
    const code = netCode ?? name;
    return make(
      timedOut ? 'timeout' : 'network',
      timedOut
        ? l10n.t('{0} timed out waiting for {1}.', what, endpoint)
        : byRegion(
            context,
            (r) => l10n.t('{0} could not reach {1} in {2} ({3}).', what, endpoint, r, code),
            () => l10n.t('{0} could not reach {1} ({2}).', what, endpoint, code),
          ),
      context.endpoint
        ? l10n.t('Check the {0} setting and that the endpoint is running, then Retry.', 'imageFootprint.endpoints')
        : l10n.t('Check your network, proxy and region, then Retry.'),
      context.endpoint ? ['retry', 'openSettings', 'showLog'] : ['retry', 'selectRegion', 'showLog'],
    );
  }
  if (SERVER.has(name) || (status !== undefined && status >= 500)) {
    return make(
      'serviceError',
      status
        ? l10n.t('{0} failed on the AWS side ({1}, HTTP {2}).', what, name, status)
        : l10n.t('{0} failed on the AWS side ({1}).', what, name),
      l10n.t('The SDK already retried; try again in a moment.'),
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
      l10n.t('{0} returned a response that could not be read.', what),
      l10n.t('Retry; if it persists, the endpoint may not be an AWS service.'),
      ['retry', 'showLog'],
    );
  }
  return make('unknown', l10n.t('{0} failed: {1}', what, rawMessage), l10n.t('Retry, or see the log for details.'), [
    'retry',
    'showLog',
  ]);
}
