/** The Image Clusters tree: image → clusters (paged) → cluster details → EKS workloads. */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type { ClusterDetail, ClusterInfo, Page } from '../aws/types';
import { TreeNode, type NotifyChange } from '../tree/node';
import type { ListWords } from '../tree/messageNodes';
import { PagedChildren } from '../tree/pagedChildren';
import {
  clusterCount,
  clusterKind,
  clusterTotals,
  dateAndAge,
  describeClusterArn,
  formatCount,
  unitsSummary,
  type ClusterKind,
} from './clusterModel';
import { imageLabel, type ImageSubject } from './imageSubject';

/** What the image nodes need from the outside: how to load a page and how to describe a failure. */
export interface ClusterSource {
  loadClustersPage(image: ImageSubject, token: string | undefined, signal: AbortSignal): Promise<Page<ClusterInfo>>;
  toError(err: unknown, image: ImageSubject): FootprintError;
}

/** "Last in use: May 31, 2024, 4:08 PM (3 days ago)", or "Last in use: unknown". */
function lastInUseLine(date: Date | undefined): string {
  return date
    ? vscode.l10n.t('Last in use: {0}', dateAndAge(date))
    : vscode.l10n.t({ message: 'Last in use: unknown', comment: ['Inspector reports no last-in-use time'] });
}

/** The counts every cluster and detail tooltip ends with. */
function countLines(running: number, stopped: number, lastInUse: Date | undefined): string[] {
  return [
    vscode.l10n.t('Running: {0}', running),
    vscode.l10n.t('Stopped in the last 24 h: {0}', stopped),
    lastInUseLine(lastInUse),
  ];
}

/** The kind in a row's description: the service's name, or "Cluster" when the kind is unknown. */
function kindLabel(kind: ClusterKind): string {
  return kind === 'ecs' ? 'ECS' : kind === 'eks' ? 'EKS' : vscode.l10n.t('Cluster');
}

/** The heading of a cluster's tooltip. */
function kindHeading(kind: ClusterKind): string {
  return kind === 'ecs'
    ? vscode.l10n.t('ECS cluster')
    : kind === 'eks'
      ? vscode.l10n.t('EKS cluster')
      : vscode.l10n.t('Cluster');
}

/** The status rows of an image's clusters, as whole sentences. */
const CLUSTER_WORDS: ListWords = {
  shown: (count) => vscode.l10n.t('{0} clusters shown', count),
  fetchNext: () => vscode.l10n.t('Fetch the next page of clusters.'),
  loadMore: (count) => vscode.l10n.t('Load more clusters; {0} shown', count),
  loadingMore: () => vscode.l10n.t('Loading more clusters…'),
  loadingAll: () => vscode.l10n.t('Loading all clusters…'),
};

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
      noun: CLUSTER_WORDS,
      emptyMessage: vscode.l10n.t('No ECS or EKS cluster reports this image'),
      emptyDetail: vscode.l10n.t(
        'Inspector lists the clusters where the image ran recently. If you expected some, check that Amazon Inspector scans this registry and that the image was pulled by ECS or EKS in this account.',
      ),
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
          ? clusterCount(loaded.items.length)
          : vscode.l10n.t({
              message: '{0}+ clusters',
              args: [loaded.items.length],
              comment: ['{0} clusters loaded so far, and there are more'],
            });
    item.description = [`${this.image.accountId} · ${this.image.region}`, count].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('package');
    item.contextValue = 'image';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString()
      .appendMarkdown(`**${vscode.l10n.t('ECR image')}**\n\n`)
      .appendText(this.image.input)
      .appendMarkdown(`\n\n${vscode.l10n.t('Inspector resource id:')}\n\n`)
      .appendText(this.image.resourceId);
  }

  /** Set by `remove()`: the image left the view. */
  private removed = false;
  /**
   * Starts loading the first page now, when nothing is loaded or loading: the user just asked for this image, and
   * the request then runs while VS Code draws the row and asks for its children (which waits for this same load).
   */
  startLoading(): void {
    if (this.clusters.pager.state === 'initial') void this.clusters.pager.loadNext();
  }

  override getChildren(): Promise<readonly TreeNode[]> {
    // VS Code may still ask for a removed row (a refresh it queued before the removal): no request for it.
    return this.removed ? Promise.resolve([]) : this.clusters.getChildren();
  }

  override reset(): void {
    this.clusters.reset();
  }

  /** The image leaves the view: its requests are cancelled, its pages dropped, and it never loads again. */
  remove(): void {
    this.removed = true;
    this.clusters.reset();
  }
}

/** Cluster row icons by kind, idle and running: made once and shared by every row (not two objects per row). */
let clusterIcons: Record<ClusterKind, readonly [idle: vscode.ThemeIcon, running: vscode.ThemeIcon]> | undefined;

function clusterIcon(kind: ClusterKind, running: boolean): vscode.ThemeIcon {
  if (!clusterIcons) {
    const green = new vscode.ThemeColor('charts.green');
    const pair = (id: string) => [new vscode.ThemeIcon(id), new vscode.ThemeIcon(id, green)] as const;
    clusterIcons = { eks: pair('symbol-namespace'), ecs: pair('server-process'), unknown: pair('question') };
  }
  return clusterIcons[kind][running ? 1 : 0];
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
    item.iconPath = clusterIcon(this.kind, totals.running > 0);
    item.contextValue = this.kind === 'eks' ? 'eksCluster' : this.kind === 'ecs' ? 'ecsCluster' : 'cluster';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const totals = clusterTotals(this.cluster.details);
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${kindHeading(this.kind)}** `).appendText(this.name);
    tooltip.appendMarkdown('\n\n').appendText(this.cluster.clusterArn);
    for (const line of countLines(totals.running, totals.stopped, totals.lastInUse)) {
      tooltip.appendMarkdown('\n\n').appendText(line);
    }
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
      item = new vscode.TreeItem(
        m.detailsGroup || vscode.l10n.t('(no details group)'),
        vscode.TreeItemCollapsibleState.None,
      );
      const taskDefinition = m.taskDefinitionArn.split('/').pop() || m.taskDefinitionArn;
      item.description = `${taskDefinition} · ${units}`;
      item.iconPath = new vscode.ThemeIcon('symbol-class');
      item.contextValue = 'ecsDetail';
      item.command = {
        command: 'imageFootprint.showEcsTaskDefinition',
        title: vscode.l10n.t('Show ECS Task Definition'),
        arguments: [this],
      };
    } else if (m.kind === 'eks') {
      item = new vscode.TreeItem(
        m.namespace ? m.namespace : vscode.l10n.t('(no namespace)'),
        m.workloads.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
      );
      const count = formatCount(m.workloads.length);
      const workloads =
        m.workloads.length === 1 ? vscode.l10n.t('{0} workload', count) : vscode.l10n.t('{0} workloads', count);
      item.description = `${workloads} · ${units}`;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'eksNamespace';
    } else {
      item = new vscode.TreeItem(vscode.l10n.t('unknown metadata'), vscode.TreeItemCollapsibleState.None);
      item.description = `${m.tag ?? vscode.l10n.t('unrecognised')} · ${units}`;
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
      tooltip.appendMarkdown(`**${vscode.l10n.t('Details group')}** `).appendText(m.detailsGroup);
      tooltip.appendMarkdown(`\n\n**${vscode.l10n.t('Task definition')}**\n\n`).appendText(m.taskDefinitionArn);
    } else if (m.kind === 'eks') {
      tooltip
        .appendMarkdown(`**${vscode.l10n.t('Namespace')}** `)
        .appendText(m.namespace ?? vscode.l10n.t({ message: '(none)', comment: ['no namespace'] }));
    } else {
      tooltip.appendText(
        m.tag
          ? vscode.l10n.t(
              'This cluster reports metadata of a kind this version of Image Footprint does not know ({0}). Its counts are still shown.',
              m.tag,
            )
          : vscode.l10n.t(
              'This cluster reports metadata of a kind this version of Image Footprint does not know. Its counts are still shown.',
            ),
      );
    }
    for (const line of countLines(d.runningUnitCount ?? 0, d.stoppedUnitCount ?? 0, d.lastInUse)) {
      tooltip.appendMarkdown('\n\n').appendText(line);
    }
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
    const item = new vscode.TreeItem(
      this.workloadName || vscode.l10n.t({ message: '(unnamed)', comment: ['a workload without a name'] }),
      vscode.TreeItemCollapsibleState.None,
    );
    item.description = this.workloadType;
    item.iconPath = new vscode.ThemeIcon(WORKLOAD_ICONS.get(String(this.workloadType).toLowerCase()) ?? 'symbol-misc');
    item.contextValue = 'eksWorkload';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    return new vscode.MarkdownString().appendText(`${this.workloadType} ${this.workloadName}`);
  }
}
