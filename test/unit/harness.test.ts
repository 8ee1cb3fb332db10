// The test harness itself: how `npm test` counts and fails (test/support/results.ts, scripts/testPipeline.ts), how a
// mocha stage reports a failing test (test/support/runStage.ts), and how the VS Code launcher reads the arguments
// @vscode/test-electron passes (test/vscode/launcher.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selectStages } from '../../scripts/testPipeline';
import { formatResultLine, parseResultLines, stageTotals, summarize, type StageOutcome } from '../support/results';
import { parseLauncherArgs } from '../vscode/launcher';

const repoRoot = path.resolve(__dirname, '..', '..');
const FINAL_LINE = /^\d+ passed, \d+ failed(, \d+ skipped)?$/;

function outcome(partial: Partial<StageOutcome> & { stage: string }): StageOutcome {
  return { results: [], exitCode: 0, seconds: 1, ...partial };
}

describe('test harness', () => {
  describe('result lines', () => {
    it('round-trips a result and finds it among other output, also after a prefix', () => {
      const line = formatResultLine({ stage: 'unit', passed: 3, failed: 1, skipped: 2 });
      const output = `noise\n  ✔ something\n[ext host] ${line}\nmore noise\n`;
      assert.deepEqual(parseResultLines(output), [{ stage: 'unit', passed: 3, failed: 1, skipped: 2 }]);
    });

    it('ignores malformed result lines', () => {
      const output = [
        'IF-RESULT {not json',
        'IF-RESULT {"stage":"x","passed":-1,"failed":0}',
        'IF-RESULT {"stage":"x","passed":1.5,"failed":0}',
        'IF-RESULT {"passed":1,"failed":0}',
        'IF-RESULT {"stage":"ok","passed":1,"failed":0}',
      ].join('\n');
      assert.deepEqual(parseResultLines(output), [{ stage: 'ok', passed: 1, failed: 0 }]);
    });
  });

  describe('counting a stage', () => {
    it('adds up the result lines of a stage', () => {
      const totals = stageTotals(
        outcome({
          stage: 'integration',
          exitCode: 1,
          results: [
            { stage: 'integration', passed: 5, failed: 1, skipped: 1 },
            { stage: 'integration', passed: 1, failed: 0 },
          ],
        }),
      );
      assert.deepEqual(totals, { passed: 6, failed: 1, skipped: 1 });
    });

    it('counts a stage that printed no result as one failed test, even with exit code 0', () => {
      const totals = stageTotals(outcome({ stage: 'unit', exitCode: 0 }));
      assert.equal(totals.failed, 1);
      assert.match(totals.crash ?? '', /before printing a result/);
    });

    it('counts a failing exit code without any failed test as a crash', () => {
      const totals = stageTotals(
        outcome({ stage: 'unit', exitCode: 3, results: [{ stage: 'unit', passed: 4, failed: 0 }] }),
      );
      assert.deepEqual([totals.passed, totals.failed], [4, 1]);
      assert.match(totals.crash ?? '', /exit code 3/);
    });

    it('counts a blocked stage as failed and a stage skipped on purpose as nothing', () => {
      assert.equal(stageTotals(outcome({ stage: 'browser', blockedBy: 'the build failed' })).failed, 1);
      assert.deepEqual(stageTotals(outcome({ stage: 'aws', skippedBecause: 'no test files' })), {
        passed: 0,
        failed: 0,
        skipped: 0,
      });
    });
  });

  describe('the summary of npm test', () => {
    it('ends with a plain "N passed, N failed" line and exit code 0 when everything passed', () => {
      const summary = summarize([
        outcome({ stage: 'unit', results: [{ stage: 'unit', passed: 10, failed: 0, skipped: 1 }] }),
        outcome({ stage: 'aws', skippedBecause: 'no test files' }),
      ]);
      assert.equal(summary.finalLine, '10 passed, 0 failed, 1 skipped');
      assert.match(summary.finalLine, FINAL_LINE);
      assert.equal(summary.exitCode, 0);
      assert.equal(summary.lines.length, 2);
    });

    it('fails the run when one test of one stage failed', () => {
      const summary = summarize([
        outcome({ stage: 'unit', results: [{ stage: 'unit', passed: 10, failed: 0 }] }),
        outcome({ stage: 'integration', exitCode: 1, results: [{ stage: 'integration', passed: 6, failed: 1 }] }),
      ]);
      assert.equal(summary.finalLine, '16 passed, 1 failed');
      assert.equal(summary.exitCode, 1);
    });

    it('fails the run when a stage crashed', () => {
      const summary = summarize([
        outcome({ stage: 'unit', results: [{ stage: 'unit', passed: 10, failed: 0 }] }),
        outcome({ stage: 'browser', exitCode: null }),
      ]);
      assert.equal(summary.finalLine, '10 passed, 1 failed');
      assert.equal(summary.exitCode, 1);
      assert.match(summary.lines[1], /crashed \(killed\)/);
    });

    it('fails a run in which no test ran at all', () => {
      const summary = summarize([outcome({ stage: 'aws', skippedBecause: 'no test files' })]);
      assert.equal(summary.exitCode, 1);
      assert.equal(summary.finalLine, '0 passed, 1 failed');
    });
  });

  describe('stage selection', () => {
    it('runs every stage in order by default, and honours --only and --skip', () => {
      assert.deepEqual(selectStages([]), ['static', 'unit', 'aws', 'integration', 'browser']);
      assert.deepEqual(selectStages(['--only=browser,unit']), ['unit', 'browser']);
      assert.deepEqual(selectStages(['--skip=static,browser']), ['unit', 'aws', 'integration']);
    });

    it('rejects an unknown stage name and names the real ones', () => {
      assert.throws(() => selectStages(['--only=unti']), /unknown stage "unti".*static, unit, aws/);
    });
  });

  describe('a mocha stage', () => {
    it('exits non-zero and reports the failure when one of its tests fails', function () {
      this.timeout(60_000);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'if-harness-'));
      try {
        writeFileSync(
          path.join(dir, 'sample.test.ts'),
          "import assert from 'node:assert/strict';\n" +
            "describe('sample', () => {\n" +
            "  it('passes', () => assert.equal(1, 1));\n" +
            "  it('fails', () => assert.equal(1, 2));\n" +
            "  it.skip('is skipped', () => undefined);\n" +
            '});\n',
        );
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', path.join(repoRoot, 'test', 'support', 'runStage.ts'), '--stage', 'sample', dir],
          { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, IF_GREP: '' } },
        );
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.deepEqual(parseResultLines(r.stdout), [{ stage: 'sample', passed: 1, failed: 1, skipped: 1 }]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the VS Code launcher', () => {
    it('reads the arguments @vscode/test-electron passes to a VS Code executable', () => {
      // The list runTests() builds, with our launchArgs first and its profile arguments last.
      const args = parseLauncherArgs([
        '/tmp/ws',
        '--disable-extensions',
        '--user-data-dir=/tmp/ud',
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-updates',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-workspace-trust',
        '--extensionTestsPath=/repo/out/test/integration/index.js',
        '--extensionDevelopmentPath=/repo',
        '--extensions-dir=/repo/.vscode-test/extensions',
      ]);
      assert.deepEqual(args.extensionDevelopmentPaths, ['/repo']);
      assert.equal(args.extensionTestsPath, '/repo/out/test/integration/index.js');
      assert.equal(args.open, '/tmp/ws');
      assert.ok(args.ignored.includes('--user-data-dir=/tmp/ud'));
      assert.ok(args.ignored.includes('--extensions-dir=/repo/.vscode-test/extensions'));
    });

    it('accepts values after a space, several development paths, and reports what it does not use', () => {
      const args = parseLauncherArgs([
        '--extensionDevelopmentPath',
        '/a',
        '--extensionDevelopmentPath=/b',
        '--extensionTestsPath',
        '/t/index',
        '--frobnicate',
        '/ws',
        '/second',
      ]);
      assert.deepEqual(args.extensionDevelopmentPaths, ['/a', '/b']);
      assert.equal(args.extensionTestsPath, '/t/index');
      assert.equal(args.open, '/ws');
      assert.deepEqual(args.ignored, ['--frobnicate', '/second']);
    });

    it('says which flag lacks its value', () => {
      assert.throws(() => parseLauncherArgs(['--extensionTestsPath']), /--extensionTestsPath needs a value/);
      assert.throws(() => parseLauncherArgs(['--user-data-dir', '--no-sandbox']), /--user-data-dir needs a value/);
    });
  });
});
