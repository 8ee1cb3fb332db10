// `npm run demo`: the extension in a real VS Code (code-server) against the local emulator with its demo data.
// This entry only makes sure the npm dependencies are there (npm ci); the rest is scripts/demo.ts.
//   npm run demo [-- --port 8080] [-- --no-build]
import { ensureNodeModules, runTypeScriptEntry } from './bootstrap.mjs';

ensureNodeModules();
runTypeScriptEntry('scripts/demo.ts', process.argv.slice(2));
