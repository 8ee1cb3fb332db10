/**
 * Requires a CommonJS bundle of ours (the AWS layer: `dist/aws-<service>.js`) with a V8 code cache kept in the
 * extension's global storage, so that the first request of a session does not compile 350 KiB of SDK code again.
 *
 * Why our own code: Node 22's `module.enableCompileCache()` does this for every module, but VS Code 1.100's extension
 * host runs Node 20, which has no such API; packages that do it for Node 20 (`v8-compile-cache`) patch
 * `Module.prototype._compile` for the whole process, which in an extension host would be every extension's modules.
 * This file does it for the one bundle it is asked for, with Node's own tools: `vm.Script` with `cachedData`, and
 * `script.createCachedData()` a few seconds after the load (or on dispose, if sooner): by then the first request has
 * usually run, and the cache holds the functions it compiled, not only the bundle's top level.
 *
 * The cache is a file per bundle content (`<bundle>.<sha256 of the source>.<v8 version>.cache`); V8 checks it again
 * and ignores one that does not fit (`cachedDataRejected`: another V8, other flags), and a new one is written. Any
 * failure (no storage, a read-only folder, a broken file) falls back to a plain `require`: the cache only saves time.
 * The folder is the user's own (VS Code's global storage of this extension): what can write there can already change
 * the user's settings and extensions, so the cache is trusted as VS Code trusts its own cached data.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type Module from 'node:module';
import path from 'node:path';
import type { Script } from 'node:vm';

/** How long after a bundle is loaded its cache is written, unless disposed first (then at once). */
const SAVE_AFTER_MS = 3000;

interface Pending {
  readonly script: Script;
  readonly cacheFile: string;
  readonly prefix: string;
}

export class CodeCachedBundles {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param cacheDir where the caches are kept (created on the first write); undefined: plain `require`.
   * @param log one line per load (whether a cache was used) and per cache that could not be written.
   */
  constructor(
    private readonly cacheDir: string | undefined,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** The exports of `file` (an absolute path), loaded once: through the code cache when there is one. */
  require(file: string): unknown {
    const loaded = require.cache[file];
    if (loaded) return loaded.exports;
    if (this.cacheDir === undefined) return this.plainRequire(file);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return this.plainRequire(file);
    }
    const base = path.basename(file);
    // Required here, on the first AWS request, not at activation (`node:crypto` alone costs about 1 ms to load).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Script } = require('node:vm') as typeof import('node:vm');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Module, createRequire } = require('node:module') as typeof import('node:module');
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const prefix = `${base}.`;
    const cacheFile = path.join(this.cacheDir, `${prefix}${hash}.${process.versions.v8}.cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    // The wrapper on a line of its own (lineOffset -1): lines and columns of stack traces stay the bundle's.
    // l10n-ignore: JavaScript source, not text
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
      filename: file,
      lineOffset: -1,
      cachedData,
    });
    const run = script.runInThisContext() as (
      exports: unknown,
      require: NodeJS.Require,
      module: Module,
      filename: string,
      dirname: string,
    ) => void;
    const mod = new Module(file);
    mod.filename = file;
    // In the module cache as `require` would put it: a second `require(file)` gets the same exports.
    require.cache[file] = mod;
    try {
      run.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
    } catch (err) {
      delete require.cache[file];
      throw err;
    }
    mod.loaded = true;
    const used = cachedData !== undefined && !script.cachedDataRejected;
    // l10n-ignore: a log line
    this.log(`${base}: ${used ? 'code cache used' : cachedData ? 'code cache rejected' : 'no code cache yet'}`);
    if (!used) this.saveLater({ script, cacheFile, prefix });
    return mod.exports;
  }

  private plainRequire(file: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as unknown;
  }

  private saveLater(p: Pending): void {
    this.pending.set(p.cacheFile, p);
    this.timer ??= setTimeout(() => this.saveAll(), SAVE_AFTER_MS);
    // Never what keeps the process (the extension host, a test) alive.
    this.timer.unref();
  }

  /** Writes the caches not written yet (also called on dispose: a short session still leaves its cache). */
  saveAll(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of this.pending.values()) this.save(p);
    this.pending.clear();
  }

  private save({ script, cacheFile, prefix }: Pending): void {
    const dir = path.dirname(cacheFile);
    try {
      const data = script.createCachedData();
      mkdirSync(dir, { recursive: true });
      // Written whole or not at all: another window of VS Code may be reading it.
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, data);
      renameSync(temp, cacheFile);
      // The caches of other versions of the bundle (an update, another V8) are not needed any more.
      for (const name of readdirSync(dir)) {
        const other = path.join(dir, name);
        if (name.startsWith(prefix) && name.endsWith('.cache') && other !== cacheFile) rmSync(other, { force: true });
      }
    } catch (err) {
      // l10n-ignore: a log line
      this.log(`could not write the code cache ${cacheFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    this.saveAll();
  }
}
