/**
 * The rows of the Workspace Images view (see workspaceImagesView.ts): an image, its "Where it runs" row (the Image
 * Clusters rows, paged) and its references (file and line).
 */
import * as vscode from 'vscode';
import { ImageNode } from '../inspector/clusterNodes';
import { formatImageUri, shortImageLabel, type EcrImageRef } from '../inspector/imageRef';
import { subjectFromResourceId } from '../inspector/imageSubject';
import type { ImageUsage } from '../inspector/imageUsage';
import { ErrorNode, InfoNode } from '../tree/messageNodes';
import { TreeNode, type NotifyChange } from '../tree/node';
import { escapeMarkdown } from '../util/escape';
import { formatCount } from '../util/format';
import { FILE_KIND_LABEL, type ImageReference } from './model';
import type { WorkspaceImagesView } from './workspaceImagesView';

export interface Located {
  readonly uri: vscode.Uri;
  readonly reference: ImageReference;
  readonly ref: EcrImageRef;
  /** `uri.toString()`, the sort key. */
  readonly file: string;
  /** The group key (`WorkspaceImagesView.keyOf`). */
  readonly key: string;
}

/** The order `localeCompare` gives, with one collator instead of one per comparison. */
export const collator = new Intl.Collator();

export function byFileAndLine(a: Located, b: Located): number {
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
export class WhereItRunsNode extends TreeNode {
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
    const provider = this.view.provider;
    const notify: NotifyChange = Object.assign(
      (node?: TreeNode) => provider.notify(node === this.imageNode ? this : node),
      { prepare: provider.notify.prepare },
    );
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
    this.children ??= [this.runs, ...this.locatedList.map((l, i) => new ReferenceNode(this, l, i))];
    return this.children;
  }

  override reset(): void {
    this.runs.reset();
  }
}
