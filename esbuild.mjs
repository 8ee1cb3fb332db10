// Bundles the extension host code and the webview scripts.
//   node esbuild.mjs               development build (source maps, not minified)
//   node esbuild.mjs --production  minified build used by `npm run package`
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Logs build results the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcherPlugin],
};

/**
 * The AWS layer once per service: src/aws/layer.ts with the other service's client package left out (an empty
 * module: the session never sends that service's operations to this bundle). The first request of a service loads
 * only its own client: about half the code of a bundle with both (see BENCHMARKS.md).
 */
function withoutClient(pkg) {
  return {
    name: `without-${pkg}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${pkg.replace(/[/]/g, '\\/')}$`) }, () => ({
        path: pkg,
        namespace: 'left-out-client',
      }));
      build.onLoad({ filter: /.*/, namespace: 'left-out-client' }, () => ({
        contents: 'module.exports = {};',
        loader: 'js',
      }));
    },
  };
}

/**
 * `vscode` as one module of the bundle: each `import * as vscode from 'vscode'` of an external module becomes
 * `__toESM(require("vscode"))`, a copy of the whole API object (hundreds of properties) per importing file, 38 copies
 * at activation (about 2 ms, BENCHMARKS.md). Here every file imports one internal module that re-exports `vscode`
 * once; only that module requires it.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};

/**
 * The SDK's ES module builds (`module`), not its CommonJS ones (`main`): esbuild can then leave out the commands and
 * schemas the layer does not use, which is most of each client (and most of the time a first request spends loading).
 */
function awsLayer(leftOut) {
  return {
    plugins: [withoutClient(leftOut)],
    mainFields: ['module', 'main'],
    // The SDK's `import("node:http")` and the like as `require`: the layer is loaded through a V8 code cache
    // (src/aws/codeCache.ts, `vm.Script`), where `import()` has no loader.
    supported: { 'dynamic-import': false },
  };
}

/**
 * Extension host: the activation bundle, and, each loaded on first use, the AWS layer of each service, the sign-in
 * flow (SSO-OIDC's client only: signing in loads neither service), the AWS configuration reader (the SDK's
 * shared-config loader and partition table), the Dockerfile parser and the reference extractors (yaml, jsonc-parser,
 * web-tree-sitter).
 */
const hostBuilds = [
  { entryPoints: { extension: 'src/extension.ts' }, plugins: [vscodeOnce] },
  { entryPoints: { 'aws-inspector2': 'src/aws/layer.ts' }, ...awsLayer('@aws-sdk/client-imagebuilder') },
  { entryPoints: { 'aws-imagebuilder': 'src/aws/layer.ts' }, ...awsLayer('@aws-sdk/client-inspector2') },
  { entryPoints: { awsSignIn: 'src/aws/sdk/ssoSignIn.ts' }, mainFields: ['module', 'main'] },
  { entryPoints: { awsConfig: 'src/aws/sdk/sharedConfig.ts' } },
  { entryPoints: { dockerfile: 'src/dockerfile/references.ts' } },
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow: its ESM build bundles.
  // web-tree-sitter's ESM build reads `import.meta.url`, which a CommonJS bundle lacks: its CommonJS build is used.
  // yaml's Node build reads `process.env.LOG_TOKENS` for every token its parser meets (a debugging switch; a lookup
  // in the process environment each time: 12 % of a 1 MB manifest's time); its ESM build, the same code without the
  // switch (and warning with `console.warn`, which we never trigger), is used.
  {
    entryPoints: { references: 'src/references/bundle.ts', referencesWorker: 'src/references/extractWorker.ts' },
    alias: {
      'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
      yaml: './node_modules/yaml/browser/index.js',
      'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs',
    },
  },
].map((b) => ({
  ...common,
  ...b,
  // `@vscode/l10n`'s Node build requires `fs/promises` (and with it `readline`) at load, for `config({ fsPath | uri })`,
  // which we never use: VS Code hands us the bundle's contents. Its browser build is the same `t` and `config`.
  alias: { '@vscode/l10n': './node_modules/@vscode/l10n/dist/browser.js', ...b.alias },
  plugins: [...common.plugins, ...(b.plugins ?? [])],
  outdir: 'dist',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
}));

/** Webview scripts: one browser bundle per panel, next to its panel in src/<feature>/ui/<kind>.ts. */
const uiDirs = ['src/inspector/ui', 'src/imagebuilder/ui'];
const uiEntries = Object.fromEntries(
  uiDirs.flatMap((uiDir) =>
    readdirSync(uiDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('_'))
      .map((f) => [path.basename(f, '.ts'), path.join(uiDir, f)]),
  ),
);
const webviewBuild = {
  ...common,
  entryPoints: uiEntries,
  outdir: 'dist/webview',
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
};

function copyAssets() {
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(path.join('node_modules/@vscode/codicons/dist', f), path.join('dist/codicons', f));
  }
  // The Terraform parser: web-tree-sitter's runtime and the grammar, loaded by dist/references.js from its folder.
  cpSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm');
  cpSync(
    'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
    'dist/tree-sitter-terraform.wasm',
  );
}

const configs = [...hostBuilds, webviewBuild];
copyAssets();
if (watch) {
  const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
