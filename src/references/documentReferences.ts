/**
 * The image references of open documents, for the hover and the CodeLens: found once per document version, by the
 * extractors of dist/references.js, which is required on the first document that may hold a reference (a cheap test
 * on the name and text comes first: a `settings.json` never loads it). The Terraform parser (WebAssembly) is loaded
 * once, on the first `.tf` file. Compose files get the `.env` file beside them, read again when it changes.
 */
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { ExtractRequest, ExtractResponse, ExtractWorkerData } from './extractWorker';
import type * as ReferencesBundle from './bundle';
import { fileFormat, formatOfLanguage, isReadableText, mayHoldReferences, type FileFormat } from './fileKinds';
import type { ImageReference } from './model';
import type { TerraformParse } from './terraformParser';

export type ReferencesModule = typeof ReferencesBundle;

/** Texts longer than this are parsed in the worker thread (a 1 MB manifest takes the `yaml` parser about 0.5 s). */
export const WORKER_THRESHOLD = 128 * 1024;
/** A worker that has not answered by then is ended, and the file counts as having no reference. */
const WORKER_TIMEOUT_MS = 20_000;

/**
 * One worker thread running dist/referencesWorker.js, started on the first large text and kept; if it fails, exits
 * or times out, the requests in flight get an empty answer and the next request starts a new one.
 */
class ExtractionWorker {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: ImageReference[]) => void; timer: ReturnType<typeof setTimeout> }
  >();
  requests = 0;

  constructor(
    private readonly script: string,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  run(request: Omit<ExtractRequest, 'id'>): Promise<ImageReference[]> {
    const worker = this.start();
    const id = ++this.nextId;
    this.requests++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log?.warn(`Reading image references in ${request.filePath} took too long: stopped.`);
        this.stop();
      }, WORKER_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ ...request, id } satisfies ExtractRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // The worker translates the reasons it gives with the bundle VS Code loaded for the extension.
    const workerData: ExtractWorkerData = vscode.l10n.bundle ? { l10n: { ...vscode.l10n.bundle } } : {};
    // Required on the first large text, not at activation.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(this.script, { workerData });
    worker.unref();
    worker.on('message', (response: ExtractResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(response.id);
      waiting.resolve(Array.isArray(response.references) ? response.references : []);
    });
    const failed = (reason: string): void => {
      if (this.worker !== worker) return;
      this.log?.warn(`The image reference worker stopped (${reason}); it starts again when needed.`);
      this.worker = undefined;
      this.settleAll();
    };
    worker.on('error', (err) => failed(String(err)));
    // l10n-ignore: a log line
    worker.on('exit', (code) => failed(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private settleAll(): void {
    for (const { resolve, timer } of this.pending.values()) {
      clearTimeout(timer);
      resolve([]);
    }
    this.pending.clear();
  }

  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.settleAll();
    void worker?.terminate();
  }
}

/**
 * Loads dist/references.js and the Terraform parser on first use, and extracts with them: in the extension host for
 * ordinary files, in a worker thread (dist/referencesWorker.js) for texts over `WORKER_THRESHOLD`.
 */
export class ReferenceExtractor implements vscode.Disposable {
  private module: ReferencesModule | undefined;
  private terraform: Promise<TerraformParse | undefined> | undefined;
  private readonly worker: ExtractionWorker | undefined;

  constructor(
    private readonly load: () => ReferencesModule,
    /** The folder with the Terraform grammar's `.wasm` files (`dist/`). */
    private readonly wasmFolder: string,
    private readonly log?: vscode.LogOutputChannel,
    /** dist/referencesWorker.js; without it every text is read in the extension host. */
    workerScript?: string,
  ) {
    this.worker = workerScript ? new ExtractionWorker(workerScript, log) : undefined;
  }

  /** How many texts went to the worker thread (for the tests). */
  get workerRequests(): number {
    return this.worker?.requests ?? 0;
  }

  dispose(): void {
    this.worker?.stop();
  }

  get isLoaded(): boolean {
    return this.module !== undefined;
  }

  private bundle(): ReferencesModule {
    if (!this.module) {
      this.module = this.load();
      if (vscode.l10n.bundle) this.module.configureL10n({ contents: vscode.l10n.bundle });
    }
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
    if (this.worker && text.length > WORKER_THRESHOLD) {
      return this.worker.run({
        filePath,
        text,
        ...(options.format ? { format: options.format } : {}),
        ...(options.environment ? { environment: options.environment } : {}),
      });
    }
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
