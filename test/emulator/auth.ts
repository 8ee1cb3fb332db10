/**
 * SigV4 `Authorization` header checks, with the errors AWS's front door sends for restJson1 services (all 403, no
 * Coral namespace in `x-amzn-errortype`). The signature itself is not verified: the emulator does not know secrets.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './wire';

/** Any syntactically valid region: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-5`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export interface SignedScope {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

function denied(code: string, message: string): AwsError {
  return new AwsError(403, code, message, {}, {}, false);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the credential scope, or throws the error AWS would send for this request. */
export function checkAuthorization(headers: IncomingHttpHeaders, expectedService: string): SignedScope {
  const authorization = header(headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    throw denied('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const space = authorization.indexOf(' ');
  const algorithm = space < 0 ? authorization : authorization.slice(0, space);
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    throw denied('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  }
  const params = new Map<string, string>();
  for (const part of authorization.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const amzDate = header(headers, 'x-amz-date') ?? header(headers, 'date');
  const problems: string[] = [];
  for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(name)) problems.push(`Authorization header requires '${name}' parameter.`);
  }
  if (!amzDate) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (problems.length > 0) {
    throw denied('IncompleteSignatureException', `${problems.join(' ')} Authorization=${authorization}`);
  }

  const credential = params.get('Credential') ?? '';
  const scope = credential.split('/');
  if (scope.length !== 5) {
    throw denied(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = scope;
  if (terminator !== 'aws4_request') {
    throw denied(
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
    );
  }
  if (!REGION_PATTERN.test(region)) {
    throw denied('InvalidSignatureException', 'Credential should be scoped to a valid region.');
  }
  if (service !== expectedService) {
    throw denied('InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'.`);
  }
  const headerDate = /^\d{8}T\d{6}Z$/.test(amzDate ?? '') ? (amzDate ?? '').slice(0, 8) : undefined;
  if (headerDate !== undefined && headerDate !== date) {
    throw denied(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${headerDate}', from '${amzDate}'.`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(params.get('Signature') ?? '')) {
    throw denied(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { accessKeyId, region, service };
}
