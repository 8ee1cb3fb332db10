/**
 * Loads tree-sitter's Terraform grammar (`tree-sitter-terraform.wasm` from `@tree-sitter-grammars/tree-sitter-hcl`)
 * into `web-tree-sitter`, once, from a folder holding both `.wasm` files (`dist/` in the extension, where esbuild.mjs
 * copies them; `node_modules` in the unit tests). Returns a function that parses a text, hands the tree's root to
 * `use`, and frees the tree (its memory lives in the WebAssembly heap, not the JS heap).
 */
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { HclNode } from './terraform';

export type TerraformParse = <T>(text: string, use: (root: HclNode) => T) => T | undefined;

export interface TerraformWasmFiles {
  /** `tree-sitter.wasm` of web-tree-sitter. */
  readonly runtime: string;
  /** `tree-sitter-terraform.wasm` of the grammar. */
  readonly grammar: string;
}

/** Where the two files are in a folder laid out like `dist/`. */
export function wasmFilesIn(folder: string): TerraformWasmFiles {
  return { runtime: path.join(folder, 'tree-sitter.wasm'), grammar: path.join(folder, 'tree-sitter-terraform.wasm') };
}

export async function loadTerraformParser(files: TerraformWasmFiles): Promise<TerraformParse> {
  await Parser.init({ locateFile: () => files.runtime });
  const language = await Language.load(files.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return (text, use) => {
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return use(tree.rootNode as unknown as HclNode);
    } finally {
      tree.delete();
    }
  };
}
