/**
 * The image references of open documents, for the hover and the CodeLens: found once per document version, by the
 * extractors of dist/references.js, which is required on the first document that may hold a reference (a cheap test
 * on the name and text comes first: a `settings.json` never loads it). The Terraform parser (WebAssembly) is loaded
 * once, on the first `.tf` file. Compose files get the `.env` file beside them, read again when it changes.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as ReferencesBundle from './bundle';
import { fileFormat, formatOfLanguage, isReadableText, mayHoldReferences, type FileFormat } from './fileKinds';
import type { ImageReference } from './model';
import type { TerraformParse } from './terraformParser';

export type ReferencesModule = typeof ReferencesBundle;

/** Loads dist/references.js and the Terraform parser on first use, and extracts with them. */
export class ReferenceExtractor {
  private module: ReferencesModule | undefined;
  private terraform: Promise<TerraformParse | undefined> | undefined;

  constructor(
    private readonly load: () => ReferencesModule,
    /** The folder with the Terraform grammar's `.wasm` files (`dist/`). */
    private readonly wasmFolder: string,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  get isLoaded(): boolean {
    return this.module !== undefined;
  }

  private bundle(): ReferencesModule {
    this.module ??= this.load();
    return this.module;
  }

  private terraformParser(): Promise<TerraformParse | undefined> {
    this.terraform ??= this.bundle()
      .loadTerraformParser(this.bundle().wasmFilesIn(this.wasmFolder))
      .catch((err: unknown) => {
        this.log?.warn(`Terraform files are not read: the HCL parser did not load: ${String(err)}`);
        return undefined;
      });
    return this.terraform;
  }

  parseDotEnv(text: string): Map<string, string> {
    return this.bundle().parseDotEnv(text);
  }

  async extract(
    filePath: string,
    text: string,
    options: { format?: FileFormat; environment?: ReadonlyMap<string, string> } = {},
  ): Promise<ImageReference[]> {
    const format = fileFormat(filePath) ?? options.format;
    if (format === undefined || !isReadableText(text) || !mayHoldReferences(format, text)) return [];
    const terraform = format === 'terraform' ? await this.terraformParser() : undefined;
    if (format === 'terraform' && !terraform) return [];
    return this.bundle().extractReferences(filePath, text, {
      ...(terraform ? { terraform } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
    });
  }
}

/** The `.env` text beside a compose file, or '' when there is none (or it is larger than an `.env` file can be). */
export async function readDotEnvBeside(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'untitled') return '';
  const envUri = uri.with({ path: path.posix.join(path.posix.dirname(uri.path), '.env') });
  try {
    const stat = await vscode.workspace.fs.stat(envUri);
    if (stat.size > 256 * 1024) return '';
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(envUri));
  } catch {
    return '';
  }
}

interface Entry {
  readonly version: number;
  readonly env: string;
  readonly references: Promise<ImageReference[]>;
}

/** What the cache needs of a document (a `vscode.TextDocument` has it). */
export type ReferenceDocument = Pick<vscode.TextDocument, 'uri' | 'version' | 'languageId' | 'getText'>;

export class DocumentReferenceCache {
  private readonly entries = new WeakMap<ReferenceDocument, Entry>();

  constructor(
    private readonly extractor: ReferenceExtractor,
    private readonly readEnv: (uri: vscode.Uri) => Promise<string> = readDotEnvBeside,
  ) {}

  /** The format of a document, from its name, else its language; undefined when it is never read. */
  static formatOf(document: Pick<ReferenceDocument, 'uri' | 'languageId'>): FileFormat | undefined {
    return fileFormat(document.uri.path) ?? formatOfLanguage(document.languageId);
  }

  async get(document: ReferenceDocument): Promise<readonly ImageReference[]> {
    const format = DocumentReferenceCache.formatOf(document);
    if (format === undefined) return [];
    const env = format === 'compose' ? await this.readEnv(document.uri) : '';
    const entry = this.entries.get(document);
    if (entry && entry.version === document.version && entry.env === env) return entry.references;
    const text = document.getText();
    const references = this.extractor
      .extract(document.uri.path, text, {
        format,
        ...(env ? { environment: this.extractor.parseDotEnv(env) } : {}),
      })
      .catch(() => []);
    this.entries.set(document, { version: document.version, env, references });
    return references;
  }
}
