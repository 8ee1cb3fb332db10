/** The "Lifecycle policies" root and one row per policy (paged), whose children are its executions (paged). */
import * as vscode from 'vscode';
import type { LifecycleExecution, LifecyclePolicySummary } from '../aws/types';
import { relativeTime } from '../inspector/clusterModel';
import { PagedNode, type PagingOptions } from '../tree/pagedNode';
import { ListedExecutionNode } from './executionNodes';
import { policyTypeLabel, when } from './lifecycleLook';
import type { LifecycleSource } from './lifecycleSource';

export class PoliciesNode extends PagedNode<LifecyclePolicySummary> {
  readonly id = 'policies';

  constructor(
    readonly region: string,
    readonly profileLabel: string,
    private readonly source: LifecycleSource,
  ) {
    super(undefined);
  }

  protected paging(): PagingOptions<LifecyclePolicySummary> {
    const { source, region } = this;
    return {
      loadPage: (token, signal) => source.lifecycle.policies(region, token, signal),
      toNode: (policy, index) => new PolicyNode({ parent: this, policy, index, source }),
      notify: source.notify,
      toError: (err) => source.lifecycle.toError(err, 'ListLifecyclePolicies', region),
      noun: vscode.l10n.t('policies'),
      emptyMessage: vscode.l10n.t('No lifecycle policies in {0}', region),
      emptyDetail: vscode.l10n.t('Switch the region or profile, or open an execution by id.'),
    };
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Lifecycle policies'), vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${this.region} · ${this.profileLabel}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.contextValue = 'lifecyclePolicies';
    item.tooltip = vscode.l10n.t('EC2 Image Builder lifecycle policies in {0} ({1})', this.region, this.profileLabel);
    return item;
  }
}

export interface PolicyNodeOptions {
  readonly parent: PoliciesNode;
  readonly policy: LifecyclePolicySummary;
  readonly index: number;
  readonly source: LifecycleSource;
}

export class PolicyNode extends PagedNode<LifecycleExecution> {
  readonly id: string;
  readonly policy: LifecyclePolicySummary;
  readonly region: string;
  private readonly source: LifecycleSource;

  constructor({ parent, policy, index, source }: PolicyNodeOptions) {
    super(parent);
    this.id = `${parent.id}/${index}:${policy.arn}`;
    this.policy = policy;
    this.region = parent.region;
    this.source = source;
  }

  protected paging(): PagingOptions<LifecycleExecution> {
    const { source, region, policy } = this;
    return {
      loadPage: (token, signal) => source.lifecycle.executions(region, policy.arn, token, signal),
      toNode: (execution, index) => new ListedExecutionNode({ policy: this, execution, index, source }),
      notify: source.notify,
      toError: (err) => source.lifecycle.toError(err, 'ListLifecycleExecutions', region),
      noun: vscode.l10n.t('executions'),
      emptyMessage: vscode.l10n.t('This policy has not run yet'),
    };
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.policy;
    const item = new vscode.TreeItem(p.name || p.arn, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [
      policyTypeLabel(p.resourceType),
      p.status,
      p.dateLastRun ? vscode.l10n.t('last run {0}', relativeTime(p.dateLastRun)) : vscode.l10n.t('never run'),
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      'law',
      p.status === 'DISABLED' ? new vscode.ThemeColor('disabledForeground') : undefined,
    );
    item.contextValue = 'lifecyclePolicy';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const p = this.policy;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${vscode.l10n.t('Lifecycle policy')}** `).appendText(p.name ?? '');
    tooltip.appendMarkdown('\n\n').appendText(p.arn);
    if (p.description) tooltip.appendMarkdown('\n\n').appendText(p.description);
    tooltip
      .appendMarkdown('\n\n')
      .appendText(vscode.l10n.t('Status: {0} · Resource type: {1}', p.status ?? '—', p.resourceType ?? '—'));
    tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('Last run: {0}', when(p.dateLastRun)));
    return tooltip;
  }
}
