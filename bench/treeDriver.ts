/**
 * Drives a tree the way VS Code's extension host does (checked against `ExtHostTreeView` of VS Code 1.100): showing a
 * node's children is `getChildren(node)` and then `getTreeItem(child)` for every child; a click on "Load more" runs
 * the row's command, and when the provider then reports the node changed, the host asks for the node's own item and
 * fetches its children again, all of them. VS Code may fetch once more for the "Loading…" row in between; that fetch
 * is not counted here, so the figures are a lower bound of the real work.
 *
 * Checked in the extension host of code-server 4.100.3 (VS Code 1.100.3, `out/vs/workbench/api/node/
 * extensionHostProcess.js`, class ExtHostTreeView): a change of one element runs `getTreeItem(element)` and drops the
 * element's children; the workbench then asks `$getChildren(handle)`, which finds no cached children and calls
 * `getChildren(element)` and `getTreeItem` of every child (`Promise.all`, one promise per row), making a node per row.
 * `onDidChangeTreeData` is debounced by 200 ms with the leading edge, so the "Loading…" change of a click and the
 * change when the page lands are two such refreshes; the driver counts one.
 */
import * as vscode from 'vscode';
import type { NodeTreeProvider, TreeNode } from '../src/tree/node';

export interface Shown {
  readonly nodes: readonly TreeNode[];
  readonly items: readonly vscode.TreeItem[];
}

export type TreeItemSource = Pick<NodeTreeProvider, 'getChildren' | 'getTreeItem'>;

/**
 * `getChildren(node)`, then `getTreeItem` of every child. VS Code wraps each call in a promise and converts each item
 * for the renderer; that is its own work, not ours, so here the items are asked for in a plain loop (our providers
 * answer synchronously).
 */
export async function showChildren(provider: TreeItemSource, node: TreeNode): Promise<Shown> {
  const nodes = (await provider.getChildren(node)) ?? [];
  const items: vscode.TreeItem[] = [];
  for (const n of nodes) {
    const item = provider.getTreeItem(n);
    items.push(item instanceof Promise ? await item : (item as vscode.TreeItem));
  }
  return { nodes, items };
}

function labelOf(item: vscode.TreeItem | undefined): string {
  const l = item?.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Expands `node`, then clicks "Load more" until the list is complete. Throws if the list ends in an error row. */
export async function expandAndLoadAll(
  provider: TreeItemSource,
  node: TreeNode,
): Promise<Shown & { readonly loadMoreClicks: number }> {
  let shown = await showChildren(provider, node);
  let clicks = 0;
  for (;;) {
    const last = shown.items[shown.items.length - 1];
    if (last?.contextValue !== 'loadMore') break;
    if (!last.command) throw new Error('the Load more row has no command');
    await vscode.commands.executeCommand(last.command.command, ...(last.command.arguments ?? []));
    clicks++;
    provider.getTreeItem(node);
    shown = await showChildren(provider, node);
  }
  const last = shown.items[shown.items.length - 1];
  if (last && /error|retryable/i.test(last.contextValue ?? '')) {
    throw new Error(`the list ended in an error row: ${labelOf(last)}`);
  }
  return { ...shown, loadMoreClicks: clicks };
}

/**
 * Expands `node`, then runs "Load All" from its Load more row. VS Code reads the node's row and every child again
 * after each change of the node the provider reports; here every such change is answered with a full read of the
 * final list once the command is done (each of them read a shorter list in VS Code, so this is an upper bound of that
 * part, and the debounce that merges changes closer than 200 ms is not applied).
 */
export async function expandAndLoadAllAtOnce(
  provider: TreeItemSource & Pick<NodeTreeProvider, 'onDidChangeTreeData'>,
  node: TreeNode,
): Promise<Shown & { readonly redraws: number }> {
  let shown = await showChildren(provider, node);
  const last = shown.items[shown.items.length - 1];
  if (last?.contextValue !== 'loadMore') return { ...shown, redraws: 0 };
  let changes = 0;
  const listener = provider.onDidChangeTreeData((changed) => {
    if (changed === node || changed === undefined) changes++;
  });
  try {
    await vscode.commands.executeCommand('imageFootprint.loadAll', shown.nodes[shown.nodes.length - 1]);
  } finally {
    listener.dispose();
  }
  for (let i = 0; i < Math.max(1, changes); i++) {
    provider.getTreeItem(node);
    shown = await showChildren(provider, node);
  }
  const end = shown.items[shown.items.length - 1];
  if (end && /error|retryable|loadMore|loading/i.test(end.contextValue ?? '')) {
    throw new Error(`the list ended in a "${end.contextValue ?? ''}" row: ${labelOf(end)}`);
  }
  return { ...shown, redraws: changes };
}

/**
 * An experiment, not the extension's code: the same provider, but a node's TreeItem is built once and reused until
 * the provider says that node changed. Shows how much of a figure is spent rebuilding unchanged rows.
 */
export function memoizingProvider(provider: NodeTreeProvider): TreeItemSource {
  let items = new WeakMap<TreeNode, vscode.TreeItem>();
  provider.onDidChangeTreeData((node) => {
    if (node) items.delete(node);
    else items = new WeakMap();
  });
  return {
    getChildren: (node) => provider.getChildren(node),
    getTreeItem: (node) => {
      let item = items.get(node);
      if (!item) {
        item = provider.getTreeItem(node);
        items.set(node, item);
      }
      return item;
    },
  };
}
