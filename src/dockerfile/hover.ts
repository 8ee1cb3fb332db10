/**
 * The hover on image references in Dockerfiles: where an ECR image runs, without leaving the file.
 *
 * The references of a document are parsed once per version (`DockerfileReferenceCache`, shared with the CodeLens);
 * the answer comes from the one `ImageUsageService` of the extension (cached for a short time, identical lookups
 * shared), and a hover that is dismissed cancels its interest in the lookup. The text is built by
 * `usageMarkdown.ts`; its links may run only our own commands (`isTrusted: { enabledCommands }`, never `true`).
 */
import * as vscode from 'vscode';
import { referenceAt, type ImageReferenceInDockerfile, type TextRange } from './referenceModel';
import { answerHover, HOVER_COMMANDS, type ImageUsageSource } from './usageMarkdown';

/** Dockerfiles by language, and by name for files VS Code has not given the `dockerfile` language. */
export const DOCKERFILE_SELECTOR: vscode.DocumentSelector = [
  { language: 'dockerfile' },
  { pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}' },
];

/** What the cache needs of a document (a `vscode.TextDocument` has it). */
export interface VersionedText {
  readonly version: number;
  getText(): string;
}

/**
 * Parsed image references per open document and version. Keyed by the document object, not its URI: a closed and
 * reopened document (an untitled one whose name is reused, say) is a new object starting again at version 1, so a
 * URI and version do not identify a text. Entries go away with their documents.
 */
export class DockerfileReferenceCache {
  private readonly entries = new WeakMap<
    VersionedText,
    { version: number; references: ImageReferenceInDockerfile[] }
  >();

  constructor(
    /**
     * The parser (`findImageReferences` of references.ts). The extension passes a function that loads it from
     * `dist/dockerfile.js` on the first Dockerfile, so activation does not pay for it.
     */
    private readonly parse: (text: string) => ImageReferenceInDockerfile[],
    /** Longer documents are not parsed (no one writes a Dockerfile that long by hand). */
    private readonly maxLength = 4_000_000,
  ) {}

  get(document: VersionedText): readonly ImageReferenceInDockerfile[] {
    const entry = this.entries.get(document);
    if (entry && entry.version === document.version) return entry.references;
    const text = document.getText();
    const references = text.length > this.maxLength ? [] : this.parse(text);
    this.entries.set(document, { version: document.version, references });
    return references;
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
 * Calls `run` with a signal that aborts when `token` is cancelled. Resolves to undefined as soon as the token is
 * cancelled, whether or not `run` has settled, and to `run`'s answer otherwise.
 */
export function withCancellation<T>(
  token: vscode.CancellationToken,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => {
      listener.dispose();
      controller.abort();
      resolve(undefined);
    });
    run(controller.signal).then(
      (result) => {
        listener.dispose();
        resolve(token.isCancellationRequested ? undefined : result);
      },
      (err: unknown) => {
        listener.dispose();
        reject(err);
      },
    );
  });
}

export class DockerfileHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly usage: ImageUsageSource,
    private readonly references: DockerfileReferenceCache,
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
