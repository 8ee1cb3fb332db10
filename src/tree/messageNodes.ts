/** The status rows every paged list shows: load more, loading, error (with its actions) and empty. */
import * as vscode from 'vscode';
import { TreeNode } from './node';

/** How an action row of an error looks: a label, a codicon and an optional description. */
export interface RowActionLook {
  readonly label: string;
  readonly icon: string;
  readonly description?: string;
}

/**
 * What an error row shows: the caller's presentational model (the tree knows no service and no AWS error type;
 * `FootprintError` of `aws/errors.ts` has this shape). The object itself is handed back to the action command.
 */
export interface RowError {
  /** One sentence: what failed and why. */
  readonly message: string;
  /** What to do about it (the row's description). */
  readonly hint: string;
  /** Message and hint, for the tooltip. */
  readonly fullMessage: string;
  /** `'retry'` makes the row retry; every other action is a child row that runs `imageFootprint.errorAction`. */
  readonly actions: readonly string[];
  /** The look of an action's row, or undefined for an action that gets no row. */
  actionLook(action: string): RowActionLook | undefined;
}

export const LOAD_MORE_COMMAND = 'imageFootprint.loadMore';
export const RETRY_COMMAND = 'imageFootprint.retry';
export const ERROR_ACTION_COMMAND = 'imageFootprint.errorAction';

/** Anything a status row can ask to continue: the paged children it belongs to. */
export interface Continuable {
  loadMore(): Promise<void>;
}

export class LoadMoreNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    readonly target: Continuable,
    private readonly shown: number,
    private readonly noun: string,
  ) {
    super(parent);
    this.id = `${parent.id}/$more`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.description = `${this.shown} ${this.noun} shown`;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.tooltip = `Fetch the next page of ${this.noun}.`;
    item.command = { command: LOAD_MORE_COMMAND, title: 'Load More', arguments: [this] };
    item.accessibilityInformation = { label: `Load more ${this.noun}; ${this.shown} shown`, role: 'button' };
    return item;
  }
}

export class LoadingNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    private readonly label: string,
  ) {
    super(parent);
    this.id = `${parent.id}/$more`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    item.contextValue = 'loading';
    return item;
  }
}

export class ErrorActionNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ErrorNode,
    readonly action: string,
    private readonly look: RowActionLook,
  ) {
    super(parent);
    this.id = `${parent.id}/${action}`;
  }
  getTreeItem(): vscode.TreeItem {
    const { label, icon, description } = this.look;
    const error = (this.parent as ErrorNode).error;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.contextValue = 'errorAction';
    item.command = { command: ERROR_ACTION_COMMAND, title: label, arguments: [this.action, error] };
    return item;
  }
}

export class ErrorNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    readonly error: RowError,
    readonly target: Continuable | undefined,
    idSuffix = '$error',
  ) {
    super(parent);
    this.id = `${parent.id}/${idSuffix}`;
  }
  getTreeItem(): vscode.TreeItem {
    const actions = this.actionRows();
    const item = new vscode.TreeItem(
      this.error.message,
      actions.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
    );
    item.description = this.error.hint;
    item.tooltip = new vscode.MarkdownString().appendText(this.error.fullMessage);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    const canRetry = this.target !== undefined && this.error.actions.includes('retry');
    item.contextValue = canRetry ? 'retryableError' : 'error';
    if (canRetry) item.command = { command: RETRY_COMMAND, title: 'Retry', arguments: [this] };
    item.accessibilityInformation = { label: `Error: ${this.error.fullMessage}` };
    return item;
  }
  override getChildren(): readonly TreeNode[] {
    return this.actionRows().map(([action, look]) => new ErrorActionNode(this, action, look));
  }

  private actionRows(): [string, RowActionLook][] {
    const rows: [string, RowActionLook][] = [];
    for (const action of this.error.actions) {
      const look = action === 'retry' ? undefined : this.error.actionLook(action);
      if (look) rows.push([action, look]);
    }
    return rows;
  }
}

export interface InfoRow {
  readonly label: string;
  /** The tooltip. */
  readonly detail?: string;
  /** Unique among the parent's children; `$info` by default. */
  readonly idSuffix?: string;
  /** A codicon; `info` by default. */
  readonly icon?: string;
  readonly description?: string;
}

export class InfoNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    private readonly row: InfoRow,
  ) {
    super(parent);
    this.id = `${parent.id}/${row.idSuffix ?? '$info'}`;
  }
  getTreeItem(): vscode.TreeItem {
    const { label, detail, icon, description } = this.row;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(icon ?? 'info');
    item.contextValue = 'info';
    item.description = description;
    if (detail) item.tooltip = detail;
    return item;
  }
}
