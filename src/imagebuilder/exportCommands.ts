/**
 * Export the resources of a lifecycle execution (every page): "Copy Resources as Markdown Table" and "Export
 * Resources as CSV…". From the tree they take the execution row (or any row under it); from the palette, the
 * execution selected in the view, else a pick among the executions the view has loaded; from code, an execution node
 * or a loaded execution id, and for CSV an optional target file (no dialog).
 */
import * as vscode from 'vscode';
import type { LifecycleResource } from '../aws/types';
import { TreeNode } from '../tree/node';
import type { ExportFormat, ExportResult, TableExporter } from '../ui/exportTable';
import { plainLabel } from '../util/escape';
import { ExecutionNode } from './executionNodes';
import { PolicyNode } from './policyNodes';
import type { LifecycleView } from './lifecycleView';
import { RESOURCE_EXPORT_COLUMNS } from './resourceExport';

export class LifecycleExportCommands {
  constructor(
    private readonly view: LifecycleView,
    private readonly exporter: TableExporter,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r('imageFootprint.copyLifecycleResourcesAsMarkdown', (arg?: unknown) => this.export('markdown', arg)),
      r('imageFootprint.exportLifecycleResourcesCsv', (arg?: unknown, target?: unknown) =>
        this.export('csv', arg, target instanceof vscode.Uri ? target : undefined),
      ),
    ];
  }

  async export(format: ExportFormat, arg: unknown, target?: vscode.Uri): Promise<ExportResult | undefined> {
    const node = arg === undefined ? await this.pick() : this.resolve(arg);
    if (!node) return undefined;
    const { executionId, region, source } = node;

    return this.exporter.run(
      format,
      {
        subject: vscode.l10n.t('resources of {0}', executionId),
        noun: [vscode.l10n.t('resource'), vscode.l10n.t('resources')],
        fileName: `${executionId}-resources.csv`,
        loadPage: (token, signal) => source.lifecycle.resources(region, executionId, undefined, token, signal),
        // A copy: the tree may be refreshed (and its list emptied) while the save dialog is open.
        complete: node.pagerState === 'done' ? [...node.items] : undefined,
        toRows: (resources: readonly LifecycleResource[]) => resources,
        columns: RESOURCE_EXPORT_COLUMNS,
        toError: (err) => source.lifecycle.toError(err, 'ListLifecycleExecutionResources', region),
      },
      target,
    );
  }

  /** Every execution row the view has loaded (no request). */
  private loadedExecutions(): ExecutionNode[] {
    const found: ExecutionNode[] = [...this.view.openedExecutions];
    for (const policy of this.view.policiesNode?.loadedNodes ?? []) {
      if (!(policy instanceof PolicyNode)) continue;
      for (const e of policy.loadedNodes) if (e instanceof ExecutionNode) found.push(e);
    }
    return found;
  }

  private resolve(arg: unknown): ExecutionNode | undefined {
    if (typeof arg === 'string') {
      const id = arg.trim();
      const found = this.loadedExecutions().find((n) => n.executionId === id);
      if (!found) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'That lifecycle execution is not loaded. Open it (Open Lifecycle Execution…) first, then export it.',
          ),
        );
      }
      return found;
    }
    return executionOf(arg);
  }

  private async pick(): Promise<ExecutionNode | undefined> {
    const selected = this.view.treeView.selection.map(executionOf).find((n) => n !== undefined);
    if (selected) return selected;
    const executions = this.loadedExecutions();
    if (executions.length === 0) {
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('No lifecycle execution is loaded yet. Open one by id, or list the policies and expand one.'),
          vscode.l10n.t('Open Lifecycle Execution…'),
        )
        .then((open) => {
          if (open) void vscode.commands.executeCommand('imageFootprint.openLifecycleExecution');
        });
      return undefined;
    }
    if (executions.length === 1) return executions[0];
    const picked = await vscode.window.showQuickPick(
      executions.map((node) => ({
        label: plainLabel(node.executionId),
        description: plainLabel(
          [node.state?.status, node.region, node.execution?.startTime?.toLocaleString()].filter(Boolean).join(' · '),
        ),
        node,
      })),
      {
        title: vscode.l10n.t('Export Lifecycle Execution Resources'),
        placeHolder: vscode.l10n.t('Select a lifecycle execution'),
      },
    );
    return picked?.node;
  }
}

/** The execution row above a row of this tree (only our own nodes are walked: their parents end). */
function executionOf(value: unknown): ExecutionNode | undefined {
  let n: TreeNode | undefined = value instanceof TreeNode ? value : undefined;
  while (n && !(n instanceof ExecutionNode)) n = n.parent;
  return n;
}
