import * as assert from 'node:assert/strict';
import { FootprintError, toFootprintError, type OperationContext } from '../../src/aws/errors';

const ctx: OperationContext = {
  service: 'inspector2',
  operation: 'GetClustersForImage',
  region: 'us-east-1',
  profile: 'prod',
};

function sdkError(name: string, status?: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status, requestId: 'req-1', attempts: 3 },
    ...extra,
  });
}

describe('toFootprintError', () => {
  const table: [unknown, string][] = [
    [sdkError('AccessDeniedException', 403), 'accessDenied'],
    [sdkError('ForbiddenException', 403), 'accessDenied'],
    [sdkError('ExpiredTokenException', 403), 'expiredCredentials'],
    [sdkError('UnrecognizedClientException', 403), 'invalidCredentials'],
    [sdkError('ThrottlingException', 429), 'throttled'],
    [sdkError('CallRateLimitExceededException', 429), 'throttled'],
    [sdkError('ValidationException', 400, { fields: [{ name: 'filter.resourceId', message: 'bad' }] }), 'validation'],
    [sdkError('InvalidPaginationTokenException', 400), 'invalidToken'],
    [sdkError('ResourceNotFoundException', 404), 'notFound'],
    [sdkError('InternalServerException', 500), 'serviceError'],
    [sdkError('ServiceUnavailableException', 503), 'serviceError'],
    [sdkError('TeapotException', 418), 'unknown'],
    [sdkError('SomethingNew', 400), 'validation'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'network'],
    [Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), 'network'],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'timeout'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled'],
    [
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      'noCredentials',
    ],
    [
      Object.assign(new Error('The SSO session associated with this profile has expired'), {
        name: 'CredentialsProviderError',
      }),
      'expiredCredentials',
    ],
    [Object.assign(new SyntaxError('Unexpected token <'), { $response: {} }), 'badResponse'],
    [Object.assign(new Error('loop'), { name: 'TokenLoopError' }), 'tokenLoop'],
    ['a string', 'unknown'],
    [undefined, 'unknown'],
  ];
  for (const [err, kind] of table) {
    it(`${(err as { name?: string })?.name ?? String(err)} → ${kind}`, () => {
      const e = toFootprintError(err, ctx);
      assert.equal(e.kind, kind, e.fullMessage);
      assert.ok(e.message.length > 0);
    });
  }

  it('names the missing IAM action on access denied and offers profile selection', () => {
    const e = toFootprintError(sdkError('AccessDeniedException', 403), ctx);
    assert.match(e.fullMessage, /inspector2:GetClustersForImage/);
    assert.ok(e.actions.includes('selectProfile'));
  });

  it('offers aws sso login for the profile when the SSO session expired', () => {
    const e = toFootprintError(
      Object.assign(new Error('SSO session expired, run aws sso login'), { name: 'CredentialsProviderError' }),
      ctx,
    );
    assert.match(e.fullMessage, /aws sso login --profile prod/);
    assert.ok(e.actions.includes('signIn'));
  });

  it('says which input was invalid', () => {
    const e = toFootprintError(
      sdkError('ValidationException', 400, { fields: [{ name: 'filter.resourceId', message: 'pattern' }] }),
      ctx,
    );
    assert.match(e.fullMessage, /filter\.resourceId: pattern/);
  });

  it('names the endpoint and region on network errors', () => {
    const e = toFootprintError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), {
      ...ctx,
      endpoint: 'http://127.0.0.1:4599',
    });
    assert.match(e.fullMessage, /http:\/\/127\.0\.0\.1:4599/);
    assert.ok(e.actions.includes('openSettings'));
    const d = toFootprintError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), ctx);
    assert.match(d.fullMessage, /inspector2\.us-east-1\.amazonaws\.com/);
  });

  it('keeps the request id and status for the log, never the secret', () => {
    const e = toFootprintError(
      sdkError('ThrottlingException', 429, { config: { credentials: { secretAccessKey: 'SECRET123' } } }),
      ctx,
    );
    assert.match(e.detail ?? '', /request id req-1/);
    assert.match(e.detail ?? '', /HTTP 429/);
    assert.ok(!(e.detail ?? '').includes('SECRET123'));
  });

  it('passes a FootprintError through unchanged', () => {
    const original = new FootprintError('configuration', 'No region', '', ['selectRegion']);
    assert.equal(toFootprintError(original, ctx), original);
  });
});
