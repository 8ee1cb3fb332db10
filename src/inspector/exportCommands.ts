/**
 * Export the clusters of an image (every page): "Copy Clusters as Markdown Table" and "Export Clusters as CSV…".
 * From the tree they take the image row (or any row under it); from the palette, the image selected in the view,
 * else a pick among the images of the view; from code, an image node or its Inspector resource id, and for CSV an
 * optional target file (no dialog).
 */
import * as vscode from 'vscode';
import type { ClusterInfo } from '../aws/types';
import { TreeNode } from '../tree/node';
import type { ExportFormat, ExportResult, TableExporter } from '../ui/exportTable';
import { plainLabel } from '../util/escape';
import { CLUSTER_EXPORT_COLUMNS, clusterExportRows } from './clusterExport';
import { ImageNode } from './clusterNodes';
import type { ClustersView } from './clustersView';
import { imageLabel } from './imageSubject';

export class ClusterExportCommands {
  constructor(
    private readonly view: ClustersView,
    private readonly exporter: TableExporter,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r('imageFootprint.copyClustersAsMarkdown', (arg?: unknown) => this.export('markdown', arg)),
      r('imageFootprint.exportClustersCsv', (arg?: unknown, target?: unknown) =>
        this.export('csv', arg, target instanceof vscode.Uri ? target : undefined),
      ),
    ];
  }

  async export(format: ExportFormat, arg: unknown, target?: vscode.Uri): Promise<ExportResult | undefined> {
    const node = arg === undefined ? await this.pick() : this.resolve(arg);
    if (!node) return undefined;
    const image = node.image;
    const label = imageLabel(image);
    const pager = node.clusters.pager;
    return this.exporter.run(
      format,
      {
        subject: vscode.l10n.t('clusters of {0}', label),
        noun: [
          vscode.l10n.t({ message: 'cluster', comment: ['one exported item'] }),
          vscode.l10n.t({ message: 'clusters', comment: ['several exported items'] }),
        ],
        fileName: `${label.replace(/[/:@]/g, '-')}-clusters.csv`,
        loadPage: (token, signal) => this.view.inspector.loadClustersPage(image, token, signal),
        // A copy: the tree may be refreshed (and its list emptied) while the save dialog is open.
        complete: pager.state === 'done' ? [...pager.items] : undefined,
        toRows: (clusters: readonly ClusterInfo[]) => clusterExportRows(clusters),
        columns: CLUSTER_EXPORT_COLUMNS,
        toError: (err) => this.view.inspector.toError(err, image),
      },
      target,
    );
  }

  /** The image of a row of the view (any row under it), or of a resource id the view holds. */
  private resolve(arg: unknown): ImageNode | undefined {
    if (typeof arg === 'string') {
      const id = arg.trim();
      const found = this.view.imageNodes.find((n) => n.image.resourceId === id || n.image.input === id);
      if (!found) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('That image is not in the Image Clusters view. Look it up first, then export its clusters.'),
        );
      }
      return found;
    }
    return imageOf(arg);
  }

  private async pick(): Promise<ImageNode | undefined> {
    const selected = this.view.treeView.selection.map(imageOf).find((n) => n !== undefined);
    if (selected) return selected;
    const images = this.view.imageNodes;
    if (images.length === 0) {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('No image in the Image Clusters view yet. Look up an image first.'),
          vscode.l10n.t('Look Up ECR Image…'),
        )
        .then((look) => {
          if (look) void vscode.commands.executeCommand('imageFootprint.lookupImage');
        });
      return undefined;
    }
    if (images.length === 1) return images[0];
    const picked = await vscode.window.showQuickPick(
      images.map((node) => ({
        label: plainLabel(imageLabel(node.image)),
        description: `${node.image.accountId} · ${node.image.region}`,
        node,
      })),
      { title: vscode.l10n.t('Export Clusters'), placeHolder: vscode.l10n.t('Select an image') },
    );
    return picked?.node;
  }
}

/** The image row at the top of a row of this tree (only our own nodes are walked: their parents end). */
function imageOf(value: unknown): ImageNode | undefined {
  let n: TreeNode | undefined = value instanceof TreeNode ? value : undefined;
  while (n && !(n instanceof ImageNode)) n = n.parent;
  return n;
}
