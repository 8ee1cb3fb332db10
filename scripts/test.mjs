// `npm test`: every stage, in order, then one closing line `N passed, N failed`. The stages are in testPipeline.ts;
// this entry only makes sure the npm dependencies are there first.
//   npm test                         all stages
//   npm test -- --only=unit,aws      some stages (static, unit, aws, integration, browser)
//   npm test -- --skip=browser
import { ensureNodeModules, runTypeScriptEntry } from './bootstrap.mjs';

ensureNodeModules();
runTypeScriptEntry('scripts/testPipeline.ts', process.argv.slice(2));
