/**
 * The Image Clusters commands. Each takes a tree node when run from the tree, an argument object when run from code
 * (tests, hover links), and falls back to a picker when run from the palette.
 */
import * as vscode from 'vscode';
import type { ClusterInfo } from '../aws/types';
import { clusterConsoleUrl, taskDefinitionConsoleUrl } from '../util/consoleLinks';
import { ecrImageConsoleUrl } from './consoleLinks';
import { notificationText, plainLabel } from '../util/escape';
import type { WebviewPanels } from '../webview/panelShell';
import type { InspectorPanels } from './panelProtocol';
import { ClusterDetailNode, ClusterNode, ImageNode } from './clusterNodes';
import { clusterKind, describeClusterArn } from './clusterModel';
import type { ClustersView } from './clustersView';
import { showEcsTaskDefinitionPanel } from './ecsTaskDefinitionPanel';
import { showEksWorkloadsPanel } from './eksWorkloadsPanel';
import { imageLabel } from './imageSubject';
import type { ImageLookup } from './lookupImage';

/** A cluster of a looked-up image, by its ids (the argument form for code and tests). */
export interface ClusterRef {
  readonly resourceId: string;
  readonly clusterArn: string;
  readonly namespace?: string;
}

/** How many pages a link to one cluster may load to find it. */
const MAX_PAGES_TO_FIND = 20;

interface ResolvedCluster {
  readonly image: ImageNode;
  readonly cluster: ClusterInfo;
  readonly namespace?: string;
}

function isClusterRef(value: unknown): value is ClusterRef {
  const v = value as Partial<ClusterRef> | undefined;
  return typeof v === 'object' && v !== null && typeof v.resourceId === 'string' && typeof v.clusterArn === 'string';
}

export class ClusterCommands {
  constructor(
    private readonly view: ClustersView,
    private readonly lookup: ImageLookup,
    private readonly panels: WebviewPanels<InspectorPanels>,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r('imageFootprint.lookupImage', (arg?: unknown) => this.lookup.run(arg)),
      r('imageFootprint.showEksWorkloads', (arg?: unknown) => this.showEks(arg)),
      r('imageFootprint.showEcsTaskDefinition', (arg?: unknown) => this.showEcs(arg)),
      r('imageFootprint.removeImage', (node?: unknown) =>
        node instanceof ImageNode ? this.view.removeImage(node) : undefined,
      ),
      r('imageFootprint.copyArn', (node?: unknown) => this.copyArn(node)),
      r('imageFootprint.copyTaskDefinitionArn', (node?: unknown) => this.copyTaskDefinitionArn(node)),
      r('imageFootprint.openInConsole', (node?: unknown) => this.openInConsole(node)),
    ];
  }

  private async resolve(arg: unknown): Promise<ResolvedCluster | undefined> {
    if (arg instanceof ClusterDetailNode) {
      const m = arg.detail.metadata;
      return {
        image: arg.clusterNode.imageNode,
        cluster: arg.clusterNode.cluster,
        namespace: m.kind === 'eks' ? m.namespace : undefined,
      };
    }
    if (arg instanceof ClusterNode) return { image: arg.imageNode, cluster: arg.cluster };
    if (isClusterRef(arg)) return this.resolveRef(arg);
    // A cluster (or task definition) ARN alone, or `{ clusterArn }`: found among the clusters already loaded.
    const arn =
      typeof arg === 'string'
        ? arg
        : typeof arg === 'object' && arg !== null && typeof (arg as { clusterArn?: unknown }).clusterArn === 'string'
          ? (arg as { clusterArn: string }).clusterArn
          : undefined;
    if (arn !== undefined) {
      const found = this.findLoaded(arn.trim());
      if (!found) {
        void vscode.window.showErrorMessage(
          notificationText(
            vscode.l10n.t(
              'No loaded image runs in {0}. Look up the image and expand it in Image Clusters first, or pass { resourceId, clusterArn }.',
              arn.slice(0, 200),
            ),
          ),
        );
      }
      return found;
    }
    return undefined;
  }

  /** A loaded cluster by its ARN, or the ECS cluster that runs a task definition ARN. */
  private findLoaded(arn: string): ResolvedCluster | undefined {
    for (const image of this.view.imageNodes) {
      for (const cluster of image.clusters.items) {
        if (cluster.clusterArn === arn) return { image, cluster };
        if (cluster.details.some((d) => d.metadata.kind === 'ecs' && d.metadata.taskDefinitionArn === arn)) {
          return { image, cluster };
        }
      }
    }
    return undefined;
  }

  /**
   * A cluster named by ids (hover links, code): the image is looked up first when it is not in the view yet, and
   * its pages are loaded (bounded) until the cluster is found.
   */
  private async resolveRef(ref: ClusterRef): Promise<ResolvedCluster | undefined> {
    const image = this.view.find(ref.resourceId) ?? (await this.lookup.run(ref.resourceId));
    if (!image) return undefined;
    const find = (): ClusterInfo | undefined => image.clusters.items.find((c) => c.clusterArn === ref.clusterArn);
    await image.clusters.getChildren();
    for (let pages = 0; !find() && image.clusters.pager.canLoadMore && pages < MAX_PAGES_TO_FIND; pages++) {
      await image.clusters.loadMore();
      if (image.clusters.pager.state === 'error') break;
    }
    const cluster = find();
    if (!cluster) {
      void vscode.window.showErrorMessage(
        notificationText(
          vscode.l10n.t(
            'Inspector does not list the cluster {0} for {1} (any more). Refresh the image in the Image Clusters view.',
            ref.clusterArn,
            imageLabel(image.image),
          ),
        ),
      );
      return undefined;
    }
    return { image, cluster, namespace: ref.namespace };
  }

  /** Palette fallback: pick among the clusters of that kind already loaded in the view. */
  private async pick(kind: 'ecs' | 'eks'): Promise<ResolvedCluster | undefined> {
    const items: (vscode.QuickPickItem & { resolved: ResolvedCluster })[] = [];
    for (const image of this.view.imageNodes) {
      for (const cluster of image.clusters.items) {
        const d = describeClusterArn(cluster.clusterArn);
        if (clusterKind(cluster) !== kind) continue;
        items.push({
          label: plainLabel(d.name),
          // Labels, descriptions and details render `$(icon)` syntax: every one from data passes the same sanitiser.
          description: plainLabel(imageLabel(image.image)),
          detail: plainLabel(cluster.clusterArn),
          resolved: { image, cluster },
        });
      }
    }
    if (items.length === 0) {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t(
            'No {0} cluster is loaded yet. Look up an image and expand it in the Image Clusters view first.',
            kind.toUpperCase(),
          ),
          vscode.l10n.t('Look Up ECR Image…'),
        )
        .then((look) => {
          if (look) void vscode.commands.executeCommand('imageFootprint.lookupImage');
        });
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      title: kind === 'eks' ? vscode.l10n.t('Show EKS Workloads') : vscode.l10n.t('Show ECS Task Definition'),
      placeHolder: vscode.l10n.t('Select an {0} cluster', kind.toUpperCase()),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.resolved;
  }

  private async showEks(arg: unknown): Promise<void> {
    const target = arg === undefined ? await this.pick('eks') : await this.resolve(arg);
    if (!target) return;
    if (clusterKind(target.cluster) !== 'eks') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Show EKS Workloads needs an EKS cluster.'));
      return;
    }
    showEksWorkloadsPanel(this.panels, {
      imageLabel: imageLabel(target.image.image),
      resourceId: target.image.image.resourceId,
      cluster: target.cluster,
      namespace: target.namespace,
      consoleUrl: clusterConsoleUrl(target.cluster.clusterArn),
    });
  }

  private async showEcs(arg: unknown): Promise<void> {
    const target = arg === undefined ? await this.pick('ecs') : await this.resolve(arg);
    if (!target) return;
    if (clusterKind(target.cluster) !== 'ecs') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Show ECS Task Definition needs an ECS cluster.'));
      return;
    }
    showEcsTaskDefinitionPanel(this.panels, {
      imageLabel: imageLabel(target.image.image),
      resourceId: target.image.image.resourceId,
      cluster: target.cluster,
      consoleUrls: {
        cluster: clusterConsoleUrl(target.cluster.clusterArn),
        taskDefinition: taskDefinitionConsoleUrl,
      },
    });
  }

  private async copyArn(node: unknown): Promise<void> {
    const text =
      node instanceof ClusterNode
        ? node.cluster.clusterArn
        : node instanceof ClusterDetailNode
          ? node.clusterNode.cluster.clusterArn
          : node instanceof ImageNode
            ? node.image.resourceId
            : undefined;
    if (text) await vscode.env.clipboard.writeText(text);
  }

  private async copyTaskDefinitionArn(node: unknown): Promise<void> {
    const arns =
      node instanceof ClusterDetailNode ? [node.detail] : node instanceof ClusterNode ? node.cluster.details : [];
    const values = arns.flatMap((d) => (d.metadata.kind === 'ecs' ? [d.metadata.taskDefinitionArn] : []));
    if (values.length > 0) await vscode.env.clipboard.writeText(values.join('\n'));
  }

  private async openInConsole(node: unknown): Promise<void> {
    let url: string | undefined;
    if (node instanceof ClusterNode) url = clusterConsoleUrl(node.cluster.clusterArn);
    else if (node instanceof ClusterDetailNode) {
      const m = node.detail.metadata;
      url =
        m.kind === 'ecs'
          ? taskDefinitionConsoleUrl(m.taskDefinitionArn)
          : clusterConsoleUrl(node.clusterNode.cluster.clusterArn);
    } else if (node instanceof ImageNode) url = ecrImageConsoleUrl(node.image.input);
    if (!url) {
      void vscode.window.showWarningMessage(vscode.l10n.t('There is no AWS console page for this item.'));
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
  }
}
