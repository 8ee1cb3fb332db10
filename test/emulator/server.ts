/**
 * The HTTP server: both services on one port (told apart by path, as each operation has its own URI), the request
 * log, fault injection and the control API under `/__emulator/`, a path no AWS operation uses.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkAuthorization } from './auth';
import { ERROR_FAULT_KINDS, FaultBook } from './faults';
import type { FaultSpec, FaultTable } from './faults';
import { readFixture } from './fixture';
import { imagebuilderDialect, imagebuilderOperations } from './imagebuilder';
import { inspector2Dialect, inspector2Operations } from './inspector2';
import { SsoEmulator } from './sso';
import type { EmulatorData } from './model';
import { Paginator } from './paging';
import type { Operation, ServiceDialect } from './service';
import { ParseProblem } from './validate';
import type { ServiceName } from './wire';
import { AwsError, sendAwsError, sendJson, sendMalformed } from './wire';

export const OPERATIONS: readonly Operation[] = [...inspector2Operations, ...imagebuilderOperations];
export const OPERATION_NAMES: readonly string[] = OPERATIONS.map((o) => o.name);
const DIALECTS: Record<ServiceName, ServiceDialect> = {
  inspector2: inspector2Dialect,
  imagebuilder: imagebuilderDialect,
};

export const CONTROL_PREFIX = '/__emulator';
const BODY_LIMIT = 4 * 1024 * 1024;
/** The log keeps the newest entries only, so a long benchmark cannot exhaust memory. */
export const REQUEST_LOG_LIMIT = 100_000;

export interface RequestLogEntry {
  operation: string;
  service: ServiceName;
  /** Region of the credential scope ('' when the request had no usable scope). */
  region: string;
  /** The JSON body (POST) or query parameters (GET); the raw text when the body was not JSON. */
  input: unknown;
  /** HTTP status sent; 0 = the connection was dropped (fault). */
  status: number;
  /** Arrival, epoch milliseconds. */
  time: number;
  /** `attempt=N` from the SDK's `amz-sdk-request` header, when present. */
  attempt?: number;
  /** The fault applied to this request, if any. */
  fault?: FaultSpec['kind'];
}

export interface ServerSettings {
  readonly data: EmulatorData;
  /** Tokens are signed with a key derived from this (same seed = same tokens). */
  readonly tokenSecret: string;
  readonly faults?: FaultTable;
  /** Describes the data set in `GET /__emulator` (seed, dataset, …). */
  readonly info: Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > BODY_LIMIT ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export class EmulatorServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faultBook = new FaultBook(OPERATION_NAMES);
  private log: RequestLogEntry[] = [];
  /** Bumped by clearRequests: a request that arrived before the clear is not logged when it finishes after it. */
  private logGeneration = 0;
  private current: EmulatorData;
  private readonly paginator: Paginator;
  private baseUrl = '';
  /** IAM Identity Center sign-in (SSO-OIDC and the SSO portal), not SigV4-signed: see sso.ts. */
  readonly sso = new SsoEmulator();

  constructor(private readonly settings: ServerSettings) {
    this.current = settings.data;
    this.paginator = new Paginator(settings.tokenSecret, () => this.current.shortPageRate);
    for (const [operation, fault] of Object.entries(settings.faults ?? {})) this.faultBook.set(operation, fault);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        console.error('[emulator] unexpected failure:', e);
        if (!res.headersSent) sendJson(res, 500, { message: `Emulator failure: ${String(e)}` });
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1; port 0 = a free port. Rejects with a clear message when the port is taken. */
  listen(port: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void =>
        reject(
          new Error(
            e.code === 'EADDRINUSE'
              ? `Port ${port} on 127.0.0.1 is already in use. Stop what uses it or pick another port (--port).`
              : `Cannot listen on 127.0.0.1:${port}: ${e.message}`,
          ),
        );
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve(this.baseUrl);
      });
    });
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const s of this.sockets) s.destroy();
    });
  }

  get data(): EmulatorData {
    return this.current;
  }

  setData(data: EmulatorData): void {
    this.current = data;
  }

  get requests(): readonly RequestLogEntry[] {
    return this.log.slice();
  }

  clearRequests(): void {
    this.log = [];
    this.logGeneration++;
  }

  setFault(operation: string, fault: FaultSpec | undefined): void {
    this.faultBook.set(operation, fault);
  }

  clearFaults(): void {
    this.faultBook.clear();
  }

  get faults(): FaultTable {
    return this.faultBook.list();
  }

  reset(): void {
    this.clearFaults();
    this.clearRequests();
    this.current = this.settings.data;
    this.sso.reset();
  }

  private record(entry: RequestLogEntry, generation: number): void {
    if (generation !== this.logGeneration) return;
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (await this.sso.handle(req, res, url, this.baseUrl)) return;
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      await this.control(req, res, url);
      return;
    }
    const operation = OPERATIONS.find((o) => o.path === url.pathname && o.method === req.method);
    const body = await readBody(req);
    if (!operation) {
      const message = `No operation at ${req.method} ${url.pathname}`;
      sendAwsError(res, 'inspector2', new AwsError(404, 'UnknownOperationException', message, {}, {}, false));
      return;
    }
    const dialect = DIALECTS[operation.service];
    const parsed = body === undefined || body === '' ? { ok: true as const, value: {} } : parseJson(body);
    const input =
      operation.method === 'GET' ? Object.fromEntries(url.searchParams) : parsed.ok ? parsed.value : (body ?? '');
    const generation = this.logGeneration;
    const attempt = /attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1];
    const entry: RequestLogEntry = {
      operation: operation.name,
      service: operation.service,
      region: '',
      input,
      status: 0,
      time: Date.now(),
      ...(attempt !== undefined && { attempt: Number(attempt) }),
    };

    try {
      entry.region = checkAuthorization(req.headers, operation.service).region;
      const fault = this.faultBook.take(operation.name);
      if (fault) entry.fault = fault.kind;
      if (fault?.kind === 'latency') await this.delay(fault.ms ?? 0);
      if (fault?.kind === 'drop') {
        this.record(entry, generation);
        req.socket.destroy();
        return;
      }
      if (fault && ERROR_FAULT_KINDS.has(fault.kind)) {
        throw dialect.fault(fault, operation.name);
      }
      if (body === undefined) throw new AwsError(413, 'RequestEntityTooLargeException', 'Request entity too large');
      if (!parsed.ok) throw dialect.cannotParse('the body is not valid JSON');
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw dialect.cannotParse('the body must be a JSON object');
      }
      const result = operation.handle({
        region: entry.region,
        input: input as Record<string, unknown>,
        data: this.current,
        paginator: this.paginator,
        tokenLoop: fault?.kind === 'tokenLoop',
      });
      entry.status = 200;
      if (fault?.kind === 'malformed') sendMalformed(res, result);
      else sendJson(res, 200, result);
    } catch (e) {
      const error =
        e instanceof AwsError
          ? e
          : e instanceof ParseProblem
            ? dialect.cannotParse(e.message)
            : new AwsError(500, 'InternalFailure', `Emulator failure: ${String(e)}`);
      if (!(e instanceof AwsError) && !(e instanceof ParseProblem)) console.error('[emulator]', e);
      entry.status = error.status;
      sendAwsError(res, operation.service, error);
    }
    this.record(entry, generation);
  }

  // ---------------------------------------------------------------- control API

  private async control(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const body = (await readBody(req)) ?? '';
    const bodyValue = (): unknown => {
      if (body.trim() === '') throw new Error('The request needs a body.');
      const parsed = parseJson(body);
      return parsed.ok ? parsed.value : body.trim();
    };
    try {
      if (path === '' && method === 'GET') {
        sendJson(res, 200, {
          url: this.baseUrl,
          endpoints: { inspector2: this.baseUrl, imagebuilder: this.baseUrl },
          operations: OPERATION_NAMES,
          ...this.settings.info,
          counts: {
            images: this.current.images.length,
            lifecyclePolicies: this.current.lifecyclePolicies.length,
            requests: this.log.length,
          },
        });
      } else if (path === '/requests' && method === 'GET') {
        const operation = url.searchParams.get('operation');
        sendJson(res, 200, { requests: operation ? this.log.filter((e) => e.operation === operation) : this.log });
      } else if (path === '/requests' && method === 'DELETE') {
        this.clearRequests();
        sendJson(res, 200, { cleared: true });
      } else if (path === '/faults' && method === 'GET') {
        sendJson(res, 200, { faults: this.faults });
      } else if (path === '/faults' && method === 'DELETE') {
        this.clearFaults();
        sendJson(res, 200, { faults: this.faults });
      } else if (path.startsWith('/faults/') && (method === 'PUT' || method === 'POST')) {
        this.setFault(decodeURIComponent(path.slice('/faults/'.length)), bodyValue() as FaultSpec);
        sendJson(res, 200, { faults: this.faults });
      } else if (path.startsWith('/faults/') && method === 'DELETE') {
        this.setFault(decodeURIComponent(path.slice('/faults/'.length)), undefined);
        sendJson(res, 200, { faults: this.faults });
      } else if (path === '/reset' && method === 'POST') {
        this.reset();
        sendJson(res, 200, { reset: true });
      } else if (path === '/data' && method === 'GET') {
        sendJson(res, 200, this.current);
      } else if (path === '/data' && method === 'PUT') {
        this.setData(readFixture(bodyValue(), 'PUT /__emulator/data'));
        sendJson(res, 200, {
          images: this.current.images.length,
          lifecyclePolicies: this.current.lifecyclePolicies.length,
        });
      } else {
        sendJson(res, 404, {
          message: `Unknown control request ${method} ${url.pathname}. See test/emulator/README.md ("Control API").`,
        });
      }
    } catch (e) {
      sendJson(res, 400, { message: (e as Error).message });
    }
  }
}
