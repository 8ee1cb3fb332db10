/**
 * The entry of `dist/references.js`: the extractors and their parsers (`yaml`, `jsonc-parser`, `web-tree-sitter`),
 * required by the extension on the first document or workspace scan that needs them, so activation does not pay for
 * them. The Terraform grammar's `.wasm` files are copied next to it by esbuild.mjs.
 */
export { extractReferences, parseDotEnv } from './extract';
export { loadTerraformParser, wasmFilesIn } from './terraformParser';
