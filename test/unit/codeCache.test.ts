/**
 * CodeCachedBundles (src/aws/codeCache.ts): a bundle loaded through a V8 code cache behaves as `require` would load
 * it (exports, module cache, `require` of builtins, `__filename`, stack lines), the cache is written once and used by
 * the next load, a cache of other content or a broken one is never used, and no failure of the cache stops a load.
 * Loads that must read the cache file run in a process of their own, as a new VS Code session would: V8 keeps what
 * it compiled in memory, and a second load of the same source in one process would not read the file at all.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CodeCachedBundles } from '../../src/aws/codeCache';

const BUNDLE = [
  '"use strict";',
  'const os = require("node:os");',
  'exports.answer = () => 42;',
  'exports.where = () => [__filename, __dirname, typeof os.cpus];',
  'exports.fail = () => { throw new Error("from line 5"); };',
].join('\n');

describe('CodeCachedBundles', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;
  const forget = (): void => {
    delete require.cache[bundle];
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'if-code-cache-'));
    bundle = path.join(dir, 'layer.js');
    cacheDir = path.join(dir, 'storage', 'code-cache');
    writeFileSync(bundle, BUNDLE);
  });

  afterEach(() => {
    forget();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One session in a fresh process: load, call `answer()`, dispose; what it logged and answered. */
  function session(): { lines: string[]; answer: unknown } {
    const script = `
      const { CodeCachedBundles } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'aws', 'codeCache.ts'))});
      const lines = [];
      const bundles = new CodeCachedBundles(${JSON.stringify(cacheDir)}, (l) => lines.push(l));
      const answer = bundles.require(${JSON.stringify(bundle)}).answer();
      bundles.dispose();
      process.stdout.write(JSON.stringify({ lines, answer }));`;
    return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' })) as {
      lines: string[];
      answer: unknown;
    };
  }

  function load(lines: string[] = []): { exports: Record<string, () => unknown>; bundles: CodeCachedBundles } {
    const bundles = new CodeCachedBundles(cacheDir, (line) => lines.push(line));
    return { exports: bundles.require(bundle) as Record<string, () => unknown>, bundles };
  }

  it('loads the bundle as require would: exports, the module cache, builtins, its file name', () => {
    const { exports } = load();
    assert.equal(exports.answer?.(), 42);
    assert.deepEqual(exports.where?.(), [bundle, dir, 'function']);
    assert.equal(require.cache[bundle]?.exports, exports, 'in the module cache');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal(require(bundle), exports, 'a later require gets the same exports');
  });

  it("keeps the bundle's line numbers in stack traces", () => {
    const { exports } = load();
    assert.throws(
      () => exports.fail?.(),
      (err: Error) => (err.stack ?? '').includes(`${bundle}:5:`),
    );
  });

  it('writes the cache once (on dispose at the latest) and the next session uses it', function () {
    // New Node processes, on a machine that may be busy.
    this.timeout(60_000);
    assert.deepEqual(session(), { lines: ['layer.js: no code cache yet'], answer: 42 });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^layer\.js\.[0-9a-f]{16}\.[\w.-]+\.cache$/);
    assert.deepEqual(session(), { lines: ['layer.js: code cache used'], answer: 42 });
    assert.deepEqual(readdirSync(cacheDir), files, 'a cache that was used is not written again');
  });

  it('writes the cache some seconds after the load without waiting for dispose', async function () {
    this.timeout(10_000);
    const { bundles } = load();
    assert.throws(() => readdirSync(cacheDir), /ENOENT/);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(readdirSync(cacheDir).length, 1);
    bundles.dispose();
  });

  it('never uses the cache of other content, and replaces it', function () {
    // New Node processes, on a machine that may be busy.
    this.timeout(60_000);
    session();
    const [old] = readdirSync(cacheDir);
    writeFileSync(bundle, BUNDLE.replace('42', '43'));
    assert.deepEqual(session(), { lines: ['layer.js: no code cache yet'], answer: 43 });
    const now = readdirSync(cacheDir);
    assert.equal(now.length, 1);
    assert.notEqual(now[0], old, 'the cache of the old content is gone');
    assert.deepEqual(session(), { lines: ['layer.js: code cache used'], answer: 43 });
  });

  it('ignores a broken cache file and writes a good one', function () {
    // New Node processes, on a machine that may be busy.
    this.timeout(60_000);
    session();
    const [name] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, name ?? ''), Buffer.from('not a code cache at all'));
    assert.deepEqual(session(), { lines: ['layer.js: code cache rejected'], answer: 42 });
    assert.deepEqual(session(), { lines: ['layer.js: code cache used'], answer: 42 });
  });

  it('loads with a plain require when there is no storage', () => {
    const bundles = new CodeCachedBundles(undefined);
    const exports = bundles.require(bundle) as { answer(): number };
    assert.equal(exports.answer(), 42);
    bundles.dispose();
  });

  it('still loads when the cache cannot be written, and says why', () => {
    // A file where the cache folder should be: mkdir fails.
    writeFileSync(path.join(dir, 'storage'), 'in the way');
    const lines: string[] = [];
    const { exports, bundles } = load(lines);
    assert.equal(exports.answer?.(), 42);
    assert.doesNotThrow(() => bundles.dispose());
    assert.match(lines.at(-1) ?? '', /could not write the code cache/);
  });

  it('leaves nothing in the module cache when the bundle throws while loading', () => {
    writeFileSync(bundle, 'throw new Error("broken bundle");');
    assert.throws(() => load(), /broken bundle/);
    assert.equal(require.cache[bundle], undefined);
  });
});
