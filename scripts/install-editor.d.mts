// Types of scripts/install-editor.mjs for the TypeScript that imports it (test/vscode, test/browser).
export declare const CODE_SERVER_VERSION: string;
export declare const repoRoot: string;
export declare const editorCacheDir: string;
export declare const editorDir: string;
export declare const DEBIAN_PACKAGES: readonly string[];

export interface Editor {
  /** The code-server CLI (a Node script: run it with process.execPath). */
  codeServer: string;
  /** The VS Code build inside it (lib/vscode). */
  vscodeDir: string;
  /** The Chromium binary that drives the workbench; empty when it is not installed. */
  chromium: string;
  /** The code-server version. */
  version: string;
}

export declare function ensureDebianPackages(log?: (line: string) => void): Promise<void>;
export declare function findEditor(): Editor | undefined;
export declare function installEditor(options?: { log?: (line: string) => void }): Promise<Editor>;
export declare function editorVscodeVersion(editor: Editor): string;
