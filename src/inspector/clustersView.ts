/**
 * The Image Clusters view: the images the user looked up (kept in workspace state) as roots, each paging through
 * `GetClustersForImage` lazily. A change of profile, region or endpoint drops every loaded page.
 */
import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import type { SettingsStore } from '../settingsStore';
import { NodeTreeProvider, type TreeNode } from '../tree/node';
import { Disposable } from '../util/disposable';
import { ImageNode } from './clusterNodes';
import { restoreSubjects, type ImageSubject } from './imageSubject';
import { InspectorImages } from './images';

export const CLUSTERS_VIEW_ID = 'imageFootprint.clusters';

const STATE_KEY = 'imageFootprint.images';

export class ClustersView extends Disposable {
  readonly viewId = CLUSTERS_VIEW_ID;
  readonly provider: NodeTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private images: ImageNode[] = [];

  constructor(
    session: AwsSession,
    settings: SettingsStore,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    /** Where the image rows get their pages (Inspector); one instance is shared with the lookup and the hovers. */
    readonly inspector: InspectorImages = new InspectorImages(session, () => settings.current.pageSize.clusters),
  ) {
    super();
    this.provider = this._register(new NodeTreeProvider(() => this.images));
    this.treeView = this._register(
      vscode.window.createTreeView(CLUSTERS_VIEW_ID, {
        treeDataProvider: this.provider,
        showCollapseAll: true,
      }),
    );
    const { images, dropped } = restoreSubjects(state.get<unknown>(STATE_KEY));
    if (dropped > 0) {
      log.warn(`Ignored ${dropped} unreadable saved image(s) in workspace state.`);
      void this.save(images);
    }
    this.images = images.map((i) => this.nodeFor(i));
    this.updateContext();
    this._register(session.onDidChangeConnection(() => this.refresh()));
  }

  private nodeFor(image: ImageSubject): ImageNode {
    return new ImageNode(image, this.inspector, this.provider.notify);
  }

  get imageNodes(): readonly ImageNode[] {
    return this.images;
  }

  find(resourceId: string): ImageNode | undefined {
    return this.images.find((n) => n.image.resourceId === resourceId);
  }

  /** Adds the image as a root (or finds it), reveals and expands it. */
  async addImage(image: ImageSubject): Promise<ImageNode> {
    let node = this.find(image.resourceId);
    let saved: Promise<void> | undefined;
    const added = !node;
    if (!node) {
      node = this.nodeFor(image);
      // Drawn expanded: VS Code asks for the first page as it draws the row; the reveal below selects it. The page
      // is requested now: the request overlaps VS Code's round trips to draw the row instead of following them.
      node.expandWhenShown = true;
      node.startLoading();
      this.images = [node, ...this.images];
      // Shown first, saved meanwhile: the row does not wait for the workspace state to be written.
      saved = this.save(this.images.map((n) => n.image));
      this.updateContext();
      this.provider.notify(undefined);
    }
    // A new image is already drawn expanded: the reveal only selects it. Asking VS Code to expand it as well would
    // make the window wait for its next redraw (the tree is still being refreshed), which a new page only brings
    // after VS Code's 200 ms hold on tree changes.
    await Promise.all([this.reveal(node, !added), saved]);
    return node;
  }

  async reveal(node: ImageNode, expand = true): Promise<void> {
    try {
      await this.treeView.reveal(node, { select: true, focus: true, expand });
    } catch (err) {
      // The view may be hidden or not yet resolved; the node is there when it opens.
      this.log.debug(`reveal failed: ${String(err)}`);
    }
  }

  async removeImage(node: ImageNode): Promise<void> {
    node.remove();
    this.images = this.images.filter((n) => n !== node);
    await this.save(this.images.map((n) => n.image));
    this.updateContext();
    this.provider.notify(undefined);
  }

  /** Whether `node` belongs to this tree (its root is one of the images). */
  owns(node: TreeNode): boolean {
    let n: TreeNode = node;
    while (n.parent) n = n.parent;
    return n instanceof ImageNode && this.images.includes(n);
  }

  /** Refreshes one node (its pages start over) or, without one, every image. */
  refresh(node?: TreeNode): void {
    if (node) {
      node.reset();
      this.provider.notify(node);
      return;
    }
    for (const n of this.images) n.reset();
    this.provider.notify(undefined);
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'imageFootprint.hasImages', this.images.length > 0);
  }

  private async save(images: readonly ImageSubject[]): Promise<void> {
    await this.state.update(
      STATE_KEY,
      images.map((i) => ({ resourceId: i.resourceId, tag: i.tag, input: i.input })),
    );
  }

  override dispose(): void {
    for (const n of this.images) n.reset();
    super.dispose();
  }
}
