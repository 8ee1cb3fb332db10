/**
 * The entry of `dist/references.js`: the extractors and their parsers (`yaml`, `jsonc-parser`, `web-tree-sitter`),
 * required by the extension on the first document or workspace scan that needs them, so activation does not pay for
 * them. The Terraform grammar's `.wasm` files are copied next to it by esbuild.mjs.
 */
export { extractReferences, parseDotEnv } from './extract';
export { loadTerraformParser, wasmFilesIn } from './terraformParser';
/**
 * This bundle (and the worker's, `extractWorker.ts`) has its own copy of `@vscode/l10n`: `ReferenceExtractor`
 * configures it with the bundle VS Code loaded for the extension, so the reasons a reference gets no lookup are
 * translated like the rest.
 */
export { config as configureL10n } from '@vscode/l10n';
