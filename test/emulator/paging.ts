/**
 * Pagination like the real services: opaque tokens bound to the exact query they were issued for, pages that are
 * sometimes shorter than `maxResults` while a token still follows, and no token on the last page.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A stable fingerprint of whatever defines a query (operation, region, filters; never maxResults or the token). */
export function queryFingerprint(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 24);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface PageRequest {
  /** The query fingerprint (see `queryFingerprint`). */
  readonly query: string;
  readonly maxResults: number;
  /** The offset read from the request's token (0 without one). */
  readonly offset: number;
  /** The token the request carried, for the token-loop fault. */
  readonly token?: string;
  /** Token-loop fault: the answer always carries a token, the same one when the request had one. */
  readonly tokenLoop?: boolean;
}

export interface PageResult<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export class Paginator {
  private readonly key: Buffer;

  /** `secret` makes tokens of one seed/data set stable across restarts; `shortPageRate` is 0–1. */
  constructor(
    secret: string,
    private readonly shortPageRate: () => number,
  ) {
    this.key = createHash('sha256').update(`image-footprint-emulator:${secret}`).digest();
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.key).update(text).digest();
  }

  issue(query: string, offset: number): string {
    const payload = Buffer.from(JSON.stringify({ q: query, o: offset })).toString('base64url');
    return `${payload}.${this.mac(payload).subarray(0, 18).toString('base64url')}`;
  }

  /** The offset a token stands for, or undefined when it was not issued for this query (or by this emulator). */
  read(token: string, query: string): number | undefined {
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.mac(payload).subarray(0, 18);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { q?: unknown; o?: unknown };
      if (parsed.q !== query || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) {
        return undefined;
      }
      return parsed.o;
    } catch {
      return undefined;
    }
  }

  /** How many items the page at this offset holds: `maxResults`, or fewer on a deterministically chosen short page. */
  private pageSize(query: string, offset: number, maxResults: number, remaining: number): number {
    if (maxResults < 2 || remaining < 2) return Math.min(maxResults, remaining);
    const h = this.mac(`page:${query}:${offset}`);
    if (h[0] / 256 >= this.shortPageRate()) return Math.min(maxResults, remaining);
    const short = 1 + (h[1] % (maxResults - 1));
    return Math.min(short, remaining - 1);
  }

  page<T>(items: readonly T[], req: PageRequest): PageResult<T> {
    const size = this.pageSize(req.query, req.offset, req.maxResults, Math.max(0, items.length - req.offset));
    const end = req.offset + size;
    const pageItems = items.slice(req.offset, end);
    if (req.tokenLoop) return { items: pageItems, nextToken: req.token ?? this.issue(req.query, end) };
    return end < items.length ? { items: pageItems, nextToken: this.issue(req.query, end) } : { items: pageItems };
  }
}
