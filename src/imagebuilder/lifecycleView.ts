/**
 * The Lifecycle Executions view. Roots: the executions the user opened by id (kept in workspace state), then the
 * lifecycle policies of the current region once the user has asked for them (no request before that).
 */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import type { LifecycleExecution } from '../aws/types';
import { Limiter, type ImageUsageService } from '../inspector/imageUsage';
import type { EcrImageRef } from '../inspector/imageRef';
import type { SettingsStore } from '../settingsStore';
import { NodeTreeProvider, type TreeNode } from '../tree/node';
import { Disposable } from '../util/disposable';
import { ImageBuilderLifecycle } from './lifecycle';
import { restoreOpenedExecutions } from './lifecycleModel';
import { OpenedExecutionNode, type ExecutionNode } from './executionNodes';
import type { LifecycleSource } from './lifecycleSource';
import { PoliciesNode } from './policyNodes';
import type { WorkspaceHit } from './referencedNodes';

export const LIFECYCLE_VIEW_ID = 'imageFootprint.lifecycle';
const OPENED_KEY = 'imageFootprint.openedExecutions';
const LIST_POLICIES_KEY = 'imageFootprint.listPolicies';

export class LifecycleView extends Disposable {
  readonly viewId = LIFECYCLE_VIEW_ID;
  readonly provider: NodeTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private opened: ExecutionNode[];
  private policies: PoliciesNode | undefined;
  private policiesError: FootprintError | undefined;
  /** What the nodes read through: the service, the in-use answers, and this view's change events. */
  private readonly source: LifecycleSource;

  constructor(
    private readonly session: AwsSession,
    settings: SettingsStore,
    private readonly state: vscode.Memento,
    usageService: ImageUsageService,
    /** The workspace's references to images (Workspace Images index), for "referenced in N files". */
    findReferences: (images: readonly EcrImageRef[]) => readonly WorkspaceHit[] = () => [],
    /** Where the rows get their pages (Image Builder); shared with the commands, the exports and the problems. */
    readonly lifecycle: ImageBuilderLifecycle = new ImageBuilderLifecycle(
      session,
      () => settings.current.pageSize.lifecycleResources,
    ),
  ) {
    super();
    this.provider = this._register(new NodeTreeProvider(() => this.roots()));
    // The in-use checks' reads of associated resources: at most 3 at a time, like the Inspector requests.
    const checkReads = new Limiter(3);
    this.source = {
      notify: this.provider.notify,
      lifecycle: this.lifecycle,
      limitCheckRead: (task, signal) => checkReads.run(task, signal),
      imageUsage: (ref, signal) => usageService.usage(ref, signal),
      workspaceReferences: (images) => (images.length > 0 ? findReferences(images) : []),
    };
    this.treeView = this._register(
      vscode.window.createTreeView(LIFECYCLE_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true }),
    );
    this.opened = restoreOpenedExecutions(state.get<unknown>(OPENED_KEY)).map(
      (o) => new OpenedExecutionNode({ executionId: o.id, region: o.region, source: this.source }),
    );
    this._register(
      session.onDidChangeConnection(() => {
        this.lifecycle.clear();
        this.policies?.reset();
        this.policies = undefined;
        for (const n of this.opened) n.reset();
        this.provider.notify(undefined);
      }),
    );
  }

  private get listPolicies(): boolean {
    return this.state.get<unknown>(LIST_POLICIES_KEY) === true;
  }

  private async roots(): Promise<readonly TreeNode[]> {
    const roots: TreeNode[] = [...this.opened];
    if (this.listPolicies) {
      if (!this.policies) {
        const region = await this.session.defaultRegion();
        if (region) {
          this.policies = new PoliciesNode(region, this.session.profile ?? vscode.l10n.t('default chain'), this.source);
          this.policiesError = undefined;
        } else {
          this.policiesError = this.lifecycle.errorAt(
            new Error('Region is missing'),
            'ListLifecyclePolicies',
            undefined,
          );
        }
      }
      if (this.policies) roots.push(this.policies);
      else if (this.policiesError) void this.showRegionHint();
    }
    return roots;
  }

  private async showRegionHint(): Promise<void> {
    const picked = await vscode.window.showWarningMessage(
      vscode.l10n.t('Lifecycle Executions: no AWS region is set. Select a region to list lifecycle policies.'),
      vscode.l10n.t('Select Region…'),
    );
    if (picked) await vscode.commands.executeCommand('imageFootprint.selectRegion');
  }

  /** Lists the policies of the current region (the user asked: Refresh or the welcome button). */
  async showPolicies(): Promise<void> {
    await this.state.update(LIST_POLICIES_KEY, true);
    this.policies?.reset();
    this.policies = undefined;
    this.provider.notify(undefined);
  }

  get policiesNode(): PoliciesNode | undefined {
    return this.policies;
  }

  get openedExecutions(): readonly ExecutionNode[] {
    return this.opened;
  }

  findOpened(id: string, region: string): ExecutionNode | undefined {
    return this.opened.find((n) => n.executionId === id && n.region === region);
  }

  async addOpened(execution: LifecycleExecution, region: string): Promise<ExecutionNode> {
    let node = this.findOpened(execution.lifecycleExecutionId, region);
    if (node) {
      node.execution = execution;
      node.reset();
      this.provider.notify(node);
    } else {
      node = new OpenedExecutionNode({
        executionId: execution.lifecycleExecutionId,
        region,
        source: this.source,
        execution,
      });
      this.opened = [node, ...this.opened];
      await this.saveOpened();
      this.provider.notify(undefined);
    }
    try {
      await this.treeView.reveal(node, { select: true, focus: true, expand: true });
    } catch {
      // The view may be collapsed; the node is there when it opens.
    }
    return node;
  }

  async removeOpened(node: ExecutionNode): Promise<void> {
    node.reset();
    this.opened = this.opened.filter((n) => n !== node);
    await this.saveOpened();
    this.provider.notify(undefined);
  }

  private async saveOpened(): Promise<void> {
    await this.state.update(
      OPENED_KEY,
      this.opened.map((n) => ({ id: n.executionId, region: n.region })),
    );
  }

  owns(node: TreeNode): boolean {
    let n: TreeNode | undefined = node;
    while (n?.parent) n = n.parent;
    return n === this.policies || this.opened.includes(n as ExecutionNode);
  }

  refresh(node?: TreeNode): void {
    if (node) {
      node.reset();
      this.provider.notify(node);
      return;
    }
    // Refresh never starts listing policies on its own: that is the user's explicit "List Lifecycle Policies".
    this.lifecycle.clear();
    this.policies?.reset();
    this.policies = undefined;
    for (const n of this.opened) n.reset();
    this.provider.notify(undefined);
  }

  override dispose(): void {
    this.policies?.reset();
    for (const n of this.opened) n.reset();
    super.dispose();
  }
}
