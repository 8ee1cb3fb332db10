/**
 * The Lifecycle Executions view. Roots: the executions the user opened by id (kept in workspace state), then the
 * lifecycle policies of the current region once the user has asked for them (no request before that).
 */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type { AwsSession } from '../aws/session';
import type {
  LifecycleExecution,
  LifecyclePolicy,
  LifecyclePolicySummary,
  LifecycleResourcesPage,
  Page,
} from '../aws/types';
import type { EcrImageRef } from '../inspector/imageRef';
import { Limiter, type ImageUsage, type ImageUsageService } from '../inspector/imageUsage';
import type { SettingsStore } from '../settingsStore';
import { NodeTreeProvider, type TreeNode } from '../tree/node';
import { Disposable } from '../util/disposable';
import { restoreOpenedExecutions } from './lifecycleModel';
import { ExecutionNode, PoliciesNode, type LifecycleSource } from './lifecycleNodes';

export const LIFECYCLE_VIEW_ID = 'imageFootprint.lifecycle';
const OPENED_KEY = 'imageFootprint.openedExecutions';
const LIST_POLICIES_KEY = 'imageFootprint.listPolicies';

export class LifecycleView extends Disposable implements LifecycleSource {
  readonly provider: NodeTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private opened: ExecutionNode[];
  private policies: PoliciesNode | undefined;
  private policiesError: FootprintError | undefined;
  /** GetLifecyclePolicy answers for this view's session (until Refresh or a profile/region switch); failures are not kept. */
  private readonly policyCache = new Map<string, Promise<LifecyclePolicy>>();
  /** The in-use checks' reads of associated resources: at most 3 at a time, like the Inspector requests. */
  private readonly checkReads = new Limiter(3);

  constructor(
    private readonly session: AwsSession,
    private readonly settings: SettingsStore,
    private readonly state: vscode.Memento,
    private readonly usageService: ImageUsageService,
  ) {
    super();
    this.provider = this._register(new NodeTreeProvider(() => this.roots()));
    this.treeView = this._register(
      vscode.window.createTreeView(LIFECYCLE_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true }),
    );
    this.opened = restoreOpenedExecutions(state.get<unknown>(OPENED_KEY)).map(
      (o) => new ExecutionNode(undefined, o.id, o.region, this, undefined),
    );
    this._register(
      session.onDidChangeConnection(() => {
        this.policyCache.clear();
        this.policies?.reset();
        this.policies = undefined;
        for (const n of this.opened) n.reset();
        this.provider.notify(undefined);
      }),
    );
  }

  get notify(): (node?: TreeNode) => void {
    return this.provider.notify;
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
          this.policies = new PoliciesNode(region, this.session.profile ?? 'default chain', this);
          this.policiesError = undefined;
        } else {
          this.policiesError = this.session.toError(
            new Error('Region is missing'),
            this.session.context('imagebuilder', 'ListLifecyclePolicies'),
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
      'Lifecycle Executions: no AWS region is set. Select a region to list lifecycle policies.',
      'Select Region…',
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
      node = new ExecutionNode(undefined, execution.lifecycleExecutionId, region, this, execution);
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
    this.policyCache.clear();
    this.policies?.reset();
    this.policies = undefined;
    for (const n of this.opened) n.reset();
    this.provider.notify(undefined);
  }

  // ------------------------------------------------------------------ LifecycleSource

  async loadPolicies(
    region: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecyclePolicySummary>> {
    const target = await this.session.target(region);
    return this.session.api.listLifecyclePolicies(target, { maxResults: 25, nextToken: token }, signal);
  }

  async loadExecutions(
    region: string,
    policyArn: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecycleExecution>> {
    const target = await this.session.target(region);
    return this.session.api.listLifecycleExecutions(
      target,
      { resourceArn: policyArn, maxResults: 25, nextToken: token },
      signal,
    );
  }

  async loadResources(
    region: string,
    executionId: string,
    parentResourceId: string | undefined,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<LifecycleResourcesPage> {
    const target = await this.session.target(region);
    return this.session.api.listLifecycleExecutionResources(
      target,
      {
        lifecycleExecutionId: executionId,
        parentResourceId,
        maxResults: this.settings.current.pageSize.lifecycleResources,
        nextToken: token,
      },
      signal,
    );
  }

  async loadExecution(region: string, executionId: string, signal: AbortSignal): Promise<LifecycleExecution> {
    const target = await this.session.target(region);
    return this.session.api.getLifecycleExecution(target, executionId, signal);
  }

  /**
   * One GetLifecyclePolicy per policy for the session, shared by every row that asks. The request is not tied to the
   * first asker's signal (a refreshed execution would cancel it for the others); Refresh forgets the answer.
   */
  lifecyclePolicy(region: string, policyArn: string, signal: AbortSignal): Promise<LifecyclePolicy> {
    const key = JSON.stringify([region, policyArn]);
    let answer = this.policyCache.get(key);
    if (!answer) {
      answer = this.fetchPolicy(region, policyArn);
      this.policyCache.set(key, answer);
      const cached = answer;
      answer.catch(() => {
        if (this.policyCache.get(key) === cached) this.policyCache.delete(key);
      });
    }
    return signal.aborted ? Promise.reject(abortError()) : answer;
  }

  private async fetchPolicy(region: string, policyArn: string): Promise<LifecyclePolicy> {
    const target = await this.session.target(region);
    return this.session.api.getLifecyclePolicy(target, policyArn);
  }

  limitCheckRead<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.checkReads.run(task, signal);
  }

  toError(err: unknown, operation: string, region: string): FootprintError {
    return this.session.toError(err, { ...this.session.context('imagebuilder', operation), region });
  }

  imageUsage(ref: EcrImageRef, signal: AbortSignal): Promise<ImageUsage> {
    return this.usageService.usage(ref, signal);
  }

  override dispose(): void {
    this.policies?.reset();
    for (const n of this.opened) n.reset();
    super.dispose();
  }
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
