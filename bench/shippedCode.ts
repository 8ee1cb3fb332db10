/**
 * Import before any `src` module: from here on the benchmark process compiles the extension's own code (`src/`) the
 * way `esbuild.mjs --production` does, instead of the way tsx does. tsx always compiles with esbuild's `keepNames`,
 * which wraps every function and closure our code creates in a `__name(fn, "name")` call (measured: 2–4 % of the
 * 10,000-cluster list, BENCHMARKS.md), and that wrapper is not in the bundle users run. The stand-ins for VS Code's
 * own code (the `vscode` API objects, `treeDriver.ts`'s ExtHostTreeView) are compiled the same way: VS Code ships
 * compiled JavaScript too. Everything else (the benchmark itself, the emulator) stays with tsx.
 *
 * Same esbuild, same target (node20) and the same syntax and whitespace minification as the production build, and
 * plain exports (see PLAIN_EXPORTS) as the bundle's single scope has;
 * identifiers keep their names so that the CPU profiles of missed targets stay readable (names do not change what V8
 * does with the code). Modules are compiled one by one rather than bundled: the benchmark builds its objects from the
 * modules themselves (see world.ts), and the SDK must be the same module instances for ours and for the raw baseline.
 * Source maps are inline, so stack traces and profiles still name `src/…` lines.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { transformSync } from 'esbuild';

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;

const repoRoot = path.join(__dirname, '..');
const SHIPPED = [
  path.join(repoRoot, 'src') + path.sep,
  path.join(repoRoot, 'test', 'support', 'vscodeStandIn.ts'),
  path.join(repoRoot, 'bench', 'treeDriver.ts'),
];

const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
const viaTsx = extensions['.ts'];

/** True once installed (importing this module twice must not wrap the loader twice). */
let installed = false;

/**
 * Run at the end of each module compiled here: its exports become plain data properties. esbuild's CommonJS output
 * exports through getters (`__export`), so every use of another module's function or of `vscode.TreeItem` would be a
 * getter call, where the bundle users run has one scope and a direct reference (and VS Code's API objects have plain
 * properties). Safe for these modules: none has an `export let` that changes later, and the values are read once the
 * module has run. `__esModule` is kept, so importers take the object as it is.
 */
const PLAIN_EXPORTS =
  'if (module.exports && module.exports.__esModule) module.exports = ' +
  'Object.defineProperty(Object.assign({}, module.exports), "__esModule", { value: true });';

export function compileLikeProduction(source: string, filename: string): string {
  const code = transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    keepNames: false,
    sourcemap: 'inline',
    sourcesContent: false,
    sourcefile: filename,
  }).code;
  // Before the source map's comment, which stays last.
  const map = code.lastIndexOf('//# sourceMappingURL=');
  return map < 0 ? `${code}\n${PLAIN_EXPORTS}\n` : `${code.slice(0, map)}${PLAIN_EXPORTS}\n${code.slice(map)}`;
}

export function isShipped(filename: string): boolean {
  return SHIPPED.some((p) => (p.endsWith(path.sep) ? filename.startsWith(p) : filename === p));
}

if (!installed && viaTsx) {
  installed = true;
  extensions['.ts'] = (module, filename) => {
    if (!isShipped(filename)) return viaTsx(module, filename);
    module._compile(compileLikeProduction(readFileSync(filename, 'utf8'), filename), filename);
  };
}
