/**
 * Real SDK clients pointed at an emulator, for tests and benchmarks. Static credentials: the emulator checks the
 * SigV4 scope, not the secret.
 */
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import type { Emulator } from './index';

export interface TestClientOptions {
  /** Default us-east-1 (the demo region). */
  readonly region?: string;
  /** Default 1: a test of an error should see exactly one request. Pass 3 for the SDK's default retries. */
  readonly maxAttempts?: number;
  readonly sessionToken?: string;
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIAEMULATORTEST0001', secretAccessKey: 'emulator-secret' } as const;

function config(endpoint: string, o: TestClientOptions) {
  return {
    endpoint,
    region: o.region ?? 'us-east-1',
    maxAttempts: o.maxAttempts ?? 1,
    credentials: { ...TEST_CREDENTIALS, ...(o.sessionToken !== undefined && { sessionToken: o.sessionToken }) },
  };
}

export function inspectorClient(emulator: Pick<Emulator, 'endpoints'>, o: TestClientOptions = {}): Inspector2Client {
  return new Inspector2Client(config(emulator.endpoints.inspector2, o));
}

export function imagebuilderClient(
  emulator: Pick<Emulator, 'endpoints'>,
  o: TestClientOptions = {},
): ImagebuilderClient {
  return new ImagebuilderClient(config(emulator.endpoints.imagebuilder, o));
}

export interface RawRequest {
  readonly method?: 'GET' | 'POST';
  /** Operation path with query, e.g. `/cluster/get`. */
  readonly path: string;
  readonly body?: string;
  /** The scope's service; default from the path (inspector2 for `/cluster` and `/coverage`, else imagebuilder). */
  readonly service?: string;
  readonly region?: string;
  /** Replaces the whole Authorization header; `null` sends none. */
  readonly authorization?: string | null;
}

export interface RawResponse {
  readonly status: number;
  readonly errorType: string | null;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/**
 * A hand-made request with a SigV4-shaped Authorization header (the emulator checks the scope, not the signature):
 * for what the SDK cannot send, such as a missing header, a wrong scope or a body that is not JSON.
 */
export async function rawAwsRequest(emulator: Pick<Emulator, 'url'>, r: RawRequest): Promise<RawResponse> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const service = r.service ?? (/^\/(cluster|coverage)\//.test(r.path) ? 'inspector2' : 'imagebuilder');
  const scope = `${TEST_CREDENTIALS.accessKeyId}/${amzDate.slice(0, 8)}/${r.region ?? 'us-east-1'}/${service}/aws4_request`;
  const authorization =
    r.authorization === undefined
      ? `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`
      : r.authorization;
  const method = r.method ?? 'POST';
  const response = await fetch(`${emulator.url}${r.path}`, {
    method,
    headers: {
      'x-amz-date': amzDate,
      ...(method === 'POST' && { 'content-type': 'application/json' }),
      ...(authorization !== null && { authorization }),
    },
    ...(method === 'POST' && { body: r.body ?? '{}' }),
  });
  const text = await response.text();
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    headers: response.headers,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}
