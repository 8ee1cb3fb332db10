/**
 * The Workspace Images view's grouping, in plain Node with the `vscode` stand-in, over an index in memory: references
 * grouped by image and sorted, and after one file changes only what changed is rebuilt — the rows of the other images
 * are the provider's built items (a save among thousands of files is not a redraw of every row), while the view's
 * content is the same as a grouping from scratch.
 */
import '../support/useStandIn';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ClusterSource } from '../../src/inspector/clusterNodes';
import { parseEcrImage } from '../../src/inspector/imageRef';
import type { ImageUsageSource } from '../../src/dockerfile/usageMarkdown';
import type { ImageReference } from '../../src/references/model';
import type { IndexChange, ScanState, WorkspaceReferenceIndex } from '../../src/references/workspaceIndex';
import { WorkspaceImagesView } from '../../src/references/workspaceImagesView';
import type { TreeNode } from '../../src/tree/node';

const R = '111122223333.dkr.ecr.us-east-1.amazonaws.com';

function reference(image: string, line: number): ImageReference {
  const parsed = parseEcrImage(image);
  assert.ok(parsed.ok, image);
  return {
    fileKind: 'kubernetes',
    range: { start: { line, character: 11 }, end: { line, character: 11 + image.length } },
    related: [],
    raw: image,
    context: 'Deployment web',
    target: { kind: 'ecr', ref: parsed.ref },
  } as ImageReference;
}

/** What the view needs of the index: its entries, its state and its change event. */
class MemoryIndex {
  private readonly emitter = new vscode.EventEmitter<IndexChange>();
  readonly onDidChange = this.emitter.event;
  readonly state: ScanState = { status: 'done', filesFound: 3, filesRead: 3, truncated: false };
  private readonly files = new Map<string, { uri: vscode.Uri; references: readonly ImageReference[] }>();
  /** As the index after a save: the file's references replaced, and the change names the file. */
  set(file: string, references: readonly ImageReference[]): void {
    const uri = vscode.Uri.file(file);
    if (references.length === 0) this.files.delete(uri.toString());
    else this.files.set(uri.toString(), { uri, references });
    this.emitter.fire({ files: [uri.toString()] });
  }
  entries(): readonly { uri: vscode.Uri; references: readonly ImageReference[] }[] {
    return [...this.files.values()];
  }
  entry(key: string): { uri: vscode.Uri; references: readonly ImageReference[] } | undefined {
    return this.files.get(key);
  }
  /** Another index with the same files (its scan tells only its own views). */
  copy(): MemoryIndex {
    const other = new MemoryIndex();
    for (const [key, entry] of this.files) other.files.set(key, entry);
    return other;
  }
  scan(): Promise<void> {
    this.emitter.fire({});
    return Promise.resolve();
  }
  cancel(): void {}
}

const unused = new Proxy({}, { get: () => () => assert.fail('no AWS request in these tests') });

describe('Workspace Images view grouping', () => {
  let index: MemoryIndex;
  let view: WorkspaceImagesView;
  let events: (TreeNode | undefined)[];

  beforeEach(() => {
    index = new MemoryIndex();
    index.set('/ws/b/deploy.yaml', [reference(`${R}/shop/web:1.0`, 9), reference(`${R}/shop/api:2.0`, 20)]);
    index.set('/ws/a/deploy.yaml', [reference(`${R}/shop/web:1.0`, 3)]);
    index.set('/ws/c/deploy.yaml', [reference(`${R}/shop/worker:3.0`, 5)]);
    view = new WorkspaceImagesView(
      index as unknown as WorkspaceReferenceIndex,
      unused as ImageUsageSource,
      unused as ClusterSource,
    );
    events = [];
    view.provider.onDidChangeTreeData((node) => events.push(node));
  });
  afterEach(() => view.dispose());

  /** Every root and reference row as the tree shows them, with the row objects. */
  async function drawn(): Promise<{ text: string[]; items: Map<string, vscode.TreeItem> }> {
    const text: string[] = [];
    const items = new Map<string, vscode.TreeItem>();
    for (const root of (await view.provider.getChildren()) ?? []) {
      const item = view.provider.getTreeItem(root);
      items.set(root.id, item);
      text.push(`${String(item.label)} (${String(item.description)})`);
      for (const child of ((await view.provider.getChildren(root)) ?? []).slice(1)) {
        const row = view.provider.getTreeItem(child);
        items.set(child.id, row);
        text.push(`  ${String(row.label)}`);
      }
    }
    return { text, items };
  }

  it('groups references by image, images by label and references by file and line', async () => {
    assert.deepEqual((await drawn()).text, [
      `shop/api:2.0 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/b/deploy.yaml:21',
      `shop/web:1.0 (2 references · 111122223333 · us-east-1)`,
      '  file:///ws/a/deploy.yaml:4',
      '  file:///ws/b/deploy.yaml:10',
      `shop/worker:3.0 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/c/deploy.yaml:6',
    ]);
  });

  it('a saved file rebuilds only its images: the other rows are the ones already built', async () => {
    const before = await drawn();
    events.length = 0;
    // b/deploy.yaml now references web:1.1 instead of web:1.0; api is unchanged (same line, new objects).
    index.set('/ws/b/deploy.yaml', [reference(`${R}/shop/web:1.1`, 9), reference(`${R}/shop/api:2.0`, 20)]);
    assert.deepEqual(events, [undefined], 'an image was added: the root list is asked again, once');
    const after = await drawn();
    assert.deepEqual(after.text, [
      `shop/api:2.0 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/b/deploy.yaml:21',
      `shop/web:1.0 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/a/deploy.yaml:4',
      `shop/web:1.1 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/b/deploy.yaml:10',
      `shop/worker:3.0 (1 reference · 111122223333 · us-east-1)`,
      '  file:///ws/c/deploy.yaml:6',
    ]);
    const worker = view.imageNodes.find((n) => n.label === 'shop/worker:3.0')!;
    const web = view.imageNodes.find((n) => n.label === 'shop/web:1.0')!;
    assert.equal(after.items.get(worker.id), before.items.get(worker.id), 'an unchanged image keeps its row');
    const workerRef = worker.getChildren()[1]!;
    assert.equal(after.items.get(workerRef.id), before.items.get(workerRef.id), 'and its reference rows');
    assert.notEqual(after.items.get(web.id), before.items.get(web.id), 'web:1.0 lost a reference: its row is new');
    // The saved file's references are new objects: api's reference row is rebuilt, its image row says the same.
    const api = view.imageNodes.find((n) => n.label === 'shop/api:2.0')!;
    assert.equal(api.located[0]!.reference, index.entries()[0]!.references[1]);
  });

  it('a change within one image tells the view that image, not the whole tree', async () => {
    await drawn();
    events.length = 0;
    index.set('/ws/c/deploy.yaml', [reference(`${R}/shop/worker:3.0`, 7)]);
    const worker = view.imageNodes.find((n) => n.label === 'shop/worker:3.0')!;
    assert.deepEqual(events, [worker]);
    assert.ok((await drawn()).text.includes('  file:///ws/c/deploy.yaml:8'));
  });

  it('an emptied image disappears; nothing changed tells the view nothing', async () => {
    await drawn();
    events.length = 0;
    index.set('/ws/c/deploy.yaml', []);
    assert.deepEqual(events, [undefined]);
    assert.ok(!(await drawn()).text.some((t) => t.startsWith('shop/worker')));
    events.length = 0;
    index.set('/ws/a/other.json', [{ ...reference(`${R}/shop/x:1`, 0), target: { kind: 'other', image: 'x' } }]);
    assert.deepEqual(events, [], 'a file with no ECR reference changes no row');
  });

  it('after any sequence of saves the view is what a grouping from scratch gives', async () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const images = [
      `${R}/shop/web:1.0`,
      `${R}/shop/web:1.1`,
      `${R}/shop/api:2.0`,
      `${R}/a/b:1`,
      `${R}/shop/worker:3.0`,
    ];
    for (let step = 0; step < 150; step++) {
      const file = `/ws/f${next(6)}.yaml`;
      const count = next(4);
      index.set(
        file,
        Array.from({ length: count }, (_, i) => reference(images[next(images.length)]!, i * 3 + next(2))),
      );
      const fresh = new WorkspaceImagesView(
        index.copy() as unknown as WorkspaceReferenceIndex,
        unused as ImageUsageSource,
        unused as ClusterSource,
      );
      const incremental = (await drawn()).text;
      const saved = view;
      view = fresh;
      const scratch = (await drawn()).text;
      view = saved;
      fresh.dispose();
      assert.deepEqual(incremental, scratch, `step ${step}`);
    }
  });

  it('Refresh builds every row again', async () => {
    const before = await drawn();
    view.refresh();
    const after = await drawn();
    assert.deepEqual(after.text, before.text);
    for (const [id, item] of after.items) assert.notEqual(item, before.items.get(id), id);
  });
});
