// The suite runner the VS Code extension host loads (extensionTestsPath): bundled with the suites by
// scripts/bundle-integration-tests.mjs into out/test/integration/, it runs every *.test.js next to it with mocha (bdd)
// and the real `vscode` API. Output goes through console.log, which the workbench forwards to the launcher; the last
// line is `IF-RESULT {"stage":"integration",…}`. IF_GREP filters tests by title. IF_SELFTEST_FAIL=1 runs only one
// test that fails on purpose, to prove that a failing test fails the run (see scripts/test.mjs).
import assert from 'node:assert/strict';
import Mocha from 'mocha';
import { runMocha } from '../support/mochaRun';
import { findTestFiles } from '../support/testFiles';

export const SELFTEST_TITLE = 'fails on purpose (IF_SELFTEST_FAIL=1)';

export async function run(): Promise<void> {
  const selftest = process.env.IF_SELFTEST_FAIL === '1';
  const result = await runMocha({
    // IF_RESULT_STAGE: the Restricted Mode run reports as integration-restricted (test/integration/runTest.ts).
    stage: selftest ? 'integration-selftest' : process.env.IF_RESULT_STAGE || 'integration',
    files: selftest ? [] : findTestFiles([__dirname], '.test.js'),
    grep: process.env.IF_GREP || undefined,
    timeoutMs: 30_000,
    addTests: selftest
      ? (root) => {
          const suite = Mocha.Suite.create(root, 'harness self-test');
          suite.addTest(new Mocha.Test(SELFTEST_TITLE, () => assert.fail('this test fails so that the run must fail')));
        }
      : undefined,
  });
  if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed`);
  if (result.passed === 0) throw new Error('no integration test ran (check IF_GREP and the bundled files)');
}
