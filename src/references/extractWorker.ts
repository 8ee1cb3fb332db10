/**
 * The entry of `dist/referencesWorker.js`: the extractors in a worker thread, so a large file (a hover on a 900 KB
 * rendered Helm bundle, the workspace scan meeting one) is parsed off the extension host's thread. Answers each
 * `ExtractRequest` with an `ExtractResponse` of the same id; never throws (a failure is an empty answer).
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { extractReferences, type ExtractOptions } from './extract';
import type { FileFormat } from './fileKinds';
import type { ImageReference } from './model';
import { loadTerraformParser, wasmFilesIn, type TerraformParse } from './terraformParser';

export interface ExtractRequest {
  readonly id: number;
  readonly filePath: string;
  readonly text: string;
  readonly format?: FileFormat;
  readonly environment?: ReadonlyMap<string, string>;
}

export interface ExtractResponse {
  readonly id: number;
  readonly references: ImageReference[];
}

/** What the extension starts the worker with: the translations VS Code loaded for it (none in English). */
export interface ExtractWorkerData {
  readonly l10n?: Record<string, string>;
}

const started = workerData as ExtractWorkerData | undefined;
if (started?.l10n) l10n.config({ contents: started.l10n });

let terraform: Promise<TerraformParse | undefined> | undefined;

async function answer(request: ExtractRequest): Promise<ImageReference[]> {
  const options: { -readonly [K in keyof ExtractOptions]: ExtractOptions[K] } = {};
  if (request.format) options.format = request.format;
  if (request.environment) options.environment = request.environment;
  if (request.filePath.toLowerCase().endsWith('.tf') || request.format === 'terraform') {
    terraform ??= loadTerraformParser(wasmFilesIn(__dirname)).catch(() => undefined);
    const parse = await terraform;
    if (!parse) return [];
    options.terraform = parse;
  }
  return extractReferences(request.filePath, request.text, options);
}

parentPort?.on('message', (request: ExtractRequest) => {
  void answer(request)
    .catch(() => [])
    .then((references) => parentPort?.postMessage({ id: request.id, references } satisfies ExtractResponse));
});
