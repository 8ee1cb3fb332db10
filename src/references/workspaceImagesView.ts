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
import { resourceIdOf, type EcrImageRef } from '../inspector/imageRef';
import { usageKey } from '../inspector/imageUsage';
import type { ImageUsageSource } from '../dockerfile/usageMarkdown';
import { NodeTreeProvider, type TreeNode } from '../tree/node';
import { Disposable } from '../util/disposable';
import type { ImageReference } from './model';
import { scanMessage } from './scanMessage';
import type { WorkspaceReferenceIndex } from './workspaceIndex';
import { byFileAndLine, collator, WhereItRunsNode, WorkspaceImageNode, type Located } from './workspaceImageNodes';

export { WorkspaceImageNode } from './workspaceImageNodes';

export const WORKSPACE_IMAGES_VIEW_ID = 'imageFootprint.workspaceImages';
const SCANNING_CONTEXT = 'imageFootprint.workspaceScanning';

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

export class WorkspaceImagesView extends Disposable {
  readonly viewId = WORKSPACE_IMAGES_VIEW_ID;
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
    this.rebuild(true);
  }

  private runsOf(node: TreeNode): TreeNode | undefined {
    if (node instanceof ImageNode) return this.roots.find((r) => r.runs.owns(node))?.runs;
    return node instanceof WhereItRunsNode ? node : undefined;
  }
}
