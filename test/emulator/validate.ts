/**
 * Input checks the way AWS's request validation reports them ("1 validation error detected: Value '500' at
 * 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"). The SDK checks
 * nothing itself, so every constraint of the model is enforced here.
 */

export interface Violation {
  /** Member path, e.g. `filter.resourceId` or `filterCriteria.resourceType.1.member.value`. */
  readonly path: string;
  /** "Member must …" */
  readonly constraint: string;
  readonly value: unknown;
}

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** How the pattern is printed in the message (defaults to the RegExp source). */
  patternText?: string;
  enum?: readonly string[];
}

export interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
}

export interface ListRule {
  required?: boolean;
  min?: number;
  max?: number;
}

/** Thrown when a member has the wrong JSON type (a string where a number belongs): the body cannot be read. */
export class ParseProblem extends Error {}

/** Collects violations over one request; read `violations` at the end. */
export class InputChecker {
  readonly violations: Violation[] = [];

  private fail(path: string, value: unknown, constraint: string): void {
    this.violations.push({ path, value, constraint });
  }

  private missing(path: string, value: unknown, required: boolean | undefined): boolean {
    if (value !== undefined && value !== null) return false;
    if (required) this.fail(path, null, 'Member must not be null');
    return true;
  }

  object(path: string, value: unknown, required?: boolean): Record<string, unknown> | undefined {
    if (this.missing(path, value, required)) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ParseProblem(`'${path}' must be a JSON object`);
    }
    return value as Record<string, unknown>;
  }

  string(path: string, value: unknown, rule: StringRule = {}): string | undefined {
    if (this.missing(path, value, rule.required)) return undefined;
    if (typeof value !== 'string') throw new ParseProblem(`'${path}' must be a string`);
    if (rule.min !== undefined && value.length < rule.min) {
      this.fail(path, value, `Member must have length greater than or equal to ${rule.min}`);
    } else if (rule.max !== undefined && value.length > rule.max) {
      this.fail(path, value, `Member must have length less than or equal to ${rule.max}`);
    } else if (rule.enum && !rule.enum.includes(value)) {
      this.fail(path, value, `Member must satisfy enum value set: [${rule.enum.join(', ')}]`);
    } else if (rule.pattern && !rule.pattern.test(value)) {
      this.fail(
        path,
        value,
        `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
      );
    }
    return value;
  }

  integer(path: string, value: unknown, rule: NumberRule = {}): number | undefined {
    if (this.missing(path, value, rule.required)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ParseProblem(`'${path}' must be an integer`);
    if (rule.min !== undefined && value < rule.min) {
      this.fail(path, value, `Member must have value greater than or equal to ${rule.min}`);
    } else if (rule.max !== undefined && value > rule.max) {
      this.fail(path, value, `Member must have value less than or equal to ${rule.max}`);
    }
    return value;
  }

  /** A timestamp member: epoch seconds as a JSON number (or a numeric string, which the SDK also accepts). */
  timestamp(path: string, value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      throw new ParseProblem(`'${path}' must be a timestamp in epoch seconds`);
    }
    return n;
  }

  list(path: string, value: unknown, rule: ListRule = {}): unknown[] | undefined {
    if (this.missing(path, value, rule.required)) return undefined;
    if (!Array.isArray(value)) throw new ParseProblem(`'${path}' must be a JSON array`);
    if (rule.min !== undefined && value.length < rule.min) {
      this.fail(path, value, `Member must have length greater than or equal to ${rule.min}`);
    } else if (rule.max !== undefined && value.length > rule.max) {
      this.fail(path, value, `Member must have length less than or equal to ${rule.max}`);
    }
    return value;
  }
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > 200 ? `${text.slice(0, 200)}…` : text}'`;
}

/** The message AWS's validation layer writes for a set of violations. */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  const parts = violations.map(
    (v) => `Value ${shown(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`,
  );
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
