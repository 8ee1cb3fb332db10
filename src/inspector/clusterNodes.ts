/** The Image Clusters tree: image → clusters (paged) → cluster details → EKS workloads. */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type { ClusterDetail, ClusterInfo, Page } from '../aws/types';
import { TreeNode, type NotifyChange } from '../tree/node';
import { PagedChildren } from '../tree/pagedChildren';
import {
  clusterKind,
  clusterTotals,
  dateAndAge,
  describeClusterArn,
  plural,
  unitsSummary,
  type ClusterKind,
} from './clusterModel';
import { imageLabel, type ImageSubject } from './imageSubject';

/** What the image nodes need from the outside: how to load a page and how to describe a failure. */
export interface ClusterSource {
  loadClustersPage(image: ImageSubject, token: string | undefined, signal: AbortSignal): Promise<Page<ClusterInfo>>;
  toError(err: unknown, image: ImageSubject): FootprintError;
}

function formatDate(date: Date | undefined): string {
  return dateAndAge(date, 'unknown');
}

function kindLabel(kind: ClusterKind): string {
  return kind === 'ecs' ? 'ECS' : kind === 'eks' ? 'EKS' : 'Cluster';
}

export class ImageNode extends TreeNode {
  readonly id: string;
  readonly clusters: PagedChildren<ClusterInfo>;
  /**
   * The next row built is expanded: an image the user just looked up or added. VS Code then asks for its clusters in
   * the same pass that draws the new root, instead of after `reveal({ expand: true })`'s round trips (one fewer
   * exchange between the extension host and the window before the first page is asked for). Images restored at
   * startup stay collapsed: they make no request until the user opens them. VS Code keeps a shown row's expansion
   * as the user left it, so later rows (Collapsed) do not fold it again.
   */
  expandWhenShown = false;

  constructor(
    readonly image: ImageSubject,
    source: ClusterSource,
    notify: NotifyChange,
  ) {
    super(undefined);
    this.id = `image/${image.resourceId}`;
    this.clusters = new PagedChildren<ClusterInfo>({
      owner: this,
      loadPage: (token, signal) => source.loadClustersPage(image, token, signal),
      toNode: (cluster, index) => new ClusterNode(this, cluster, index),
      notify,
      toError: (err) => source.toError(err, image),
      noun: 'clusters',
      emptyMessage: 'No ECS or EKS cluster reports this image',
      emptyDetail:
        'Inspector lists the clusters where the image ran recently. If you expected some, check that Amazon Inspector ' +
        'scans this registry and that the image was pulled by ECS or EKS in this account.',
    });
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      imageLabel(this.image),
      this.expandWhenShown ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
    );
    this.expandWhenShown = false;
    const loaded = this.clusters.pager;
    const count =
      loaded.pagesLoaded === 0
        ? undefined
        : loaded.state === 'done'
          ? plural(loaded.items.length, 'cluster')
          : `${loaded.items.length}+ clusters`;
    item.description = [`${this.image.accountId} · ${this.image.region}`, count].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'image';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString()
      .appendMarkdown('**ECR image**\n\n')
      .appendText(this.image.input)
      .appendMarkdown('\n\nInspector resource id:\n\n')
      .appendText(this.image.resourceId);
  }

  /**
   * Starts loading the first page now, when nothing is loaded or loading: the user just asked for this image, and
   * the request then runs while VS Code draws the row and asks for its children (which waits for this same load).
   */
  startLoading(): void {
    if (this.clusters.pager.state === 'initial') void this.clusters.pager.loadNext();
  }

  override getChildren(): Promise<readonly TreeNode[]> {
    return this.clusters.getChildren();
  }

  override reset(): void {
    this.clusters.reset();
  }
}

export class ClusterNode extends TreeNode {
  readonly id: string;
  readonly kind: ClusterKind;
  readonly name: string;

  constructor(
    readonly imageNode: ImageNode,
    readonly cluster: ClusterInfo,
    index: number,
  ) {
    super(imageNode);
    // Clusters are unique per page; the index guards against a service that repeats one.
    this.id = `${imageNode.id}/${index}:${cluster.clusterArn}`;
    const described = describeClusterArn(cluster.clusterArn);
    this.kind = clusterKind(cluster, described.kind);
    this.name = described.name;
  }

  getTreeItem(): vscode.TreeItem {
    const totals = clusterTotals(this.cluster.details);
    const item = new vscode.TreeItem(
      this.name,
      this.cluster.details.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None,
    );
    item.description = `${kindLabel(this.kind)} · ${unitsSummary(totals)}`;
    item.iconPath = new vscode.ThemeIcon(
      this.kind === 'eks' ? 'symbol-namespace' : this.kind === 'ecs' ? 'server-process' : 'question',
      totals.running > 0 ? new vscode.ThemeColor('charts.green') : undefined,
    );
    item.contextValue = this.kind === 'eks' ? 'eksCluster' : this.kind === 'ecs' ? 'ecsCluster' : 'cluster';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const totals = clusterTotals(this.cluster.details);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${kindLabel(this.kind)} cluster** `).appendText(this.name);
    tooltip.appendMarkdown('\n\n').appendText(this.cluster.clusterArn);
    tooltip.appendMarkdown('\n\n').appendText(`Running: ${totals.running}`);
    tooltip.appendMarkdown('\n\n').appendText(`Stopped in the last 24 h: ${totals.stopped}`);
    tooltip.appendMarkdown('\n\n').appendText(`Last in use: ${formatDate(totals.lastInUse)}`);
    return tooltip;
  }

  private detailNodes: readonly ClusterDetailNode[] | undefined;

  override getChildren(): readonly TreeNode[] {
    this.detailNodes ??= this.cluster.details.map((d, i) => new ClusterDetailNode(this, d, i));
    return this.detailNodes;
  }
}

export class ClusterDetailNode extends TreeNode {
  readonly id: string;

  constructor(
    readonly clusterNode: ClusterNode,
    readonly detail: ClusterDetail,
    index: number,
  ) {
    super(clusterNode);
    this.id = `${clusterNode.id}/d${index}`;
  }

  getTreeItem(): vscode.TreeItem {
    const d = this.detail;
    const m = d.metadata;
    const units = unitsSummary({ running: d.runningUnitCount ?? 0, stopped: d.stoppedUnitCount ?? 0 });
    let item: vscode.TreeItem;
    if (m.kind === 'ecs') {
      item = new vscode.TreeItem(m.detailsGroup || '(no details group)', vscode.TreeItemCollapsibleState.None);
      const taskDefinition = m.taskDefinitionArn.split('/').pop() || m.taskDefinitionArn;
      item.description = `${taskDefinition} · ${units}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = 'ecsDetail';
      item.command = {
        command: 'imageFootprint.showEcsTaskDefinition',
        title: 'Show ECS Task Definition',
        arguments: [this],
      };
    } else if (m.kind === 'eks') {
      item = new vscode.TreeItem(
        m.namespace ? m.namespace : '(no namespace)',
        m.workloads.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      item.description = `${plural(m.workloads.length, 'workload')} · ${units}`;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'eksNamespace';
    } else {
      item = new vscode.TreeItem('unknown metadata', vscode.TreeItemCollapsibleState.None);
      item.description = `${m.tag ?? 'unrecognised'} · ${units}`;
      item.iconPath = new vscode.ThemeIcon('question');
      item.contextValue = 'unknownDetail';
    }
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const d = this.detail;
    const m = d.metadata;
    const tooltip = new vscode.MarkdownString();
    if (m.kind === 'ecs') {
      tooltip.appendMarkdown('**Details group** ').appendText(m.detailsGroup);
      tooltip.appendMarkdown('\n\n**Task definition**\n\n').appendText(m.taskDefinitionArn);
    } else if (m.kind === 'eks') {
      tooltip.appendMarkdown('**Namespace** ').appendText(m.namespace ?? '(none)');
    } else {
      tooltip.appendText(
        `This cluster reports metadata of a kind this version of Image Footprint does not know` +
          `${m.tag ? ` (${m.tag})` : ''}. Its counts are still shown.`,
      );
    }
    tooltip.appendMarkdown('\n\n').appendText(`Running: ${d.runningUnitCount ?? 0}`);
    tooltip.appendMarkdown('\n\n').appendText(`Stopped in the last 24 h: ${d.stoppedUnitCount ?? 0}`);
    tooltip.appendMarkdown('\n\n').appendText(`Last in use: ${formatDate(d.lastInUse)}`);
    return tooltip;
  }

  private workloadNodes: readonly WorkloadNode[] | undefined;

  override getChildren(): readonly TreeNode[] {
    const m = this.detail.metadata;
    this.workloadNodes ??= m.kind === 'eks' ? m.workloads.map((w, i) => new WorkloadNode(this, w.name, w.type, i)) : [];
    return this.workloadNodes;
  }
}

/** Icons by workload type. A `Map`: the type comes from AWS, and `constructor` or `__proto__` must find nothing. */
const WORKLOAD_ICONS: ReadonlyMap<string, string> = new Map([
  ['deployment', 'rocket'],
  ['statefulset', 'database'],
  ['daemonset', 'layers'],
  ['job', 'run-all'],
  ['cronjob', 'watch'],
  ['replicaset', 'copy'],
  ['pod', 'circle-large-outline'],
]);

export class WorkloadNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ClusterDetailNode,
    readonly workloadName: string,
    readonly workloadType: string,
    index: number,
  ) {
    super(parent);
    this.id = `${parent.id}/w${index}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.workloadName || '(unnamed)', vscode.TreeItemCollapsibleState.None);
    item.description = this.workloadType;
    item.iconPath = new vscode.ThemeIcon(WORKLOAD_ICONS.get(String(this.workloadType).toLowerCase()) ?? 'symbol-misc');
    item.contextValue = 'eksWorkload';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString().appendText(`${this.workloadType} ${this.workloadName}`);
  }
}
