/**
 * The hover on image references in Dockerfiles: where an ECR image runs, without leaving the file.
 *
 * The references of a document are parsed once per version (`DockerfileReferenceCache`, a small LRU shared with the
 * CodeLens); the answer comes from the one `ImageUsageService` of the extension (cached for a short time, identical
 * lookups shared), and a hover that is dismissed cancels its interest in the lookup. The text is built by
 * `usageMarkdown.ts`; its links may run only our own commands (`isTrusted: { enabledCommands }`, never `true`).
 */
import * as vscode from 'vscode';
import { findImageReferences, referenceAt, type ImageReferenceInDockerfile, type TextRange } from './references';
import { answerHover, HOVER_COMMANDS, type ImageUsageSource } from './usageMarkdown';

/** Dockerfiles by language, and by name for files VS Code has not given the `dockerfile` language. */
export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}' },
];

/** What the cache needs of a document (a `vscode.TextDocument` has it). */
export interface VersionedText {
  readonly uri: { toString(): string };
  readonly version: number;
  getText(): string;
}

/** Parsed image references per document URI and version; the least recently used documents are forgotten. */
export class DockerfileReferenceCache {
  private readonly entries = new Map<string, { version: number; references: readonly ImageReferenceInDockerfile[] }>();

  constructor(
    private readonly capacity = 16,
    /** Longer documents are not parsed (they are not Dockerfiles anyone writes by hand). */
    private readonly maxLength = 4_000_000,
  ) {}

  get(document: VersionedText): readonly ImageReferenceInDockerfile[] {
    const key = document.uri.toString();
    const entry = this.entries.get(key);
    if (entry && entry.version === document.version) {
      this.entries.delete(key);
      this.entries.set(key, entry); // most recently used last
      return entry.references;
    }
    const text = document.getText();
    const references = text.length > this.maxLength ? [] : findImageReferences(text);
    this.entries.delete(key);
    this.entries.set(key, { version: document.version, references });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return references;
  }

  /** Forgets a document (closed). */
  delete(uri: { toString(): string }): void {
    this.entries.delete(uri.toString());
  }

  get size(): number {
    return this.entries.size;
  }
}

export function toVscodeRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Hover Markdown that may run only the hover's own commands; no HTML. */
export function hoverMarkdownString(value: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value, true);
  markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  markdown.supportHtml = false;
  return markdown;
}

/**
 * Calls `run` with a signal that aborts when `token` is cancelled; resolves to undefined when it was, whatever `run`
 * answered.
 */
export async function withCancellation<T>(
  token: vscode.CancellationToken,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  if (token.isCancellationRequested) return undefined;
  const controller = new AbortController();
  const listener = token.onCancellationRequested(() => controller.abort());
  try {
    const result = await run(controller.signal);
    return token.isCancellationRequested ? undefined : result;
  } finally {
    listener.dispose();
  }
}

export class DockerfileHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly usage: ImageUsageSource,
    private readonly references: DockerfileReferenceCache = new DockerfileReferenceCache(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const reference = referenceAt(this.references.get(document), position.line, position.character);
    if (!reference) return undefined;
    const value = await withCancellation(token, (signal) => answerHover(reference, this.usage, signal, this.now));
    return value === undefined
      ? undefined
      : new vscode.Hover(hoverMarkdownString(value), toVscodeRange(reference.range));
  }
}
