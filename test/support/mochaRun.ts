// Runs mocha programmatically with the spec reporter plus one result line (test/support/results.ts), the same way
// in plain Node (unit and AWS-layer stages, through runStage.ts) and inside the VS Code extension host
// (test/integration/index.ts).
import Mocha from 'mocha';
import { formatResultLine, type StageResult } from './results';

export interface MochaRunOptions {
  readonly stage: string;
  /** Test files to load (already compiled, or loadable through the tsx loader). */
  readonly files: readonly string[];
  /** Only tests whose full title contains this text. */
  readonly grep?: string;
  readonly timeoutMs?: number;
  /** Adds suites or tests in code (before the files are loaded). */
  readonly addTests?: (root: Mocha.Suite) => void;
  /** Where the report goes (the extension host forwards console.log to the launcher). */
  readonly log?: (line: string) => void;
}

/** Spec reporter whose summary the caller reads from the runner's stats. */
class CountingSpecReporter extends Mocha.reporters.Spec {}

/** Runs the files and resolves with the counts; a file that fails to load counts as one failed test. */
export function runMocha(options: MochaRunOptions): Promise<StageResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: options.timeoutMs ?? 20_000,
    reporter: CountingSpecReporter,
  });
  if (options.grep) mocha.grep(options.grep);
  for (const file of options.files) mocha.addFile(file);
  const finish = (result: StageResult): StageResult => {
    log(formatResultLine(result));
    return result;
  };
  return new Promise((resolve) => {
    try {
      options.addTests?.(mocha.suite);
      // run() require()s the files: the extension host resolves `vscode` for require, not for import().
      const runner = mocha.run(() => {
        const stats = runner.stats;
        resolve(
          finish({
            stage: options.stage,
            passed: stats?.passes ?? 0,
            failed: stats?.failures ?? 0,
            skipped: stats?.pending ?? 0,
          }),
        );
      });
    } catch (err) {
      log(`${options.stage}: the tests could not be loaded or started:`);
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      resolve(finish({ stage: options.stage, passed: 0, failed: 1 }));
    }
  });
}
