import * as vscode from 'vscode';
import { displayLine, markdownWithoutAutolinks, stripBidiControls, truncateMiddle } from '../util/escape';

/**
 * Tells the view that a node (or, with undefined, the whole tree) changed and must be asked again. `prepare`, where
 * the view has it, builds the rows of nodes about to be shown, as VS Code's next read of them would, ahead of that
 * read (Load All builds each page's rows while the next page's request is out).
 */
export type NotifyChange = ((node?: TreeNode) => void) & {
  readonly prepare?: (nodes: readonly TreeNode[]) => void;
};

/**
 * The row NodeTreeProvider built for a node and the generation it was built in, kept on the node under keys private to
 * this module (no node and no caller can name them). On the node rather than in a WeakMap of the provider: VS Code
 * asks for the row of every child again after each change of their parent (10,000 rows, 100 times, for a list loaded
 * page by page), and a field read costs a fraction of a WeakMap lookup, whose entries the garbage collector also
 * visits on every collection (measured: BENCHMARKS.md, issue 17).
 */
const ROW = Symbol('row');
const ROW_GENERATION = Symbol('rowGeneration');

/** Every provider's generations come from this one sequence: a row built for one tree never passes for another's. */
let lastGeneration = 0;

/** A node of one of our trees. Items and children are computed by the node itself; the provider only delegates. */
export abstract class TreeNode {
  abstract readonly id: string;
  /** NodeTreeProvider's cache of this node's row (see ROW above): not for nodes. */
  [ROW]: vscode.TreeItem | undefined = undefined;
  [ROW_GENERATION] = 0;

  constructor(readonly parent: TreeNode | undefined) {}

  /** The row, without its tooltip: built once and kept until the node notifies a change of itself. Never starts a
   * request: work a shown row needs (an in-use check) starts in `rowShown`. */
  abstract getTreeItem(): vscode.TreeItem;

  /** VS Code shows this row (the provider calls it before building the row): the place to start work the row needs. */
  rowShown(): void {}

  /** The row's tooltip, built only when the user hovers the row (VS Code's `resolveTreeItem`). */
  getTooltip(): string | vscode.MarkdownString | undefined {
    return undefined;
  }

  getChildren(): readonly TreeNode[] | Promise<readonly TreeNode[]> {
    return [];
  }

  /** Forget loaded children and cancel their requests (refresh of this node). */
  reset(): void {}
}

/** The TreeDataProvider for a tree of TreeNodes. Roots come from a function so views can own their root lists. */
export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /**
   * Rows are built once and kept on their node: VS Code asks again for every shown row whenever a parent changes
   * (each "Load more": 10,000 rows, 100 times). A node whose own row changes says so through `notify(node)`, which
   * drops its row; `notify()` for the whole tree starts a new generation, which drops them all.
   */
  private generation = ++lastGeneration;

  constructor(private readonly roots: () => readonly TreeNode[] | Promise<readonly TreeNode[]>) {}

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const built = node[ROW];
    if (built !== undefined && node[ROW_GENERATION] === this.generation) return built;
    node.rowShown();
    const item = shownAsText(node.getTreeItem());
    item.id = node.id;
    node[ROW] = item;
    node[ROW_GENERATION] = this.generation;
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (item.tooltip === undefined) {
      const tooltip = node.getTooltip();
      if (tooltip !== undefined) item.tooltip = safeTooltip(tooltip);
    }
    return item;
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    const children = node ? node.getChildren() : this.roots();
    // No copy: VS Code only reads the list (a paged node's list is a fresh array of up to 10,000 rows on every page).
    return Promise.resolve(children) as Promise<TreeNode[]>;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  readonly notify: NotifyChange = Object.assign(
    (node?: TreeNode): void => {
      if (node) node[ROW] = undefined;
      else this.generation = ++lastGeneration;
      this.emitter.fire(node);
    },
    {
      prepare: (nodes: readonly TreeNode[]): void => {
        for (const node of nodes) this.getTreeItem(node);
      },
    },
  );

  /**
   * The root list changed (rows added, removed or reordered) but only `changed` rows are new: VS Code asks for the
   * roots again (and the children of expanded ones), and every other row is answered from its built item. For a view
   * whose rows mostly stay (a file saved among thousands), not a rebuild of every row as `notify()` makes.
   */
  notifyRoots(changed: Iterable<TreeNode>): void {
    for (const node of changed) node[ROW] = undefined;
    this.emitter.fire(undefined);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Longest label or description a row shows; longer strings are shortened in the middle. */
const MAX_LINE = 500;
/** Longest plain-text tooltip. */
const MAX_TOOLTIP = 5000;

/**
 * The one place where every row's text is made safe to show, whatever its node put in: labels, descriptions and
 * accessibility labels on one line, bidirectional controls and invisible characters made visible, very long strings
 * shortened. Markdown tooltips are built with `appendText` (escaped) by the nodes; here their bidi controls are made
 * visible too, and they are never trusted and never render HTML.
 */
export function shownAsText(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = displayLine(item.label, MAX_LINE);
  else if (item.label) item.label = { label: displayLine(item.label.label, MAX_LINE) };
  if (typeof item.description === 'string') item.description = displayLine(item.description, MAX_LINE);
  if (item.tooltip !== undefined) item.tooltip = safeTooltip(item.tooltip);
  if (item.accessibilityInformation) {
    item.accessibilityInformation = {
      ...item.accessibilityInformation,
      label: displayLine(item.accessibilityInformation.label, MAX_LINE),
    };
  }
  return item;
}

/** A tooltip made safe: bidi controls visible, bounded plain text, Markdown never trusted and never HTML. */
function safeTooltip(tooltip: string | vscode.MarkdownString): string | vscode.MarkdownString {
  if (typeof tooltip === 'string') return truncateMiddle(stripBidiControls(tooltip), MAX_TOOLTIP);
  // `[U+202E]` written escaped, so that it reads as text in Markdown as well.
  // API text may hold URLs, e-mail addresses and `$(icon)`: none of them may render as a link or an icon.
  const value = markdownWithoutAutolinks(
    stripBidiControls(tooltip.value).replace(/(?<!\\)\[(U\+[0-9A-F]{4})\]/g, '\\[$1\\]'),
  );
  const md = new vscode.MarkdownString(value, tooltip.supportThemeIcons);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
