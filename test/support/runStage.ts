// Runs one mocha stage of `npm test` in plain Node, through the tsx loader:
//   node --import tsx test/support/runStage.ts --stage unit test/unit [more folders or files]
// Loads every *.test.ts under the folders, prints the spec report and one IF-RESULT line, and exits 1 when a test
// failed. IF_GREP filters by title.
import { runMocha } from './mochaRun';
import { findTestFiles } from './testFiles';

async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--stage');
  const stage = at >= 0 ? argv[at + 1] : undefined;
  if (!stage) throw new Error('usage: runStage.ts --stage NAME FOLDER...');
  const roots = argv.filter((_, i) => i !== at && i !== at + 1);
  const files = findTestFiles(roots);
  const result = await runMocha({ stage, files, grep: process.env.IF_GREP || undefined });
  return result.failed > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
