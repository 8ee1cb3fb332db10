/** The Lifecycle Executions commands: open an execution by id, the snapshot panel, and the row actions. */
import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import { isRegionName } from '../settings';
import type { ErrorActions } from '../ui/errorActions';
import { lifecyclePolicyConsoleUrl } from '../util/consoleLinks';
import { notificationText } from '../util/escape';
import type { WebviewPanels } from '../webview/panelShell';
import { validateExecutionId } from './lifecycleModel';
import { ExecutionNode, PolicyNode, ResourceNode } from './lifecycleNodes';
import { LIFECYCLE_VIEW_ID, type LifecycleView } from './lifecycleView';
import { showSnapshotStatesPanel } from './snapshotStatesPanel';

/** The argument form for code and tests. */
export interface OpenExecutionArgs {
  readonly lifecycleExecutionId: string;
  readonly region?: string;
}

export class LifecycleCommands {
  constructor(
    private readonly session: AwsSession,
    private readonly view: LifecycleView,
    private readonly panels: WebviewPanels,
    private readonly errors: ErrorActions,
  ) {}

  register(): vscode.Disposable[] {
    const r = vscode.commands.registerCommand;
    return [
      r('imageFootprint.openLifecycleExecution', (arg?: unknown) => this.open(arg)),
      r('imageFootprint.showSnapshotStates', (arg?: unknown) => this.showSnapshots(arg)),
      r('imageFootprint.listLifecyclePolicies', () => this.view.showPolicies()),
      r('imageFootprint.closeExecution', (node?: unknown) =>
        node instanceof ExecutionNode && !node.parent ? this.view.removeOpened(node) : undefined,
      ),
      r('imageFootprint.copyResourceId', async (node?: unknown) => {
        const text =
          node instanceof ResourceNode
            ? node.resource.resourceId
            : node instanceof ExecutionNode
              ? node.executionId
              : node instanceof PolicyNode
                ? node.policy.arn
                : undefined;
        if (text) await vscode.env.clipboard.writeText(text);
      }),
      r('imageFootprint.openPolicyInConsole', async (node?: unknown) => {
        const url = node instanceof PolicyNode ? lifecyclePolicyConsoleUrl(node.policy.arn) : undefined;
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
      }),
    ];
  }

  async open(arg?: unknown): Promise<ExecutionNode | undefined> {
    let id: string | undefined;
    let region: string | undefined;
    if (typeof arg === 'string') id = arg;
    else if (
      typeof arg === 'object' &&
      arg !== null &&
      typeof (arg as OpenExecutionArgs).lifecycleExecutionId === 'string'
    ) {
      id = (arg as OpenExecutionArgs).lifecycleExecutionId;
      region = typeof (arg as OpenExecutionArgs).region === 'string' ? (arg as OpenExecutionArgs).region : undefined;
    } else {
      id = await vscode.window.showInputBox({
        title: 'Open Lifecycle Execution',
        prompt: 'The id of an EC2 Image Builder lifecycle execution, e.g. from the console or ListLifecycleExecutions',
        placeHolder: 'lce-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        ignoreFocusOut: true,
        validateInput: (value) => validateExecutionId(value),
      });
    }
    if (id === undefined) return undefined;
    if (region !== undefined && !isRegionName(region)) {
      void vscode.window.showErrorMessage(
        notificationText(`"${region}" is not a region name such as us-east-1; the execution is not opened.`),
      );
      return undefined;
    }
    id = id.trim();
    const problem = validateExecutionId(id);
    if (problem) {
      void vscode.window.showErrorMessage(notificationText(problem));
      return undefined;
    }
    const executionId = id;
    let target;
    try {
      target = await this.session.target(region);
      const t = target;
      const execution = await vscode.window.withProgress(
        { location: { viewId: LIFECYCLE_VIEW_ID }, title: `Opening ${executionId}` },
        () => this.session.api.getLifecycleExecution(t, executionId),
      );
      return await this.view.addOpened(execution, t.region);
    } catch (err) {
      const error = this.session.toError(err, {
        ...this.session.context('imagebuilder', 'GetLifecycleExecution', target),
      });
      void this.errors.show(error, () => this.open({ lifecycleExecutionId: executionId, region }));
      return undefined;
    }
  }

  /** AMIs with snapshots that the tree has already loaded: the palette fallback makes no request of its own. */
  private loadedResourcesWithSnapshots(): ResourceNode[] {
    const found: ResourceNode[] = [];
    const visitResources = (nodes: readonly unknown[]): void => {
      for (const n of nodes) {
        if (!(n instanceof ResourceNode)) continue;
        if (n.resource.snapshots.length > 0) found.push(n);
        visitResources(n.associatedResources?.loadedNodes ?? []);
      }
    };
    const executions: unknown[] = [...this.view.openedExecutions];
    for (const policy of this.view.policiesNode?.policies.loadedNodes ?? []) {
      if (policy instanceof PolicyNode) executions.push(...policy.executions.loadedNodes);
    }
    for (const e of executions) if (e instanceof ExecutionNode) visitResources(e.resources.loadedNodes);
    return found;
  }

  private async showSnapshots(arg?: unknown): Promise<void> {
    let node: ResourceNode | undefined;
    if (arg instanceof ResourceNode) node = arg;
    else if (arg === undefined) {
      const candidates = this.loadedResourcesWithSnapshots();
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(
          'No AMI with snapshots is loaded yet. Open a lifecycle execution and expand it, then pick an AMI.',
        );
        return;
      }
      const picked = await vscode.window.showQuickPick(
        candidates.map((c) => ({
          label: c.resource.resourceId ?? '(no id)',
          description: `${c.resource.snapshots.length} snapshots · ${c.execution.executionId}`,
          node: c,
        })),
        { title: 'Show Snapshot States', placeHolder: 'Select an AMI' },
      );
      node = picked?.node;
    }
    if (!node) return;
    if (node.resource.snapshots.length === 0) {
      void vscode.window.showInformationMessage(
        notificationText(`${node.resource.resourceId ?? 'This resource'} has no snapshots.`),
      );
    }
    showSnapshotStatesPanel(this.panels, { lifecycleExecutionId: node.execution.executionId, resource: node.resource });
  }
}
