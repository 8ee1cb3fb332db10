/** The Lifecycle Executions commands: open an execution by id, the snapshot panel, and the row actions. */
import * as vscode from 'vscode';
import type { TreeNode } from '../tree/node';
import { isRegionName } from '../settings';
import type { ErrorActions } from '../ui/errorActions';
import { lifecyclePolicyConsoleUrl } from '../util/consoleLinks';
import { notificationText, plainLabel } from '../util/escape';
import type { WebviewPanels } from '../webview/panelShell';
import type { ImageBuilderPanels } from './snapshotStatesProtocol';
import { validateExecutionId } from './lifecycleModel';
import { ExecutionNode } from './executionNodes';
import { PolicyNode } from './policyNodes';
import { ResourceNode } from './resourceNodes';
import { LIFECYCLE_VIEW_ID, type LifecycleView } from './lifecycleView';
import { showSnapshotStatesPanel } from './snapshotStatesPanel';

/** How many pages a search for one resource may read. */
const MAX_PAGES_TO_FIND = 20;

/** A resource of an execution by ids (the argument form of Show Snapshot States for code and tests). */
export interface ResourceRef {
  readonly lifecycleExecutionId: string;
  readonly resourceId: string;
  readonly region?: string;
}

function isResourceRef(value: unknown): value is ResourceRef {
  const v = value as Partial<ResourceRef> | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.lifecycleExecutionId === 'string' &&
    typeof v.resourceId === 'string'
  );
}

/** The argument form for code and tests. */
export interface OpenExecutionArgs {
  readonly lifecycleExecutionId: string;
  readonly region?: string;
}

export class LifecycleCommands {
  constructor(
    private readonly view: LifecycleView,
    private readonly panels: WebviewPanels<ImageBuilderPanels>,
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
        title: vscode.l10n.t('Open Lifecycle Execution'),
        prompt: vscode.l10n.t(
          'The id of an EC2 Image Builder lifecycle execution, e.g. from the console or ListLifecycleExecutions',
        ),
        placeHolder: 'lce-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
        ignoreFocusOut: true,
        validateInput: (value) => validateExecutionId(value),
      });
    }
    if (id === undefined) return undefined;
    if (region !== undefined && !isRegionName(region)) {
      void vscode.window.showErrorMessage(
        notificationText(
          vscode.l10n.t('"{0}" is not a region name such as us-east-1; the execution is not opened.', region),
        ),
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
      target = await this.view.lifecycle.target(region);
      const t = target;
      const execution = await vscode.window.withProgress(
        { location: { viewId: LIFECYCLE_VIEW_ID }, title: vscode.l10n.t('Opening {0}', executionId) },
        () => this.view.lifecycle.execution(t, executionId),
      );
      return await this.view.addOpened(execution, t.region);
    } catch (err) {
      const error = this.view.lifecycle.errorAt(err, 'GetLifecycleExecution', target);
      void this.errors.show(error, () => this.open({ lifecycleExecutionId: executionId, region }));
      return undefined;
    }
  }

  /** Every resource node the tree has loaded (no request). */
  private allLoadedResources(): ResourceNode[] {
    const found: ResourceNode[] = [];
    const visit = (nodes: readonly unknown[]): void => {
      for (const n of nodes) {
        if (!(n instanceof ResourceNode)) continue;
        found.push(n);
        visit(n.associatedGroup?.loadedNodes ?? []);
      }
    };
    const executions: unknown[] = [...this.view.openedExecutions];
    for (const policy of this.view.policiesNode?.loadedNodes ?? []) {
      if (policy instanceof PolicyNode) executions.push(...policy.loadedNodes);
    }
    for (const e of executions) if (e instanceof ExecutionNode) visit(e.loadedNodes);
    return found;
  }

  /**
   * A resource of an execution, by ids (code, tests): from what is loaded, else the execution is opened and its
   * pages (and the associated resources of its images) are read until the resource turns up, within a bound.
   */
  private async findResource(ref: ResourceRef): Promise<ResourceNode | undefined> {
    const matches = (n: ResourceNode): boolean =>
      n.execution.executionId === ref.lifecycleExecutionId && n.resource.resourceId === ref.resourceId;
    const loaded = this.allLoadedResources().find(matches);
    if (loaded) return loaded;
    const execution = await this.open({ lifecycleExecutionId: ref.lifecycleExecutionId, region: ref.region });
    if (!execution) return undefined;
    const isMatch = (n: TreeNode): n is ResourceNode => n instanceof ResourceNode && matches(n);
    let found = await execution.findOrLoad(isMatch, MAX_PAGES_TO_FIND);
    for (const parent of execution.loadedNodes) {
      if (found) break;
      if (parent instanceof ResourceNode && parent.associatedGroup) {
        found = await parent.associatedGroup.findOrLoad(isMatch, MAX_PAGES_TO_FIND);
      }
    }
    if (!found) {
      void vscode.window.showErrorMessage(
        notificationText(
          vscode.l10n.t('{0} is not among the resources of {1}.', ref.resourceId, ref.lifecycleExecutionId),
        ),
      );
    }
    return found;
  }

  /** AMIs with snapshots that the tree has already loaded: the palette fallback makes no request of its own. */
  private loadedResourcesWithSnapshots(): ResourceNode[] {
    return this.allLoadedResources().filter((n) => n.resource.snapshots.length > 0);
  }

  private async showSnapshots(arg?: unknown): Promise<void> {
    let node: ResourceNode | undefined;
    if (arg instanceof ResourceNode) node = arg;
    else if (typeof arg === 'string') {
      node = this.allLoadedResources().find((n) => n.resource.resourceId === arg.trim());
      if (!node) {
        void vscode.window.showErrorMessage(
          notificationText(
            vscode.l10n.t(
              '{0} is not loaded. Pass { lifecycleExecutionId, resourceId }, or open the execution first.',
              arg.slice(0, 200),
            ),
          ),
        );
        return;
      }
    } else if (isResourceRef(arg)) {
      node = await this.findResource(arg);
      if (!node) return;
    } else if (arg === undefined) {
      const candidates = this.loadedResourcesWithSnapshots();
      if (candidates.length === 0) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'No AMI with snapshots is loaded yet. Open a lifecycle execution and expand it, then pick an AMI.',
          ),
        );
        return;
      }
      const picked = await vscode.window.showQuickPick(
        candidates.map((c) => ({
          label: plainLabel(c.resource.resourceId ?? vscode.l10n.t('(no id)')),
          description:
            c.resource.snapshots.length === 1
              ? vscode.l10n.t('{0} snapshot · {1}', 1, plainLabel(c.execution.executionId))
              : vscode.l10n.t('{0} snapshots · {1}', c.resource.snapshots.length, plainLabel(c.execution.executionId)),
          node: c,
        })),
        { title: vscode.l10n.t('Show Snapshot States'), placeHolder: vscode.l10n.t('Select an AMI') },
      );
      node = picked?.node;
    }
    if (!node) return;
    if (node.resource.snapshots.length === 0) {
      void vscode.window.showInformationMessage(
        notificationText(
          node.resource.resourceId === undefined
            ? vscode.l10n.t('This resource has no snapshots.')
            : vscode.l10n.t('{0} has no snapshots.', node.resource.resourceId),
        ),
      );
    }
    showSnapshotStatesPanel(this.panels, { lifecycleExecutionId: node.execution.executionId, resource: node.resource });
  }
}
