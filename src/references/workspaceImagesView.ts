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
import { FILE_KIND_LABEL, type ImageReference } from './model';
import type { WorkspaceReferenceIndex } from './workspaceIndex';

export const WORKSPACE_IMAGES_VIEW_ID = 'imageFootprint.workspaceImages';
const SCANNING_CONTEXT = 'imageFootprint.workspaceScanning';

interface Located {
  readonly uri: vscode.Uri;
  readonly reference: ImageReference;
  readonly ref: EcrImageRef;
  /** `uri.toString()`, the sort key. */
  readonly file: string;
  /** The group key (see `keyOf`). */
  readonly key: string;
}

/** The order `localeCompare` gives, with one collator instead of one per comparison. */
const collator = new Intl.Collator();

interface GroupChange {
  removed: boolean;
  readonly added: WorkspaceImageNode[];
  readonly changed: WorkspaceImageNode[];
}

/** Where `label` goes in `sorted` (by label, after equal ones). */
function insertionPoint(sorted: readonly WorkspaceImageNode[], label: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (collator.compare(sorted[mid]!.label, label) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function byFileAndLine(a: Located, b: Located): number {
  return collator.compare(a.file, b.file) || a.reference.range.start.line - b.reference.range.start.line;
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
      title: 'Open Reference',
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
    const item = new vscode.TreeItem('Where it runs', vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('server');
    item.contextValue = 'workspaceImageRuns';
    if (this.imageNode) {
      const pager = this.imageNode.clusters.pager;
      if (pager.pagesLoaded > 0) {
        item.description = `${pager.items.length}${pager.state === 'more' ? '+' : ''} clusters`;
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
          label: 'Not covered by Inspector',
          detail: 'Inspector reports where an image runs only for images it scans (ECR enhanced scanning).',
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
      return [new InfoNode(this, { label: 'Inspector answered with an unreadable resource id', idSuffix: '$bad' })];
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
  /** What the row is sorted by. */
  readonly label: string;
  private locatedList: readonly Located[] = [];
  /** Kept while the references are the same: their rows are then answered from the provider's built items. */
  private children: readonly TreeNode[] | undefined;

  constructor(
    /** The group key: a resource id, or the tag's usage key until the tag is resolved. */
    public key: string,
    readonly ref: EcrImageRef,
    private readonly view: WorkspaceImagesView,
  ) {
    super(undefined);
    this.id = `workspaceImage/${key}`;
    this.runs = new WhereItRunsNode(this, view);
    this.label = shortImageLabel(ref);
  }

  /** The references, in file and line order. */
  get located(): readonly Located[] {
    return this.locatedList;
  }

  /** Sets the references; false when they are the ones already shown (same objects, same order). */
  setLocated(located: readonly Located[]): boolean {
    const old = this.locatedList;
    if (old.length === located.length && old.every((l, i) => l === located[i])) return false;
    this.locatedList = located;
    this.children = undefined;
    return true;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    const count = this.located.length;
    item.description = `${count} reference${count === 1 ? '' : 's'} · ${this.ref.accountId} · ${this.ref.region}`;
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
      .appendMarkdown('**ECR image**\n\n')
      .appendText(formatImageUri(this.ref));
    const fate = this.view.lifecycleFate?.(this.ref);
    if (fate) tooltip.appendMarkdown('\n\n').appendText(fate.message);
    return tooltip;
  }

  override getChildren(): readonly TreeNode[] {
    this.children ??= [this.runs, ...this.locatedList.map((l, i) => new ReferenceNode(this, l, i))];
    return this.children;
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
  /**
   * Each reference's place in the view, kept while its file is unchanged (the index keeps a file's reference objects
   * until the file changes): a save regroups one file's references, not the workspace's. Cleared when keys change.
   */
  private locatedOf = new WeakMap<ImageReference, Located>();
  /** Each file's references as last grouped (URI string → references): which groups a saved file was in. */
  private readonly byFile = new Map<string, readonly Located[]>();
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
    this._register(index.onDidChange((change) => this.rebuild(false, change.files)));
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
    this.rebuild(true);
  }

  private locate(uri: vscode.Uri, reference: ImageReference): Located | undefined {
    if (reference.target.kind !== 'ecr') return undefined;
    let located = this.locatedOf.get(reference);
    if (located?.uri !== uri) {
      const ref = reference.target.ref;
      located = { uri, reference, ref, file: uri.toString(), key: this.keyOf(ref) };
      this.locatedOf.set(reference, located);
    }
    return located;
  }

  /**
   * Groups the index's references by image: all of them, or (`files`, after a save) only the groups those files were
   * or are in. Groups whose references are the same objects as before keep their rows; the view is told only what
   * changed (`full`: every row, when the groups' keys or answers changed).
   */
  private rebuild(full = false, files?: readonly string[]): void {
    if (full) this.locatedOf = new WeakMap();
    const change: GroupChange = { removed: false, added: [], changed: [] };
    if (files && !full) this.regroupFiles(files, change);
    else this.regroupAll(change);
    const { removed, added, changed } = change;
    const rootsChanged = full || removed || added.length > 0;
    if (full || added.length > 50) {
      this.roots = [...this.groups.values()].sort((a, b) => collator.compare(a.label, b.label));
    } else if (rootsChanged) {
      // A few images came or went (a file saved): the sorted list is kept, not sorted again.
      const roots = removed ? this.roots.filter((g) => this.groups.get(g.key) === g) : [...this.roots];
      for (const group of added) roots.splice(insertionPoint(roots, group.label), 0, group);
      this.roots = roots;
    }
    this.updateMessage();
    if (full) this.provider.notify(undefined);
    else if (rootsChanged) this.provider.notifyRoots(changed);
    else for (const group of changed) this.provider.notify(group);
  }

  /** Sets a group's references (sorted here), making or removing the group. */
  private setGroup(key: string, located: Located[], change: GroupChange): void {
    let group = this.groups.get(key);
    if (located.length === 0) {
      if (group && this.groups.delete(key)) change.removed = true;
      return;
    }
    located.sort(byFileAndLine);
    if (!group) {
      // The group shows the first reference's image, or the first one with a tag.
      const ref = (located.find((l) => l.ref.tag !== undefined) ?? located[0]!).ref;
      group = new WorkspaceImageNode(key, ref, this);
      this.groups.set(key, group);
      change.added.push(group);
    }
    if (group.setLocated(located)) change.changed.push(group);
  }

  private regroupAll(change: GroupChange): void {
    const byKey = new Map<string, Located[]>();
    this.byFile.clear();
    for (const { uri, references } of this.index.entries()) {
      let inFile: Located[] | undefined;
      for (const reference of references) {
        const located = this.locate(uri, reference);
        if (!located) continue;
        (inFile ??= []).push(located);
        const list = byKey.get(located.key);
        if (list) list.push(located);
        else byKey.set(located.key, [located]);
      }
      if (inFile) this.byFile.set(inFile[0]!.file, inFile);
    }
    for (const key of this.groups.keys()) if (!byKey.has(key)) this.setGroup(key, [], change);
    for (const [key, located] of byKey) this.setGroup(key, located, change);
  }

  /** Only the groups `files` were in or are in now: their other references stay as they are. */
  private regroupFiles(files: readonly string[], change: GroupChange): void {
    const changedFiles = new Set(files);
    const touched = new Set<string>();
    for (const file of files) {
      for (const located of this.byFile.get(file) ?? []) touched.add(located.key);
      const entry = this.index.entry(file);
      const inFile: Located[] = [];
      for (const reference of entry?.references ?? []) {
        const located = this.locate(entry!.uri, reference);
        if (!located) continue;
        inFile.push(located);
        touched.add(located.key);
      }
      if (inFile.length > 0) this.byFile.set(file, inFile);
      else this.byFile.delete(file);
    }
    for (const key of touched) {
      const kept = (this.groups.get(key)?.located ?? []).filter((l) => !changedFiles.has(l.file));
      for (const file of changedFiles) {
        for (const located of this.byFile.get(file) ?? []) if (located.key === key) kept.push(located);
      }
      this.setGroup(key, kept, change);
    }
  }

  private updateMessage(): void {
    const s = this.index.state;
    const images = this.roots.length;
    const found = `${images} ECR image${images === 1 ? '' : 's'}`;
    const cap = s.truncated ? ` (stopped at the first ${s.filesFound} files)` : '';
    switch (s.status) {
      case 'scanning':
        this.treeView.message = `Scanning ${s.filesRead}/${s.filesFound} files…${images > 0 ? ` ${found} so far` : ''}`;
        break;
      case 'cancelled':
        this.treeView.message = `Scan cancelled after ${s.filesRead} of ${s.filesFound} files: ${found}.`;
        break;
      case 'done':
        this.treeView.message =
          images === 0
            ? `No private ECR image referenced in ${s.filesFound} candidate files${cap}.`
            : s.truncated
              ? `${found}${cap}.`
              : undefined;
        break;
      default:
        this.treeView.message = undefined;
    }
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
    this.rebuild(true);
  }

  private runsOf(node: TreeNode): TreeNode | undefined {
    if (node instanceof ImageNode) return this.roots.find((r) => r.runs.owns(node))?.runs;
    return node instanceof WhereItRunsNode ? node : undefined;
  }
}
