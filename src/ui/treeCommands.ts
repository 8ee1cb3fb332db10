/** Commands shared by every tree: Load more, Retry, the actions of error rows, and Refresh. */
import * as vscode from 'vscode';
import { isErrorAction } from '../aws/errorActions';
import { isFootprintError } from '../aws/errors';
import { ErrorNode, LoadingAllNode, LoadMoreNode } from '../tree/messageNodes';
import { TreeNode } from '../tree/node';
import type { ErrorActions } from './errorActions';

export interface RefreshableView {
  /** The view's id, for its progress bar. */
  readonly viewId: string;
  /** Whether `node` belongs to this view's tree. */
  owns(node: TreeNode): boolean;
  /** Start `node` (or, without one, the whole view) over. */
  refresh(node?: TreeNode): void;
}

/** `onRefreshAll` runs when the whole extension is refreshed (e.g. to clear caches). */
export function registerTreeCommands(
  views: readonly RefreshableView[],
  errors: ErrorActions,
  onRefreshAll: () => void,
): vscode.Disposable[] {
  const r = vscode.commands.registerCommand;
  /** A list's pages loading, shown by the progress bar of the view the row is in (the rows stay as they are). */
  const withViewProgress = (node: TreeNode, load: () => Promise<void>): Promise<void> => {
    const view = views.find((v) => v.owns(node));
    if (!view) return load();
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: view.viewId } }, load));
  };
  return [
    r('imageFootprint.loadMore', (node?: unknown) =>
      node instanceof LoadMoreNode ? withViewProgress(node, () => node.target.loadMore()) : undefined,
    ),
    r('imageFootprint.loadAll', (node?: unknown) =>
      node instanceof LoadMoreNode ? withViewProgress(node, () => node.target.loadAll()) : undefined,
    ),
    r('imageFootprint.stopLoading', (node?: unknown) =>
      node instanceof LoadingAllNode ? node.target.stopLoading() : undefined,
    ),
    r('imageFootprint.retry', (node?: unknown) => {
      const target = node instanceof ErrorNode ? node.target : undefined;
      return node instanceof ErrorNode && target ? withViewProgress(node, () => target.loadMore()) : undefined;
    }),
    r('imageFootprint.errorAction', (action?: unknown, error?: unknown) =>
      isErrorAction(action) ? errors.run(action, isFootprintError(error) ? error : undefined) : undefined,
    ),
    r('imageFootprint.refresh', (node?: unknown) => {
      // Only our own nodes are walked: anything else (from code) refreshes everything.
      const target =
        node instanceof ErrorNode || node instanceof LoadMoreNode || node instanceof LoadingAllNode
          ? node.parent
          : node;
      const owned = target instanceof TreeNode ? views.filter((v) => v.owns(target)) : [];
      if (target instanceof TreeNode && owned.length > 0) {
        for (const v of owned) v.refresh(target);
        return;
      }
      onRefreshAll();
      for (const v of views) v.refresh();
    }),
  ];
}
