/**
 * Fault injection, per operation (or `*` for all): errors, latency, dropped connections, broken bodies and a
 * pagination token that never ends. Set from the CLI (`--fault Op=throttle:2`), from tests (`setFault`) and over the
 * control API.
 */

export const FAULT_KINDS = [
  'throttle',
  'internal',
  'unavailable',
  'accessDenied',
  'expiredToken',
  'latency',
  'drop',
  'malformed',
  'tokenLoop',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The faults that answer with an error response instead of the operation's result. */
export const ERROR_FAULT_KINDS: ReadonlySet<FaultKind> = new Set([
  'throttle',
  'internal',
  'unavailable',
  'accessDenied',
  'expiredToken',
]);

export interface FaultSpec {
  /**
   * - `throttle`: 429 (`ThrottlingException` / `CallRateLimitExceededException`) with `Retry-After`
   * - `internal`: 500 (`InternalServerException` / `ServiceException`)
   * - `unavailable`: 503 `ServiceUnavailableException`
   * - `accessDenied`: 403 `AccessDeniedException` (an IAM deny)
   * - `expiredToken`: 403 `ExpiredTokenException`
   * - `latency`: answers normally after `ms` milliseconds
   * - `drop`: closes the connection without answering
   * - `malformed`: 200 with a JSON body cut in half
   * - `tokenLoop`: answers normally but always returns the same `nextToken`
   */
  readonly kind: FaultKind;
  /** How many requests of the operation it affects, then it clears itself; undefined = every request until cleared. */
  readonly times?: number;
  /** `latency` only: milliseconds added before answering. */
  readonly ms?: number;
  /** `throttle` only: the `Retry-After` header in seconds (default 1; the SDK waits at least this long to retry). */
  readonly retryAfterSeconds?: number;
}

/** Operation name to fault, or `*` for every operation. */
export type FaultTable = Record<string, FaultSpec>;

const ALIASES: Record<string, FaultKind> = {
  throttle: 'throttle',
  '429': 'throttle',
  internal: 'internal',
  '500': 'internal',
  unavailable: 'unavailable',
  '503': 'unavailable',
  denied: 'accessDenied',
  accessdenied: 'accessDenied',
  expired: 'expiredToken',
  expiredtoken: 'expiredToken',
  latency: 'latency',
  drop: 'drop',
  malformed: 'malformed',
  tokenloop: 'tokenLoop',
  loop: 'tokenLoop',
};

export const FAULT_SYNTAX =
  'throttle[:N] | 500[:N] | 503[:N] | denied[:N] | expired[:N] | latency:MS[:N] | drop[:N] | malformed[:N] | tokenloop[:N]';

function count(text: string, what: string, whole: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new Error(`Fault '${whole}': ${what} must be a whole number of at least 1, not '${text}'.`);
  }
  return Number(text);
}

/** Parses the CLI form, e.g. `throttle:2`, `latency:800`, `latency:800:3`, `500`, `tokenloop`. */
export function parseFault(text: string): FaultSpec {
  const [name, ...args] = text.trim().split(':');
  const kind = ALIASES[name.toLowerCase()];
  if (kind === undefined) throw new Error(`Unknown fault '${text}'. Use one of: ${FAULT_SYNTAX}.`);
  if (kind === 'latency') {
    if (args.length < 1 || args.length > 2) throw new Error(`Fault '${text}': write latency:MS or latency:MS:N.`);
    const ms = count(args[0], 'the delay in milliseconds', text);
    return args.length === 2 ? { kind, ms, times: count(args[1], 'the number of requests', text) } : { kind, ms };
  }
  if (args.length > 1) throw new Error(`Fault '${text}': write ${name} or ${name}:N (N = number of requests).`);
  return args.length === 1 ? { kind, times: count(args[0], 'the number of requests', text) } : { kind };
}

/** Parses `Operation=fault` (the value of `--fault`). */
export function parseFaultAssignment(text: string): [operation: string, fault: FaultSpec] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--fault '${text}': write Operation=fault, e.g. GetClustersForImage=throttle:2.`);
  return [text.slice(0, eq).trim(), parseFault(text.slice(eq + 1))];
}

/** Checks a fault given as JSON (tests, control API); returns a clean copy. */
export function checkFaultSpec(value: unknown): FaultSpec {
  if (typeof value === 'string') return parseFault(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`A fault is an object like {"kind":"throttle","times":2} or a string like "throttle:2".`);
  }
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(v.kind)) {
    throw new Error(`Fault kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(v.kind)}.`);
  }
  const whole = (name: string, min: number): number | undefined => {
    const n = v[name];
    if (n === undefined) return undefined;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
      throw new Error(
        `Fault '${v.kind}': ${name} must be a whole number of at least ${min}; got ${JSON.stringify(n)}.`,
      );
    }
    return n;
  };
  const kind = v.kind as FaultKind;
  const times = whole('times', 1);
  const ms = whole('ms', 0);
  const retryAfterSeconds = whole('retryAfterSeconds', 0);
  if (kind === 'latency' && ms === undefined) throw new Error(`Fault 'latency' needs ms (milliseconds).`);
  return {
    kind,
    ...(times !== undefined && { times }),
    ...(ms !== undefined && { ms }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  };
}

/** The live fault table: which fault applies to the next request of an operation, counting down `times`. */
export class FaultBook {
  private readonly active = new Map<string, { spec: FaultSpec; remaining?: number }>();

  constructor(private readonly knownOperations: readonly string[]) {}

  set(operation: string, fault: FaultSpec | undefined): void {
    if (operation !== '*' && !this.knownOperations.includes(operation)) {
      throw new Error(`Unknown operation '${operation}'. Use one of: ${this.knownOperations.join(', ')}, or *.`);
    }
    if (fault === undefined) {
      this.active.delete(operation);
      return;
    }
    const spec = checkFaultSpec(fault);
    this.active.set(operation, { spec, remaining: spec.times });
  }

  clear(): void {
    this.active.clear();
  }

  /** The faults in force, with what is left of each. */
  list(): FaultTable {
    const out: FaultTable = {};
    for (const [operation, { spec, remaining }] of this.active) {
      out[operation] = remaining === undefined ? spec : { ...spec, times: remaining };
    }
    return out;
  }

  /** The fault for this request, if any (an operation's own fault wins over `*`); counts it down. */
  take(operation: string): FaultSpec | undefined {
    const key = this.active.has(operation) ? operation : this.active.has('*') ? '*' : undefined;
    if (key === undefined) return undefined;
    const entry = this.active.get(key);
    if (entry === undefined) return undefined;
    if (entry.remaining !== undefined) {
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active.delete(key);
    }
    return entry.spec;
  }
}
