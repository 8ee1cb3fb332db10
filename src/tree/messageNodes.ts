/**
 * The status rows every paged list shows: load more, loading, error (with its actions) and empty. Our words go through
 * `vscode.l10n.t`; the error's message and hint and the info rows' text come translated from their owners.
 */
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
export const LOAD_ALL_COMMAND = 'imageFootprint.loadAll';
export const STOP_LOADING_COMMAND = 'imageFootprint.stopLoading';
export const RETRY_COMMAND = 'imageFootprint.retry';
export const ERROR_ACTION_COMMAND = 'imageFootprint.errorAction';

/** Anything a status row can ask to continue: the paged children it belongs to. */
export interface Continuable {
  loadMore(): Promise<void>;
}

/** A list the Load more row belongs to: it can also load every remaining page, and stop doing so. */
export interface LoadableList extends Continuable {
  loadAll(): Promise<void>;
  stopLoading(): void;
}

/**
 * What the status rows of one list say about its items, as whole sentences (translated by the list's owner, so that
 * each language can word and inflect them; the tree knows no item kind). Functions: asked when a row is drawn, after
 * the translations are loaded.
 */
export interface ListWords {
  /** The description of the "Load more…" row: "40 clusters shown". */
  shown(count: number): string;
  /** Its tooltip: "Fetch the next page of clusters." */
  fetchNext(): string;
  /** Its screen reader label: "Load more clusters; 40 shown". */
  loadMore(count: number): string;
  /** The row while the next page loads: "Loading more clusters…". */
  loadingMore(): string;
  /** The row while "Load All" fetches every remaining page: "Loading all clusters…". */
  loadingAll(): string;
}

/**
 * The sentences of a list that names its items by a plural noun only (translated by its owner): the noun is an
 * argument of generic sentences. Whole sentences per list (`ListWords`) read better in languages that inflect it.
 */
export function wordsOfNoun(noun: string): ListWords {
  return {
    shown: (count) =>
      vscode.l10n.t({
        message: '{0} {1} shown',
        args: [count, noun],
        comment: ['{0} is a count, {1} the plural noun of the list (e.g. "policies")'],
      }),
    fetchNext: () =>
      vscode.l10n.t({
        message: 'Fetch the next page of {0}.',
        args: [noun],
        comment: ['{0} is the plural noun of the list (e.g. "policies")'],
      }),
    loadMore: (count) =>
      vscode.l10n.t({
        message: 'Load more {0}; {1} shown',
        args: [noun, count],
        comment: ['{0} is the plural noun of the list (e.g. "policies"), {1} a count'],
      }),
    loadingMore: () =>
      vscode.l10n.t({
        message: 'Loading more {0}…',
        args: [noun],
        comment: ['{0} is the plural noun of the list (e.g. "policies")'],
      }),
    loadingAll: () =>
      vscode.l10n.t({
        message: 'Loading all {0}…',
        args: [noun],
        comment: ['{0} is the plural noun of the list (e.g. "policies")'],
      }),
  };
}

/** The last row of a list that can load more: its list, how many items it shows, and the list's words. */
abstract class ListEndNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    readonly target: LoadableList,
    protected readonly shown: number,
    protected readonly words: ListWords,
  ) {
    super(parent);
    this.id = `${parent.id}/$more`;
  }
}

export class LoadMoreNode extends ListEndNode {
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.description = this.words.shown(this.shown);
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.tooltip = this.words.fetchNext();
    item.command = { command: LOAD_MORE_COMMAND, title: vscode.l10n.t('Load More'), arguments: [this] };
    item.accessibilityInformation = { label: this.words.loadMore(this.shown), role: 'button' };
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

/**
 * The row while "Load All" runs: a spinner, how many items are shown so far (the row is redrawn about once a second,
 * not after every page), and a click stops loading; what is shown stays and Load more comes back.
 */
export class LoadingAllNode extends ListEndNode {
  getTreeItem(): vscode.TreeItem {
    const label = this.words.loadingAll();
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description = this.words.shown(this.shown);
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    item.contextValue = 'loadingAll';
    item.tooltip = vscode.l10n.t('Click to stop loading. What is shown stays, and Load more continues from there.');
    item.command = { command: STOP_LOADING_COMMAND, title: vscode.l10n.t('Stop Loading'), arguments: [this] };
    item.accessibilityInformation = {
      label: vscode.l10n.t('{0} {1}. Press Enter to stop.', label, this.words.shown(this.shown)),
      role: 'button',
    };
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
    if (canRetry) item.command = { command: RETRY_COMMAND, title: vscode.l10n.t('Retry'), arguments: [this] };
    item.accessibilityInformation = { label: vscode.l10n.t('Error: {0}', this.error.fullMessage) };
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
