// The one result format every test stage prints and `npm test` (scripts/test.mjs) reads:
//   IF-RESULT {"stage":"unit","passed":12,"failed":0,"skipped":1}
// on a line of its own. Plain functions, no mocha or vscode import, so any runner (mocha in Node, mocha inside the
// extension host, the browser check) can print it and the orchestrator can parse it.

export interface StageResult {
  readonly stage: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped?: number;
}

export const RESULT_PREFIX = 'IF-RESULT ';

export function formatResultLine(result: StageResult): string {
  return RESULT_PREFIX + JSON.stringify(result);
}

/** Every well-formed result line in a runner's output, in order. Malformed ones are ignored. */
export function parseResultLines(output: string): StageResult[] {
  const results: StageResult[] = [];
  for (const line of output.split(/\r?\n/)) {
    const at = line.indexOf(RESULT_PREFIX);
    if (at < 0) continue;
    try {
      const value: unknown = JSON.parse(line.slice(at + RESULT_PREFIX.length));
      if (isStageResult(value)) results.push(value);
    } catch {
      // not a result line after all
    }
  }
  return results;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isStageResult(v: unknown): v is StageResult {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.stage === 'string' &&
    isCount(r.passed) &&
    isCount(r.failed) &&
    (r.skipped === undefined || isCount(r.skipped))
  );
}

/** What one stage of `npm test` produced: the result lines it printed and how its process ended. */
export interface StageOutcome {
  readonly stage: string;
  readonly results: readonly StageResult[];
  /** The process's exit code; null when it was killed or could not start. */
  readonly exitCode: number | null;
  readonly seconds: number;
  /** Why the stage did not run, when it was skipped on purpose (e.g. no test files yet): counts nothing. */
  readonly skippedBecause?: string;
  /** Why the stage could not run (e.g. the build failed): counts as one failed test. */
  readonly blockedBy?: string;
}

export interface StageTotals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Set when the stage crashed: no result line, or a failing exit code with no failed test to explain it. */
  readonly crash?: string;
}

/** Counts of one stage. A crash counts as one failed test, so that it can never pass unnoticed. */
export function stageTotals(outcome: StageOutcome): StageTotals {
  if (outcome.skippedBecause !== undefined) return { passed: 0, failed: 0, skipped: 0 };
  if (outcome.blockedBy !== undefined) {
    return { passed: 0, failed: 1, skipped: 0, crash: `not run: ${outcome.blockedBy}` };
  }
  const sum = (key: 'passed' | 'failed' | 'skipped'): number => outcome.results.reduce((n, r) => n + (r[key] ?? 0), 0);
  const totals = { passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped') };
  const code = outcome.exitCode === null ? 'killed' : `exit code ${outcome.exitCode}`;
  if (outcome.results.length === 0) {
    return { ...totals, failed: totals.failed + 1, crash: `crashed (${code}) before printing a result` };
  }
  if (outcome.exitCode !== 0 && totals.failed === 0) {
    return { ...totals, failed: 1, crash: `crashed (${code}) although no test failed` };
  }
  return totals;
}

export interface RunSummary {
  /** One line per stage, for people. */
  readonly lines: string[];
  /** `N passed, N failed, N skipped`: the last line `npm test` prints. */
  readonly finalLine: string;
  readonly exitCode: 0 | 1;
}

export function summarize(outcomes: readonly StageOutcome[]): RunSummary {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const t = stageTotals(outcome);
    passed += t.passed;
    failed += t.failed;
    skipped += t.skipped;
    const counts =
      outcome.skippedBecause !== undefined
        ? `not run: ${outcome.skippedBecause}`
        : `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.crash ? ` (${t.crash})` : ''}`;
    lines.push(`${outcome.stage.padEnd(12)} ${counts}  [${outcome.seconds.toFixed(1)} s]`);
  }
  const ranNothing = passed + failed === 0;
  if (ranNothing) lines.push('no test ran at all: that counts as a failure');
  return {
    lines,
    finalLine: `${passed} passed, ${failed + (ranNothing ? 1 : 0)} failed${skipped ? `, ${skipped} skipped` : ''}`,
    exitCode: failed > 0 || ranNothing ? 1 : 0,
  };
}
