/** Commands shared by every tree: Load more, Retry, the actions of error rows, and Refresh. */
import * as vscode from 'vscode';
import type { ErrorAction, FootprintError } from '../aws/errors';
import { ErrorNode, LoadMoreNode } from '../tree/messageNodes';
import type { TreeNode } from '../tree/node';
import type { ErrorActions } from './errorActions';

export interface RefreshableView {
  /** Whether `node` belongs to this view's tree. */
  owns(node: TreeNode): boolean;
  /** Start `node` (or, without one, the whole view) over. */
  refresh(node?: TreeNode): void;
}

export function rootOf(node: TreeNode): TreeNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/** `onRefreshAll` runs when the whole extension is refreshed (e.g. to clear caches). */
export function registerTreeCommands(
  views: readonly RefreshableView[],
  errors: ErrorActions,
  onRefreshAll: () => void,
): vscode.Disposable[] {
  const r = vscode.commands.registerCommand;
  return [
    r('imageFootprint.loadMore', (node?: unknown) =>
      node instanceof LoadMoreNode ? node.target.loadMore() : undefined,
    ),
    r('imageFootprint.retry', (node?: unknown) => (node instanceof ErrorNode ? node.target?.loadMore() : undefined)),
    r('imageFootprint.errorAction', (action: ErrorAction, error?: FootprintError) => errors.run(action, error)),
    r('imageFootprint.refresh', (node?: unknown) => {
      const target = node instanceof ErrorNode || node instanceof LoadMoreNode ? node.parent : node;
      const owned = target && typeof target === 'object' ? views.filter((v) => v.owns(target as TreeNode)) : [];
      if (owned.length > 0) {
        for (const v of owned) v.refresh(target as TreeNode);
        return;
      }
      onRefreshAll();
      for (const v of views) v.refresh();
    }),
  ];
}
