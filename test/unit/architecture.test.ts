/**
 * The house rules that keep the code's shape: ARCHITECTURE.md's "what may import what" is an ESLint rule (this proves
 * the rule fires on a wrong import, so a config change that disables it fails here), and no file in src/ grows past
 * 400 lines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '..', '..');
const MAX_LINES = 400;

async function restrictedImports(filePath: string, text: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture', function () {
  this.timeout(60_000);

  const WRONG: readonly [file: string, text: string, why: RegExp][] = [
    ['src/tree/probe.ts', "import type { Page } from '../aws/types';\n", /tree\/ is generic/],
    ['src/tree/probe.ts', "import { ImageNode } from '../inspector/clusterNodes';\n", /tree\/ is generic/],
    ['src/util/probe.ts', "import { parseEcrImage } from '../inspector/imageRef';\n", /util\/ is pure/],
    ['src/util/probe.ts', "import * as vscode from 'vscode';\n", /util\/ is pure/],
    ['src/webview/probe.ts', "import { ClustersView } from '../inspector/clustersView';\n", /webview\//],
    ['src/webview/ui/probe.ts', "import { plural } from '../../inspector/clusterModel';\n", /webview\//],
    ['src/aws/probe.ts', "import { ErrorNode } from '../tree/messageNodes';\n", /aws\/ knows no view/],
    ['src/ui/probe.ts', "import { LifecycleView } from '../imagebuilder/lifecycleView';\n", /ui\//],
    ['src/inspector/probe.ts', "import { LifecycleView } from '../imagebuilder/lifecycleView';\n", /inspector\//],
    ['src/inspector/probe.ts', "import { S3Client } from '@aws-sdk/client-s3';\n", /AWS SDK/],
  ];
  for (const [file, text, why] of WRONG) {
    it(`refuses ${text.trim()} in ${file}`, async () => {
      const messages = await restrictedImports(file, `${text}export const probe = 1;\n`);
      assert.equal(messages.length, 1, `expected one restricted import, got ${JSON.stringify(messages)}`);
      assert.match(messages[0] as string, why);
    });
  }

  const RIGHT: readonly [file: string, text: string][] = [
    ['src/tree/probe.ts', "import { Disposable } from '../util/disposable';\n"],
    ['src/util/probe.ts', "import { escapeHtml } from './escape';\n"],
    ['src/imagebuilder/probe.ts', "import { parseEcrImage } from '../inspector/imageRef';\n"],
    ['src/references/probe.ts', "import { DockerfileReferenceCache } from '../dockerfile/references';\n"],
    ['src/inspector/probe.ts', "import type { ClusterInfo } from '@aws-sdk/client-inspector2';\n"],
  ];
  for (const [file, text] of RIGHT) {
    it(`allows ${text.trim()} in ${file}`, async () => {
      assert.deepEqual(await restrictedImports(file, `${text}export const probe = 1;\n`), []);
    });
  }

  it(`keeps every file in src/ at ${MAX_LINES} lines or fewer`, () => {
    const tooLong: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.(ts|mts|cts)$/.test(entry.name)) {
          const lines = fs.readFileSync(full, 'utf8').split('\n').length - 1;
          if (lines > MAX_LINES) tooLong.push(`${path.relative(root, full)}: ${lines} lines`);
        }
      }
    };
    visit(path.join(root, 'src'));
    assert.deepEqual(tooLong, [], 'split these by what they do');
  });
});
