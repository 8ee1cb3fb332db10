// Assertion helpers shared by the test stages (one copy: they had drifted across files).
import * as assert from 'node:assert/strict';

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  return assert.fail('expected the call to fail');
}

/** `value`, or a failed test naming what is missing. */
export function must<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is missing from the data set`);
  return value;
}

/**
 * Fails unless `value` is plain data that a webview receives as it was sent: strings, finite numbers, booleans, null,
 * undefined in objects, arrays and plain objects. A `Date`, `Map`, `Set`, class instance, function or `NaN` fails —
 * `structuredClone` would keep most of them, so a clone compared with the original cannot tell.
 */
export function assertPlainData(value: unknown, at = 'state'): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      assert.ok(Number.isFinite(value), `${at} is ${value}, which JSON cannot carry`);
      return;
    case 'object':
      break;
    default:
      assert.fail(`${at} is a ${typeof value}, not plain data`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertPlainData(item, `${at}[${i}]`));
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  assert.ok(
    proto === Object.prototype || proto === null,
    `${at} is a ${(value as object).constructor?.name ?? 'object with a prototype'}, not a plain object`,
  );
  for (const [key, item] of Object.entries(value)) assertPlainData(item, `${at}.${key}`);
}
