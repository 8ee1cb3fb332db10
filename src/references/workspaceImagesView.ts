/**
 * The Workspace Images view: every distinct private ECR image the workspace references (Dockerfiles included) →
 * "Where it runs" (the same cluster rows as Image Clusters, paged) and its references (file and line; a click opens the
 * file at the reference). A tag and the digest it resolves to are one image once the tag has been resolved.
 *
 * The scan starts when the view is first shown (reading files only: no AWS request); an image's clusters are asked
 * for when its "Where it runs" row is expanded, through the one `ImageUsageService` (so an image the hover already
 * looked up costs nothing more) and then the Image Clusters pager for the rows.
 */
import * as vscode from 'vscode';
import { ImageNode, type ClusterSource } from '../inspector/clusterNodes';
import { formatImageUri, resourceIdOf, shortImageLabel, type EcrImageRef } from '../inspector/imageRef';
import { subjectFromResourceId } from '../inspector/imageSubject';
import { usageKey, type ImageUsage } from '../inspector/imageUsage';
import type { ImageUsageSource } from '../dockerfile/usageMarkdown';
import { ErrorNode, InfoNode } from '../tree/messageNodes';
import { NodeTreeProvider, TreeNode, type NotifyChange } from '../tree/node';
import { Disposable } from '../util/disposable';
import { escapeMarkdown } from '../util/escape';
import { formatCount } from '../util/format';
import { FILE_KIND_LABEL, type ImageReference } from './model';
import { scanMessage } from './scanMessage';
import type { WorkspaceReferenceIndex } from './workspaceIndex';

export const WORKSPACE_IMAGES_VIEW_ID = 'imageFootprint.workspaceImages';
const SCANNING_CONTEXT = 'imageFootprint.workspaceScanning';

interface Located {
  readonly uri: vscode.Uri;
  readonly reference: ImageReference;
  readonly ref: EcrImageRef;
}

/** One reference: `path:line`, opening the file at the reference. */
class ReferenceNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: TreeNode,
    private readonly located: Located,
    index: number,
  ) {
    super(parent);
    this.id = `${parent.id}/ref/${index}:${located.uri.toString()}:${located.reference.range.start.line}`;
  }

  getTreeItem(): vscode.TreeItem {
    const { uri, reference } = this.located;
    const line = reference.range.start.line + 1;
    const item = new vscode.TreeItem(`${vscode.workspace.asRelativePath(uri)}:${line}`);
    item.description = `${FILE_KIND_LABEL[reference.fileKind]} · ${reference.context}`;
    item.iconPath = vscode.ThemeIcon.File;
    item.resourceUri = uri;
    item.contextValue = 'imageReference';
    const { start, end } = reference.range;
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Open Reference'),
      arguments: [uri, { selection: new vscode.Range(start.line, start.character, end.line, end.character) }],
    };
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString()
      .appendText(vscode.workspace.asRelativePath(this.located.uri))
      .appendMarkdown('\n\n')
      .appendText(this.located.reference.raw);
  }
}

/** "Where it runs": expanding it resolves the image and pages its clusters (the Image Clusters rows). */
class WhereItRunsNode extends TreeNode {
  readonly id: string;
  private answer: Promise<ImageUsage> | undefined;
  private imageNode: ImageNode | undefined;

  constructor(
    readonly group: WorkspaceImageNode,
    private readonly view: WorkspaceImagesView,
  ) {
    super(group);
    this.id = `${group.id}/runs`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Where it runs'), vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('server');
    item.contextValue = 'workspaceImageRuns';
    if (this.imageNode) {
      const pager = this.imageNode.clusters.pager;
      if (pager.pagesLoaded > 0) {
        const count = `${formatCount(pager.items.length)}${pager.state === 'more' ? '+' : ''}`;
        item.description =
          pager.items.length === 1 && pager.state !== 'more'
            ? vscode.l10n.t('{0} cluster', count)
            : vscode.l10n.t('{0} clusters', count);
      }
    }
    return item;
  }

  /** Owns the hidden Image Clusters node whose pager makes the rows. */
  owns(node: TreeNode): boolean {
    return node === this.imageNode;
  }

  override async getChildren(): Promise<readonly TreeNode[]> {
    if (this.imageNode) return this.imageNode.getChildren();
    this.answer ??= this.view.usage.usage(this.group.ref);
    const usage = await this.answer;
    if (usage.kind === 'notCovered') {
      return [
        new InfoNode(this, {
          label: vscode.l10n.t('Not covered by Inspector'),
          detail: vscode.l10n.t(
            'Inspector reports where an image runs only for images it scans (ECR enhanced scanning).',
          ),
          idSuffix: '$notCovered',
          icon: 'eye-closed',
        }),
      ];
    }
    if (usage.kind === 'error') {
      this.answer = undefined;
      return [new ErrorNode(this, usage.error, { loadMore: async () => this.view.provider.notify(this) })];
    }
    const subject = subjectFromResourceId(usage.resourceId, formatImageUri(this.group.ref));
    if (!subject) {
      return [
        new InfoNode(this, {
          label: vscode.l10n.t('Inspector answered with an unreadable resource id'),
          idSuffix: '$bad',
        }),
      ];
    }
    this.view.resolved(this.group, usage.resourceId);
    // The pager notifies its (hidden) image node: show that as a change of this row.
    const notify: NotifyChange = (node) => this.view.provider.notify(node === this.imageNode ? this : node);
    this.imageNode = new ImageNode({ ...subject, ...tagOf(this.group.ref) }, this.view.clusters, notify);
    return this.imageNode.getChildren();
  }

  override reset(): void {
    this.answer = undefined;
    this.imageNode?.reset();
    this.imageNode = undefined;
  }
}

function tagOf(ref: EcrImageRef): { tag?: string } {
  return ref.tag !== undefined && !ref.impliedLatest ? { tag: ref.tag } : {};
}

export class WorkspaceImageNode extends TreeNode {
  readonly id: string;
  readonly runs: WhereItRunsNode;
  located: readonly Located[] = [];

  constructor(
    /** The group key: a resource id, or the tag's usage key until the tag is resolved. */
    public key: string,
    readonly ref: EcrImageRef,
    private readonly view: WorkspaceImagesView,
  ) {
    super(undefined);
    this.id = `workspaceImage/${key}`;
    this.runs = new WhereItRunsNode(this, view);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(shortImageLabel(this.ref), vscode.TreeItemCollapsibleState.Collapsed);
    const count = this.located.length;
    item.description =
      count === 1
        ? vscode.l10n.t('{0} reference · {1} · {2}', formatCount(count), this.ref.accountId, this.ref.region)
        : vscode.l10n.t('{0} references · {1} · {2}', formatCount(count), this.ref.accountId, this.ref.region);
    item.iconPath = new vscode.ThemeIcon('package');
    // What a lifecycle policy did to it, as the Problems panel says (issue 16).
    const fate = this.view.lifecycleFate?.(this.ref);
    if (fate) {
      item.description = `${fate.message.split(/[.:(]/, 1)[0]!.trim()} · ${item.description}`;
      item.iconPath = new vscode.ThemeIcon(
        fate.severity === 'information' ? 'info' : fate.severity,
        new vscode.ThemeColor(fate.severity === 'error' ? 'errorForeground' : 'list.warningForeground'),
      );
    }
    item.contextValue = 'workspaceImage';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const tooltip = new vscode.MarkdownString()
      .appendMarkdown(`**${escapeMarkdown(vscode.l10n.t('ECR image'))}**\n\n`)
      .appendText(formatImageUri(this.ref));
    const fate = this.view.lifecycleFate?.(this.ref);
    if (fate) tooltip.appendMarkdown('\n\n').appendText(fate.message);
    return tooltip;
  }

  override getChildren(): readonly TreeNode[] {
    return [this.runs, ...this.located.map((l, i) => new ReferenceNode(this, l, i))];
  }

  override reset(): void {
    this.runs.reset();
  }
}

export class WorkspaceImagesView extends Disposable {
  readonly provider: NodeTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private readonly groups = new Map<string, WorkspaceImageNode>();
  /** Tags resolved to a resource id (from "Where it runs"): the tag's references join the digest's image. */
  private readonly resolvedTags = new Map<string, string>();
  private roots: WorkspaceImageNode[] = [];
  private scanned = false;
  /** The lifecycle fate of an image as the Problems panel shows it (set by the extension; no request). */
  lifecycleFate?: (
    ref: EcrImageRef,
  ) => { readonly severity: 'error' | 'warning' | 'information'; readonly message: string } | undefined;

  constructor(
    private readonly index: WorkspaceReferenceIndex,
    readonly usage: ImageUsageSource,
    readonly clusters: ClusterSource,
  ) {
    super();
    this.provider = this._register(new NodeTreeProvider(() => this.rootNodes()));
    this.treeView = this._register(
      vscode.window.createTreeView(WORKSPACE_IMAGES_VIEW_ID, {
        treeDataProvider: this.provider,
        showCollapseAll: true,
      }),
    );
    this._register(index.onDidChange(() => this.rebuild()));
    this._register(
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible && !this.scanned) void this.scan();
      }),
    );
    if (this.treeView.visible) void this.scan();
  }

  /** Scans the workspace again, with progress in the view. */
  scan(): Promise<void> {
    this.scanned = true;
    void vscode.commands.executeCommand('setContext', SCANNING_CONTEXT, true);
    return Promise.resolve(
      vscode.window.withProgress({ location: { viewId: WORKSPACE_IMAGES_VIEW_ID } }, () => this.index.scan()),
    ).finally(() => void vscode.commands.executeCommand('setContext', SCANNING_CONTEXT, false));
  }

  cancelScan(): void {
    this.index.cancel();
  }

  get imageNodes(): readonly WorkspaceImageNode[] {
    return this.roots;
  }

  private rootNodes(): readonly TreeNode[] {
    const state = this.index.state;
    if (state.status === 'idle' && this.roots.length === 0) return [];
    return this.roots;
  }

  /** The group key of a reference: the resource id when the digest is known or the tag was resolved. */
  private keyOf(ref: EcrImageRef): string {
    const key = usageKey(ref);
    return resourceIdOf(ref) ?? this.resolvedTags.get(key) ?? key;
  }

  /** Called when "Where it runs" learned the resource id of a tag: groups that are the same image become one. */
  resolved(group: WorkspaceImageNode, resourceId: string): void {
    const key = usageKey(group.ref);
    if (resourceIdOf(group.ref) !== undefined || this.resolvedTags.get(key) === resourceId) return;
    this.resolvedTags.set(key, resourceId);
    const other = this.groups.get(resourceId);
    if (other && other !== group) {
      // The tag's node stays (it is expanded); it takes the digest's references and key.
      this.groups.delete(resourceId);
    }
    this.groups.delete(group.key);
    this.groups.set(resourceId, group);
    group.key = resourceId;
    this.rebuild();
  }

  private rebuild(): void {
    const byKey = new Map<string, Located[]>();
    const firstRef = new Map<string, EcrImageRef>();
    for (const { uri, references } of this.index.entries()) {
      for (const reference of references) {
        if (reference.target.kind !== 'ecr') continue;
        const key = this.keyOf(reference.target.ref);
        const list = byKey.get(key) ?? [];
        list.push({ uri, reference, ref: reference.target.ref });
        byKey.set(key, list);
        if (!firstRef.has(key) || (firstRef.get(key)!.tag === undefined && reference.target.ref.tag !== undefined)) {
          firstRef.set(key, reference.target.ref);
        }
      }
    }
    for (const key of [...this.groups.keys()]) if (!byKey.has(key)) this.groups.delete(key);
    for (const [key, located] of byKey) {
      let group = this.groups.get(key);
      if (!group) {
        group = new WorkspaceImageNode(key, firstRef.get(key)!, this);
        this.groups.set(key, group);
      }
      group.located = located.sort(
        (a, b) =>
          a.uri.toString().localeCompare(b.uri.toString()) ||
          a.reference.range.start.line - b.reference.range.start.line,
      );
    }
    this.roots = [...this.groups.values()].sort((a, b) => shortImageLabel(a.ref).localeCompare(shortImageLabel(b.ref)));
    this.updateMessage();
    this.provider.notify(undefined);
  }

  private updateMessage(): void {
    this.treeView.message = scanMessage(this.index.state, this.roots.length);
  }

  /** For the Refresh command: whether `node` belongs to this tree. */
  owns(node: TreeNode): boolean {
    let n: TreeNode | undefined = node;
    while (n) {
      if (n instanceof WorkspaceImageNode) return this.roots.includes(n);
      if (n instanceof ImageNode) return this.roots.some((r) => r.runs.owns(n as TreeNode));
      n = n.parent;
    }
    return false;
  }

  /** Refresh one row (its clusters start over) or, without one, forget every answer (the scan stays). */
  refresh(node?: TreeNode): void {
    if (node) {
      const runs = node instanceof WorkspaceImageNode ? node.runs : this.runsOf(node);
      (runs ?? node).reset();
      this.provider.notify(runs ?? node);
      return;
    }
    // Another account or region may resolve tags differently: groups start again from the references.
    this.resolvedTags.clear();
    for (const root of this.roots) root.reset();
    this.rebuild();
  }

  private runsOf(node: TreeNode): TreeNode | undefined {
    if (node instanceof ImageNode) return this.roots.find((r) => r.runs.owns(node))?.runs;
    return node instanceof WhereItRunsNode ? node : undefined;
  }
}
