import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export type ServiceName = 'inspector2' | 'imagebuilder';

/** An error response as AWS sends it: status, `x-amzn-errortype`, JSON body `{ message, ...members }`. */
export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Further body members (Inspector2 `reason`, `fields`). */
    readonly members: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
    /** Errors raised by a service carry the Coral namespace in the header; gateway errors (auth) do not. */
    readonly fromService = true,
  ) {
    super(message);
    this.name = code;
  }
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), date: new Date().toUTCString() };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseHeaders(), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendAwsError(res: ServerResponse, service: ServiceName, error: AwsError): void {
  const text = JSON.stringify({ message: error.message, ...error.members });
  const errorType = error.fromService
    ? `${error.code}:http://internal.amazon.com/coral/com.amazonaws.${service}/`
    : error.code;
  res.writeHead(error.status, {
    ...baseHeaders(),
    ...error.headers,
    'x-amzn-errortype': errorType,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A 200 whose JSON body stops half-way: what a broken proxy or a cut stream delivers. */
export function sendMalformed(res: ServerResponse, body: unknown): void {
  const full = JSON.stringify(body ?? {});
  const text = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
  res.writeHead(200, { ...baseHeaders(), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
