import * as vscode from 'vscode';

/** Tells the view that a node (or, with undefined, the whole tree) changed and must be asked again. */
export type NotifyChange = (node?: TreeNode) => void;

/** A node of one of our trees. Items and children are computed by the node itself; the provider only delegates. */
export abstract class TreeNode {
  abstract readonly id: string;

  constructor(readonly parent: TreeNode | undefined) {}

  abstract getTreeItem(): vscode.TreeItem;

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

  constructor(private readonly roots: () => readonly TreeNode[] | Promise<readonly TreeNode[]>) {}

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.getTreeItem();
    item.id = node.id;
    return item;
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    const children = node ? node.getChildren() : this.roots();
    return Promise.resolve(children).then((c) => [...c]);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  readonly notify: NotifyChange = (node) => this.emitter.fire(node);

  dispose(): void {
    this.emitter.dispose();
  }
}
