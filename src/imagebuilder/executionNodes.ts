/**
 * Lifecycle executions: one listed under its policy (paged with the others) and one the user opened by id (a root,
 * kept in workspace state) are two types; both page their resources and know their policy's rules.
 */
import * as vscode from 'vscode';
import type { LifecycleExecution, LifecyclePolicySummary, LifecycleResource, StatusWithReason } from '../aws/types';
import type { TreeNode } from '../tree/node';
import { PagedNode, type PagingOptions } from '../tree/pagedNode';
import { statusIcon, when } from './lifecycleLook';
import { isExecutionActive, policyFacts, shortExecutionId, type PolicyFacts } from './lifecycleModel';
import type { LifecycleSource } from './lifecycleSource';
import { ResourceNode } from './resourceNodes';
import { sharedAbortController } from '../util/abort';

/** The context words of an execution row, by (opened by id?, still running?). */
const CONTEXT_VALUES = new Map<string, string>([
  ['listed/done', 'lifecycleExecution'],
  ['listed/active', 'lifecycleExecutionActive'],
  ['opened/done', 'openedExecution'],
  ['opened/active', 'openedExecutionActive'],
]);

/** What both kinds of execution row share: the resources (paged), the newest state, the policy's rules. */
export abstract class ExecutionNode extends PagedNode<LifecycleResource> {
  abstract override readonly id: string;
  /** `opened` for a root the user opened by id, `listed` under its policy. */
  protected abstract readonly kind: 'opened' | 'listed';
  /** The policy summary of the row above, when there is one (it names the resource type: no request). */
  protected abstract readonly policySummary: LifecyclePolicySummary | undefined;
  /** Cancels the in-use checks of this execution's resources when it is refreshed. */
  private controller = sharedAbortController();
  private latestState: StatusWithReason | undefined;
  /** What the execution's policy says (GetLifecyclePolicy), asked once when a resource row first needs it. */
  private facts: Promise<PolicyFacts> | undefined;
  /** The same, once it is known: rows shown after that answer from it at once (no promise, no redraw per row). */
  private settledFacts: PolicyFacts | undefined;
  private formattedStart: { readonly time: number; readonly text: string } | undefined;

  constructor(
    parent: TreeNode | undefined,
    readonly executionId: string,
    readonly region: string,
    readonly source: LifecycleSource,
    public execution: LifecycleExecution | undefined,
  ) {
    super(parent);
    this.latestState = execution?.state;
  }

  protected paging(): PagingOptions<LifecycleResource> {
    const { source, region, executionId } = this;
    return {
      loadPage: async (token, signal) => {
        const page = await source.lifecycle.resources(region, executionId, undefined, token, signal);
        this.updateState(page.executionState);
        return page;
      },
      toNode: (resource, index) => new ResourceNode({ parent: this, execution: this, resource, index, topLevel: true }),
      notify: source.notify,
      toError: (err) => source.lifecycle.toError(err, 'ListLifecycleExecutionResources', region),
      noun: vscode.l10n.t('resources'),
      emptyMessage: vscode.l10n.t('This execution identified no resources'),
    };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get state(): StatusWithReason | undefined {
    return this.latestState;
  }

  /**
   * The policy's rules as far as the in-use check needs them. Under a policy row its summary says the resource type,
   * so an AMI policy costs no request; otherwise GetLifecyclePolicy (cached by the view), after GetLifecycleExecution
   * when the execution was restored from saved state without its policy. Never rejects: a failure is `error`.
   */
  policyFacts(): Promise<PolicyFacts> {
    if (!this.facts) {
      const signal = this.signal;
      this.facts = this.loadPolicyFacts(signal).then((facts) => {
        // A refresh meanwhile dropped this answer: it must not become the new generation's.
        if (!signal.aborted) this.settledFacts = facts;
        return facts;
      });
    }
    return this.facts;
  }

  /**
   * The policy's rules when they are known without waiting: `policyFacts()` has answered since the last refresh, the
   * policy row above says the policy is for AMIs, or the view already has the policy (a refreshed execution whose
   * policy was read before: its first rows answer at once instead of "checking…" and a redraw). Undefined otherwise.
   */
  get knownPolicyFacts(): PolicyFacts | undefined {
    if (this.settledFacts) return this.settledFacts;
    const summary = this.policySummary;
    if (summary?.resourceType === 'AMI_IMAGE') return (this.settledFacts = { resourceType: 'AMI_IMAGE' });
    const arn = summary?.arn ?? this.execution?.lifecyclePolicyArn;
    const policy = arn ? this.source.lifecycle.knownPolicy(this.region, arn) : undefined;
    if (policy) this.settledFacts = policyFacts(policy);
    return this.settledFacts;
  }

  private async loadPolicyFacts(signal: AbortSignal): Promise<PolicyFacts> {
    const summary = this.policySummary;
    if (summary?.resourceType === 'AMI_IMAGE') return { resourceType: 'AMI_IMAGE' };
    let operation = 'GetLifecycleExecution';
    try {
      let arn = summary?.arn ?? this.execution?.lifecyclePolicyArn;
      if (!arn) {
        const lifecycle = this.source.lifecycle;
        this.execution = await lifecycle.execution(await lifecycle.target(this.region), this.executionId, signal);
        arn = this.execution.lifecyclePolicyArn;
      }
      if (!arn) return {};
      operation = 'GetLifecyclePolicy';
      return policyFacts(await this.source.lifecycle.policy(this.region, arn, signal));
    } catch (err) {
      return { resourceType: summary?.resourceType, error: this.source.lifecycle.toError(err, operation, this.region) };
    }
  }

  private updateState(state: StatusWithReason | undefined): void {
    if (!state?.status) return;
    if (state.status === this.latestState?.status && state.reason === this.latestState?.reason) return;
    this.latestState = state;
    // The resources list carries the newest state; show it on the row without reloading the children.
    queueMicrotask(() => this.source.notify(this));
  }

  /** The start time in the user's locale, formatted once per time: the row is rebuilt after every page of resources. */
  private startLabel(start: Date): string {
    const time = start.getTime();
    if (this.formattedStart?.time !== time) this.formattedStart = { time, text: start.toLocaleString() };
    return this.formattedStart.text;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.execution;
    const state = this.latestState;
    const label = e?.startTime ? this.startLabel(e.startTime) : shortExecutionId(this.executionId);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [
      state?.status ?? vscode.l10n.t('status unknown'),
      this.kind === 'opened' ? shortExecutionId(this.executionId) : undefined,
      e && !e.hasImpactedResources ? vscode.l10n.t('no resources impacted') : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = statusIcon(state);
    const active = isExecutionActive({ state });
    item.contextValue = CONTEXT_VALUES.get(`${this.kind}/${active ? 'active' : 'done'}`);
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const e = this.execution;
    const state = this.latestState;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Lifecycle execution')}** `).appendText(this.executionId);
    tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Status: {0}', state?.status ?? vscode.l10n.t('unknown')));
    if (state?.reason) tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Reason: {0}', state.reason));
    if (e?.lifecyclePolicyArn) {
      tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Policy: {0}', e.lifecyclePolicyArn));
    }
    tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Started: {0}', when(e?.startTime)));
    tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Ended: {0}', when(e?.endTime)));
    tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Region: {0}', this.region));
    return tooltip;
  }

  override reset(): void {
    this.controller.abort();
    this.controller = sharedAbortController();
    this.facts = undefined;
    this.settledFacts = undefined;
    super.reset();
  }
}

/** An execution the user opened by id: a root of the view, kept in workspace state. */
export class OpenedExecutionNode extends ExecutionNode {
  readonly id: string;
  protected readonly kind = 'opened';
  protected readonly policySummary = undefined;

  constructor(options: {
    readonly executionId: string;
    readonly region: string;
    readonly source: LifecycleSource;
    /** Unknown for an execution restored from saved state until its first request. */
    readonly execution?: LifecycleExecution;
  }) {
    super(undefined, options.executionId, options.region, options.source, options.execution);
    this.id = `execution/${options.region}/${options.executionId}`;
  }
}

/** An execution listed under its policy (paged with the others, newest first). */
export class ListedExecutionNode extends ExecutionNode {
  readonly id: string;
  protected readonly kind = 'listed';
  protected readonly policySummary: LifecyclePolicySummary;

  constructor(options: {
    readonly policy: TreeNode & { readonly policy: LifecyclePolicySummary; readonly region: string };
    readonly execution: LifecycleExecution;
    readonly index: number;
    readonly source: LifecycleSource;
  }) {
    const { policy, execution, index, source } = options;
    super(policy, execution.lifecycleExecutionId, policy.region, source, execution);
    this.id = `${policy.id}/${index}:${execution.lifecycleExecutionId}`;
    this.policySummary = policy.policy;
  }
}
