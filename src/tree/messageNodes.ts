/** The status rows every paged list shows: load more, loading, error (with its actions) and empty. */
import * as vscode from 'vscode';
import type { ErrorAction, FootprintError } from '../aws/errors';
import { TreeNode } from './node';

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

const ACTION_LABELS: Record<Exclude<ErrorAction, 'retry'>, { label: string; icon: string }> = {
  signIn: { label: 'Sign in again…', icon: 'sign-in' },
  selectProfile: { label: 'Select AWS profile…', icon: 'account' },
  selectRegion: { label: 'Select AWS region…', icon: 'globe' },
  openSettings: { label: 'Open settings', icon: 'settings-gear' },
  showLog: { label: 'Show log', icon: 'output' },
};

export class ErrorActionNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ErrorNode,
    readonly action: Exclude<ErrorAction, 'retry'>,
  ) {
    super(parent);
    this.id = `${parent.id}/${action}`;
  }
  getTreeItem(): vscode.TreeItem {
    const { label, icon } = ACTION_LABELS[this.action];
    const error = (this.parent as ErrorNode).error;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    if (this.action === 'signIn' && error.context?.profile) {
      item.description = `profile ${error.context.profile}, in VS Code`;
    }
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
    readonly error: FootprintError,
    readonly target: Continuable | undefined,
    idSuffix = '$error',
  ) {
    super(parent);
    this.id = `${parent.id}/${idSuffix}`;
  }
  getTreeItem(): vscode.TreeItem {
    const actions = this.error.actions.filter((a): a is Exclude<ErrorAction, 'retry'> => a !== 'retry');
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
    return this.error.actions
      .filter((a): a is Exclude<ErrorAction, 'retry'> => a !== 'retry')
      .map((a) => new ErrorActionNode(this, a));
  }
}

export class InfoNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    private readonly label: string,
    private readonly detail?: string,
    idSuffix = '$info',
    private readonly icon = 'info',
    private readonly description?: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${idSuffix}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'info';
    item.description = this.description;
    if (this.detail) item.tooltip = this.detail;
    return item;
  }
}
