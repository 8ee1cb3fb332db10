/**
 * A workspace on the real file system for the `vscode` stand-in (test/support/vscodeStandIn.ts), for the workspace
 * scan figures: one workspace folder, `workspace.findFiles` as a directory walk, `workspace.fs.stat` / `readFile`,
 * `asRelativePath`, `getWorkspaceFolder`, and file system watchers the benchmark can fire (a save is a change event
 * on every watcher whose glob takes the file, as VS Code sends it).
 *
 * In VS Code, `findFiles` runs in the search process (ripgrep) and the extension host waits for its answer: that is
 * VS Code's time, not ours, so the time spent in it is counted apart (`searchMs`). Globs are matched the way VS Code's
 * own glob matcher (`vs/base/common/glob.ts`) does — `**`, `*`, `?`, `{a,b}`, `[…]`, dot files included, case
 * sensitive — by a small converter here: the stand-in needs the subset our code passes, and a glob library
 * (picomatch, minimatch) has defaults of its own (dot files left out, extglobs) that VS Code does not share.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as standIn from '../test/support/vscodeStandIn';

/** VS Code's glob syntax as a regular expression over a relative path with `/` separators. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globBody(glob)}$`);
}

function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const slashAfter = glob[i + 2] === '/';
        if (atStart && slashAfter) {
          out += '(?:[^/]*/)*'; // `**/`: any number of folders, none included
          i += 2;
        } else if (atStart && i + 2 === glob.length) {
          out += '.*'; // a trailing `**`: everything below
          i += 1;
        } else {
          out += '[^/]*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      const end = closingBrace(glob, i);
      if (end < 0) out += '\\{';
      else {
        out += `(?:${splitTop(glob.slice(i + 1, end))
          .map(globBody)
          .join('|')})`;
        i = end;
      }
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const inside = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${inside}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\/\]}]/g, '\\$&');
  }
  // `a/**` also matches `a` itself, as in VS Code.
  return out.replace(/\\\/\.\*$/, '(?:/.*)?');
}

function closingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `a,{b,c},d` → `a`, `{b,c}`, `d`. */
function splitTop(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '{') depth++;
    else if (list[i] === '}') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/** A brace list of plain names (what the index asks for when files were saved) as the names; else undefined. */
export function plainNames(glob: string): string[] | undefined {
  const names = glob.startsWith('{') && glob.endsWith('}') ? splitTop(glob.slice(1, -1)) : [glob];
  return names.every((n) => !/[*?[\]{}]/.test(n)) ? names : undefined;
}

type Uri = standIn.Uri;
interface Folder {
  readonly uri: Uri;
  readonly name: string;
  readonly index: number;
}

interface Watcher {
  readonly glob: RegExp;
  readonly create?: standIn.EventEmitter<Uri>;
  readonly change?: standIn.EventEmitter<Uri>;
  readonly delete?: standIn.EventEmitter<Uri>;
}

export interface FileWorkspace {
  readonly root: string;
  /** Milliseconds spent in `findFiles` (VS Code's search process in the real host) since the last `resetSearch`. */
  readonly searchMs: number;
  readonly searches: number;
  resetSearch(): void;
  /** What VS Code sends when `file` (absolute) was saved: a change event on the watchers that take it. */
  saved(file: string): number;
  /** Puts back the stand-in's own workspace (no folder, nothing found). */
  restore(): void;
}

/** Makes `root` the stand-in's one workspace folder until `restore()`. */
export function useFileWorkspace(root: string): FileWorkspace {
  const workspace = standIn.workspace as unknown as Record<string, unknown>;
  // The stand-in's namespaces throw on a missing member: what was there is read only when it is there.
  const saved = new Map<string, { readonly value: unknown } | undefined>();
  const set = (key: string, value: unknown): void => {
    if (!saved.has(key)) saved.set(key, key in workspace ? { value: workspace[key] } : undefined);
    workspace[key] = value;
  };
  const folder: Folder = { uri: standIn.Uri.file(root), name: path.basename(root), index: 0 };
  const watchers: Watcher[] = [];
  let searchMs = 0;
  let searches = 0;

  const relative = (p: string): string => path.posix.relative(root, p);
  const inFolder = (p: string): boolean => p === root || p.startsWith(`${root}/`);

  async function walk(
    dir: string,
    include: RegExp,
    includeBase: string,
    exclude: RegExp | undefined,
    out: Uri[],
    max: number,
  ): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (out.length >= max) return;
      const full = `${dir}/${entry.name}`;
      const rel = relative(full);
      if (entry.isDirectory()) {
        // A folder an exclude takes as a whole (`**/node_modules/**`) is not entered, as ripgrep does not.
        if (exclude?.test(`${rel}/-`)) continue;
        await walk(full, include, includeBase, exclude, out, max);
      } else if (entry.isFile()) {
        if (exclude?.test(rel)) continue;
        if (include.test(path.posix.relative(includeBase, full))) out.push(standIn.Uri.file(full));
      }
    }
  }

  set('workspaceFolders', [folder]);
  set('getWorkspaceFolder', (uri: Uri) => (inFolder(uri.path) ? folder : undefined));
  set('asRelativePath', (pathOrUri: string | Uri) => {
    const p = typeof pathOrUri === 'string' ? pathOrUri : pathOrUri.path;
    return inFolder(p) ? relative(p) : p;
  });
  set(
    'findFiles',
    async (
      include: string | standIn.RelativePattern,
      exclude?: string | null,
      maxResults = Number.MAX_SAFE_INTEGER,
      token?: { isCancellationRequested: boolean },
    ): Promise<Uri[]> => {
      const started = performance.now();
      try {
        // VS Code's RelativePattern takes a folder or a Uri; the stand-in's keeps what it was given.
        const given = typeof include === 'string' ? undefined : (include.baseUri as Uri | { uri: Uri });
        const base = given === undefined ? root : 'uri' in given ? given.uri.path : given.path;
        const pattern = typeof include === 'string' ? include : include.pattern;
        const excludeRe = exclude ? globToRegExp(exclude) : undefined;
        const out: Uri[] = [];
        const names = plainNames(pattern);
        if (names) {
          // Named files (a save): looked up, not searched for.
          for (const name of names) {
            const full = path.posix.join(base, name);
            const stat = await fs.stat(full).catch(() => undefined);
            if (stat?.isFile() && !excludeRe?.test(relative(full))) out.push(standIn.Uri.file(full));
          }
        } else if (!token?.isCancellationRequested) {
          await walk(base, globToRegExp(pattern), base, excludeRe, out, maxResults);
        }
        return out.slice(0, maxResults);
      } finally {
        searchMs += performance.now() - started;
        searches++;
      }
    },
  );
  set('fs', {
    stat: async (uri: Uri) => {
      const s = await fs.stat(uri.fsPath);
      return { type: s.isDirectory() ? 2 : s.isFile() ? 1 : 0, size: s.size, ctime: s.ctimeMs, mtime: s.mtimeMs };
    },
    readFile: async (uri: Uri) => new Uint8Array(await fs.readFile(uri.fsPath)),
  });
  set('createFileSystemWatcher', (glob: string, ignoreCreate = false, ignoreChange = false, ignoreDelete = false) => {
    const w: Watcher = {
      glob: globToRegExp(glob),
      ...(!ignoreCreate && { create: new standIn.EventEmitter<Uri>() }),
      ...(!ignoreChange && { change: new standIn.EventEmitter<Uri>() }),
      ...(!ignoreDelete && { delete: new standIn.EventEmitter<Uri>() }),
    };
    watchers.push(w);
    const none = new standIn.EventEmitter<Uri>().event;
    return {
      onDidCreate: w.create?.event ?? none,
      onDidChange: w.change?.event ?? none,
      onDidDelete: w.delete?.event ?? none,
      dispose: () => {
        const i = watchers.indexOf(w);
        if (i >= 0) watchers.splice(i, 1);
      },
    };
  });

  return {
    root,
    get searchMs() {
      return searchMs;
    },
    get searches() {
      return searches;
    },
    resetSearch() {
      searchMs = 0;
      searches = 0;
    },
    saved(file) {
      let fired = 0;
      for (const w of [...watchers]) {
        if (w.change && w.glob.test(relative(file))) {
          w.change.fire(standIn.Uri.file(file));
          fired++;
        }
      }
      return fired;
    },
    restore() {
      for (const [key, was] of saved) {
        if (was) workspace[key] = was.value;
        else delete workspace[key];
      }
      watchers.length = 0;
    },
  };
}
