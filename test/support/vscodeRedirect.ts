/**
 * Makes `require('vscode')` resolve to a given file (the benchmark's stand-in), for the real `src` modules and for
 * the production bundle `dist/extension.js` alike. No side effects until called; calling it again changes the file.
 */
import Module from 'node:module';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
type Patched = ResolveFilename & { vscodeFile?: string };

const internals = Module as unknown as { _resolveFilename: Patched };

export function redirectVscode(file: string): void {
  const current = internals._resolveFilename;
  if (current.vscodeFile !== undefined) {
    current.vscodeFile = file;
    return;
  }
  const patched: Patched = (request, parent, isMain, options) =>
    request === 'vscode' ? (patched.vscodeFile as string) : current(request, parent, isMain, options);
  patched.vscodeFile = file;
  internals._resolveFilename = patched;
}
