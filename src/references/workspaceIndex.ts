/**
 * Every image reference in the workspace, for the Workspace Images view: a scan of the candidate files, then kept up
 * to date file by file when one is saved, created or deleted (no rescan).
 *
 * - Which files: `vscode.workspace.findFiles` over the names that can hold references (`*.yaml`, `*.yml`, `*.json`,
 *   `*.tf`, Dockerfiles), excluding what `files.exclude` and `search.exclude` exclude, the patterns of each workspace
 *   folder's top-level `.gitignore` (read by `gitignoreGlobs`: plain patterns only — a `!negation` is not honoured,
 *   which can only leave a file out, never read one that is ignored elsewhere), `node_modules` and `.git`. At most
 *   `MAX_FILES` files (the view says when it stopped there).
 * - Which are read: a name `fileKinds.ts` accepts, at most 1 MB (by `stat`, before reading), not binary, and text with
 *   the words its kind needs; only those are parsed.
 * - Cost: files are read a few at a time and the loop yields to the event loop between files, so the extension host
 *   stays responsive; the scan shows progress in the view and can be cancelled. No AWS request is made here.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { ImageReferenceInDockerfile } from '../dockerfile/referenceModel';
import { CANDIDATE_GLOB, fromDockerfile, gitignoreGlobs, isDockerfileName } from './workspaceFiles';
import { fileFormat, isReadableText, MAX_FILE_CHARS, mayHoldReferences } from './fileKinds';
import type { ReferenceExtractor } from './documentReferences';
import type { ImageReference } from './model';

export const MAX_FILES = 20_000;
const READ_CONCURRENCY = 4;

/** Largest file read, in bytes (the text limit is in characters; UTF-8 takes more bytes for some). */
const MAX_FILE_BYTES = MAX_FILE_CHARS * 2;

/**
 * A file's text, or undefined when it is not a regular file or is too large (by `stat`, before reading). Local files
 * are read with Node's `fs` (several times faster than `workspace.fs` for thousands of small files); others through
 * `workspace.fs`, so remote and virtual workspaces work too.
 */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme === 'file') {
    const stat = await fs.stat(uri.fsPath);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return fs.readFile(uri.fsPath, 'utf8');
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_FILE_BYTES || (stat.type & vscode.FileType.File) === 0) return undefined;
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export interface ScanState {
  readonly status: 'idle' | 'scanning' | 'done' | 'cancelled';
  readonly filesFound: number;
  readonly filesRead: number;
  /** The scan stopped at MAX_FILES candidates. */
  readonly truncated: boolean;
}

/** What changed in the index: `files` (URI strings) whose references changed, or none for the scan's progress. */
export interface IndexChange {
  readonly files?: readonly string[];
}

export class WorkspaceReferenceIndex extends Disposable {
  private readonly files = new Map<string, { uri: vscode.Uri; references: readonly ImageReference[] }>();
  private readonly changed = this._register(new vscode.EventEmitter<IndexChange>());
  /**
   * Fires when the references or the scan state changed. After a save, creation or deletion it names the files
   * (so a view can regroup those alone); during and at the end of a scan it names none: anything may have changed.
   */
  readonly onDidChange = this.changed.event;
  private stateValue: ScanState = { status: 'idle', filesFound: 0, filesRead: 0, truncated: false };
  private scanning: vscode.CancellationTokenSource | undefined;
  private excludeGlob: string | undefined;

  constructor(
    private readonly extractor: ReferenceExtractor,
    /** The Dockerfile parser (dist/dockerfile.js, loaded on first use). */
    private readonly parseDockerfile: (text: string) => ImageReferenceInDockerfile[],
    private readonly readEnv: (uri: vscode.Uri) => Promise<string>,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    super();
    this._register({
      dispose: () => {
        this.scanning?.cancel();
        if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
      },
    });
  }

  private watching = false;

  /** Watches the workspace from the first scan on (not at activation: a recursive watcher costs the host). */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(CANDIDATE_GLOB));
    this._register(watcher.onDidCreate((uri) => this.update(uri)));
    this._register(watcher.onDidChange((uri) => this.update(uri)));
    this._register(watcher.onDidDelete((uri) => this.remove(uri)));
    // A folder created, copied or checked out at once: its files may come before the watcher watches the folder.
    const folders = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, true));
    this._register(folders.onDidCreate((uri) => this.created(uri)));
    // A changed .env changes the compose files beside it.
    const env = this._register(vscode.workspace.createFileSystemWatcher('**/.env'));
    const envChanged = (uri: vscode.Uri): void => {
      const dir = path.posix.dirname(uri.path);
      for (const { uri: file } of this.files.values()) {
        if (path.posix.dirname(file.path) === dir && fileFormat(file.path) === 'compose') this.update(file);
      }
    };
    this._register(env.onDidCreate(envChanged));
    this._register(env.onDidChange(envChanged));
    this._register(env.onDidDelete(envChanged));
  }

  get state(): ScanState {
    return this.stateValue;
  }

  /** Every file with at least one reference. */
  entries(): readonly { readonly uri: vscode.Uri; readonly references: readonly ImageReference[] }[] {
    return [...this.files.values()];
  }

  /** One file's references (by its URI string), when it has any. */
  entry(key: string): { readonly uri: vscode.Uri; readonly references: readonly ImageReference[] } | undefined {
    return this.files.get(key);
  }

  cancel(): void {
    this.scanning?.cancel();
  }

  /** Scans the workspace (a scan already running is cancelled first). Resolves when it ends. */
  async scan(): Promise<void> {
    this.scanning?.cancel();
    this.watch();
    // The scan reads everything: what was queued before it is read by it.
    this.pendingFiles.clear();
    this.pendingFolders.clear();
    const source = new vscode.CancellationTokenSource();
    this.scanning = source;
    const token = source.token;
    this.files.clear();
    this.setState({ status: 'scanning', filesFound: 0, filesRead: 0, truncated: false });
    try {
      this.excludeGlob = await this.buildExclude();
      const uris = await vscode.workspace.findFiles(CANDIDATE_GLOB, this.excludeGlob, MAX_FILES + 1, token);
      const candidates = uris.slice(0, MAX_FILES).filter((u) => isDockerfileName(u.path) || fileFormat(u.path));
      const truncated = uris.length > MAX_FILES;
      let read = 0;
      this.setState({ status: 'scanning', filesFound: candidates.length, filesRead: 0, truncated });
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < candidates.length && !token.isCancellationRequested) {
          const uri = candidates[next++]!;
          const references = await this.read(uri);
          if (token.isCancellationRequested) return;
          if (references.length > 0) this.files.set(uri.toString(), { uri, references });
          read++;
          if (read % 50 === 0) this.setState({ ...this.stateValue, filesRead: read });
          // Let the extension host answer other work between files.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));
      if (this.scanning !== source) return;
      this.setState({
        status: token.isCancellationRequested ? 'cancelled' : 'done',
        filesFound: candidates.length,
        filesRead: read,
        truncated,
      });
    } catch (err) {
      this.log?.warn(`Workspace image scan failed: ${String(err)}`);
      if (this.scanning === source) this.setState({ ...this.stateValue, status: 'cancelled' });
    } finally {
      if (this.scanning === source) this.scanning = undefined;
      source.dispose();
    }
  }

  private setState(state: ScanState): void {
    this.stateValue = state;
    this.changed.fire({});
  }

  /** `files.exclude` and `search.exclude` patterns set to true, the top-level `.gitignore`s, node_modules, .git. */
  private async buildExclude(): Promise<string> {
    const globs = new Set<string>(['**/node_modules/**', '**/.git/**']);
    for (const section of ['files.exclude', 'search.exclude']) {
      const patterns = vscode.workspace.getConfiguration().get<Record<string, unknown>>(section) ?? {};
      for (const [pattern, on] of Object.entries(patterns)) if (on === true) globs.add(pattern);
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gitignore'));
        // `findFiles` matches an exclude against each folder's relative paths: in a multi-root workspace a folder's
        // anchored pattern (`build/**`) applies to the others too — it may leave a file out, never read an ignored one.
        for (const glob of gitignoreGlobs(new TextDecoder().decode(bytes.slice(0, 256 * 1024)))) globs.add(glob);
      } catch {
        // no .gitignore
      }
    }
    // The patterns are joined in one `{a,b}` list, which cannot nest: a pattern with its own braces or a comma is
    // dropped rather than break the whole exclude. (`search.exclude` entries with a `when` clause are not used.)
    const usable = [...globs].filter((g) => !/[{},]/.test(g));
    return `{${usable.join(',')}}`;
  }

  /** The references of one file, or [] when it is not a candidate, too large, binary or unreadable. */
  private async read(uri: vscode.Uri): Promise<readonly ImageReference[]> {
    try {
      const dockerfile = isDockerfileName(uri.path);
      if (!dockerfile && !fileFormat(uri.path)) return [];
      const text = await readText(uri);
      if (text === undefined || !isReadableText(text)) return [];
      if (dockerfile) return fromDockerfile(this.parseDockerfile(text));
      const format = fileFormat(uri.path)!;
      if (!mayHoldReferences(format, text)) return [];
      const env = format === 'compose' ? await this.readEnv(uri) : '';
      return await this.extractor.extract(uri.path, text, env ? { environment: this.extractor.parseDotEnv(env) } : {});
    } catch (err) {
      this.log?.debug(`Workspace image scan: ${uri.toString()} not read: ${String(err)}`);
      return [];
    }
  }

  private readonly pendingFiles = new Map<string, vscode.Uri>();
  private readonly pendingFolders = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing = false;

  /**
   * A file was saved or created: queued, and read with the others of its burst (a checkout or a generator creates
   * thousands at once): one `findFiles` per 200 files tells which the scan's excludes let in, instead of one each.
   */
  private update(uri: vscode.Uri): void {
    if (this.stateValue.status === 'idle') return;
    if (!isDockerfileName(uri.path) && !fileFormat(uri.path)) return;
    this.pendingFiles.set(uri.toString(), uri);
    this.scheduleFlush();
  }

  /**
   * Something was created whose name is not a candidate: maybe a folder whose files came before the watcher watched
   * it. Names with a dot (`main.js`) are taken for files and not looked at (a folder named so is still read when
   * its files are saved).
   */
  private created(uri: vscode.Uri): void {
    if (this.stateValue.status === 'idle' || isDockerfileName(uri.path) || fileFormat(uri.path)) return;
    if (path.posix.basename(uri.path).slice(1).includes('.') || this.pendingFolders.size >= 1000) return;
    this.pendingFolders.set(uri.toString(), uri);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, 300);
  }

  private async flush(): Promise<void> {
    // One batch at a time, and none while a scan runs (the scan reads everything anyway; then the batch goes on).
    if (this.flushing || this.scanning) {
      this.scheduleFlush();
      return;
    }
    this.flushing = true;
    try {
      const files = new Map(this.pendingFiles);
      const folders = [...this.pendingFolders.values()];
      this.pendingFiles.clear();
      this.pendingFolders.clear();
      for (const folder of folders) {
        try {
          if ((await vscode.workspace.fs.stat(folder)).type !== vscode.FileType.Directory) continue;
        } catch {
          continue;
        }
        const inside = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, CANDIDATE_GLOB),
          this.excludeGlob,
          MAX_FILES,
        );
        for (const uri of inside) files.set(uri.toString(), uri);
      }
      const included = await this.included([...files.values()]);
      const changed: string[] = [];
      for (const [key, uri] of files) {
        const references = included.has(key) ? await this.read(uri) : [];
        if (references.length > 0) this.files.set(key, { uri, references });
        else if (!this.files.delete(key)) continue;
        changed.push(key);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (changed.length > 0) this.changed.fire({ files: changed });
    } finally {
      this.flushing = false;
    }
  }

  /** Which of `uris` the scan's excludes let in: one `findFiles` per workspace folder and 200 files. */
  private async included(uris: readonly vscode.Uri[]): Promise<Set<string>> {
    const byFolder = new Map<vscode.WorkspaceFolder, vscode.Uri[]>();
    for (const uri of uris) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder) byFolder.set(folder, [...(byFolder.get(folder) ?? []), uri]);
    }
    const found = new Set<string>();
    for (const [folder, list] of byFolder) {
      for (let i = 0; i < list.length; i += 200) {
        // Glob characters (and the brace list's comma) in a name match themselves through `?`.
        const names = list
          .slice(i, i + 200)
          .map((u) => path.posix.relative(folder.uri.path, u.path).replace(/[[\]{}*?,]/g, '?'));
        const pattern = names.length === 1 ? names[0]! : `{${names.join(',')}}`;
        for (const uri of await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, pattern),
          this.excludeGlob,
        )) {
          found.add(uri.toString());
        }
      }
    }
    return found;
  }

  private remove(uri: vscode.Uri): void {
    const key = uri.toString();
    const prefix = key.endsWith('/') ? key : `${key}/`;
    const removed: string[] = [];
    for (const k of [...this.files.keys()]) {
      if (k === key || k.startsWith(prefix)) {
        this.files.delete(k);
        removed.push(k);
      }
    }
    if (removed.length > 0) this.changed.fire({ files: removed });
  }
}
