/** The rows under a lifecycle resource: where its image still runs, its snapshots, image URIs, associated resources. */
import * as vscode from 'vscode';
import { formatCount, type UsageSummary } from '../inspector/clusterModel';
import { InfoNode } from '../tree/messageNodes';
import type { LifecycleResource } from '../aws/types';
import { TreeNode } from '../tree/node';
import { PagedNode, type PagingOptions } from '../tree/pagedNode';
import { SNAPSHOT_ICONS } from './lifecycleLook';
import type { ResourceNode } from './resourceNodes';

export interface InUseNodeOptions {
  /** The Inspector resource id the row opens in the Image Clusters view. */
  readonly resourceId: string;
  readonly summary: UsageSummary;
  /** More pages of clusters exist than were read. */
  readonly more: boolean;
  readonly idSuffix: string;
  /** Which ECR image, when the resource has several. */
  readonly image?: string;
}

export class InUseNode extends TreeNode {
  readonly id: string;
  readonly resourceId: string;
  constructor(
    parent: ResourceNode,
    private readonly options: InUseNodeOptions,
  ) {
    super(parent);
    this.id = `${parent.id}/${options.idSuffix}`;
    this.resourceId = options.resourceId;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      inUseLabel(this.options.summary, this.options.more),
      vscode.TreeItemCollapsibleState.None,
    );
    item.description = this.options.image;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = vscode.l10n.t('Open this image in the Image Clusters view');
    item.command = {
      command: 'imageFootprint.lookupImage',
      title: vscode.l10n.t('Show Clusters'),
      arguments: [this.resourceId],
    };
    item.contextValue = 'inUse';
    return item;
  }
}

/**
 * "Still running in 2 clusters (5 tasks or pods) — show them": one message per plural form of each count; `{1}` is
 * "+" when more clusters exist than were read.
 */
function inUseLabel({ runningClusters, inUseClusters, running }: UsageSummary, more: boolean): string {
  const plus = more ? '+' : '';
  const [c, t] = [formatCount(runningClusters), formatCount(running)];
  if (runningClusters === 1) {
    return running === 1
      ? vscode.l10n.t('Still running in {0} cluster{1} ({2} task or pod) — show them', c, plus, t)
      : vscode.l10n.t('Still running in {0} cluster{1} ({2} tasks or pods) — show them', c, plus, t);
  }
  if (runningClusters > 0) {
    return running === 1
      ? vscode.l10n.t('Still running in {0} clusters{1} ({2} task or pod) — show them', c, plus, t)
      : vscode.l10n.t('Still running in {0} clusters{1} ({2} tasks or pods) — show them', c, plus, t);
  }
  const n = formatCount(inUseClusters);
  return inUseClusters === 1
    ? vscode.l10n.t('Used in the last 24 h in {0} cluster{1} — show them', n, plus)
    : vscode.l10n.t('Used in the last 24 h in {0} clusters{1} — show them', n, plus);
}

/** "Associated resources" of a top-level resource: paged with parentResourceId, read early by the in-use check. */
export class AssociatedGroupNode extends PagedNode<LifecycleResource> {
  readonly id: string;
  constructor(readonly resourceNode: ResourceNode) {
    super(resourceNode);
    this.id = `${resourceNode.id}/$associated`;
  }
  protected paging(): PagingOptions<LifecycleResource> {
    const { execution, resource } = this.resourceNode;
    const { source, region, executionId } = execution;
    return {
      loadPage: (token, signal) => source.lifecycle.resources(region, executionId, resource.resourceId, token, signal),
      toNode: (r, i) => this.resourceNode.associatedNode(this, r, i),
      notify: source.notify,
      toError: (err) => source.lifecycle.toError(err, 'ListLifecycleExecutionResources', region),
      noun: vscode.l10n.t('associated resources'),
      emptyMessage: vscode.l10n.t('No associated resources'),
    };
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Associated resources'), vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('references');
    item.tooltip = vscode.l10n.t(
      'Resources of this image that the lifecycle execution identified (AMIs, container images)',
    );
    item.contextValue = 'associatedResources';
    return item;
  }
}

export class SnapshotsNode extends TreeNode {
  readonly id: string;
  constructor(readonly resourceNode: ResourceNode) {
    super(resourceNode);
    this.id = `${resourceNode.id}/$snapshots`;
  }
  getTreeItem(): vscode.TreeItem {
    const snapshots = this.resourceNode.resource.snapshots;
    const item = new vscode.TreeItem(
      vscode.l10n.t('Snapshots ({0})', snapshots.length),
      vscode.TreeItemCollapsibleState.Collapsed,
    );
    const failed = snapshots.filter((s) => s.state?.status === 'FAILED').length;
    item.description = failed > 0 ? vscode.l10n.t('{0} failed', failed) : undefined;
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'snapshots';
    item.command = {
      command: 'imageFootprint.showSnapshotStates',
      title: vscode.l10n.t('Show Snapshot States'),
      arguments: [this.resourceNode],
    };
    return item;
  }
  override getChildren(): readonly TreeNode[] {
    return this.resourceNode.resource.snapshots.map((s, i) => {
      // The status is AWS's word; only "unknown" (none reported) is ours.
      const status = s.state?.status ?? vscode.l10n.t('unknown');
      return new InfoNode(this, {
        label: s.snapshotId ?? vscode.l10n.t('(no snapshot id)'),
        detail: `${status}${s.state?.reason ? ` — ${s.state.reason}` : ''}`,
        idSuffix: `s${i}`,
        icon: SNAPSHOT_ICONS.get(s.state?.status ?? '') ?? 'circle-outline',
        description: status,
      });
    });
  }
}

export class ImageUriNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ResourceNode,
    readonly uri: string,
    index: number,
  ) {
    super(parent);
    this.id = `${parent.id}/u${index}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.uri, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('link');
    item.contextValue = 'imageUri';
    return item;
  }
}
