/**
 * The Image Clusters view: the images the user looked up (kept in workspace state) as roots, each paging through
 * `GetClustersForImage` lazily. A change of profile, region or endpoint drops every loaded page.
 */
import * as vscode from 'vscode';
import { FootprintError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import type { ClusterInfo, Page } from '../aws/types';
import type { SettingsStore } from '../settingsStore';
import { NodeTreeProvider, type TreeNode } from '../tree/node';
import { Disposable } from '../util/disposable';
import { ImageNode, type ClusterSource } from './clusterNodes';
import { imageLabel, restoreSubjects, type ImageSubject } from './imageSubject';

export const CLUSTERS_VIEW_ID = 'imageFootprint.clusters';

function notCoveredError(image: ImageSubject): FootprintError {
  return new FootprintError(
    'notFound',
    `Amazon Inspector does not cover ${imageLabel(image)} in account ${image.accountId} (${image.region}).`,
    'Check the digest, or turn on Inspector enhanced scanning for the repository; then Retry.',
    ['retry'],
    { service: 'inspector2', operation: 'ListCoverage', region: image.region },
  );
}
const STATE_KEY = 'imageFootprint.images';

export class ClustersView extends Disposable implements ClusterSource {
  readonly provider: NodeTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private images: ImageNode[] = [];

  constructor(
    private readonly session: AwsSession,
    private readonly settings: SettingsStore,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
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
    return new ImageNode(image, this, this.provider.notify);
  }

  async loadClustersPage(
    image: ImageSubject,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<ClusterInfo>> {
    const target = await this.session.target(image.region);
    const page = await this.session.api.getClustersForImage(
      target,
      { resourceId: image.resourceId, maxResults: this.settings.current.pageSize.clusters, nextToken: token },
      signal,
    );
    if (token === undefined && page.items.length === 0 && !page.nextToken) {
      // Nothing uses it, or Inspector does not know the image at all: an empty list must not hide the second case.
      const covered = await this.session.api.findCoveredImages(
        target,
        { accountId: image.accountId, repository: image.repository, resourceId: image.resourceId },
        signal,
      );
      if (covered.length === 0) throw notCoveredError(image);
    }
    return page;
  }

  toError(err: unknown, image: ImageSubject): FootprintError {
    return this.session.toError(err, {
      ...this.session.context('inspector2', 'GetClustersForImage'),
      region: image.region,
    });
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
    if (!node) {
      node = this.nodeFor(image);
      this.images = [node, ...this.images];
      // Shown first, saved meanwhile: the row does not wait for the workspace state to be written.
      saved = this.save(this.images.map((n) => n.image));
      this.updateContext();
      this.provider.notify(undefined);
    }
    await Promise.all([this.reveal(node), saved]);
    return node;
  }

  async reveal(node: ImageNode): Promise<void> {
    try {
      await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    } catch (err) {
      // The view may be hidden or not yet resolved; the node is there when it opens.
      this.log.debug(`reveal failed: ${String(err)}`);
    }
  }

  async removeImage(node: ImageNode): Promise<void> {
    node.reset();
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
