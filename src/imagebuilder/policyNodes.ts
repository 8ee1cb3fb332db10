/** The "Lifecycle policies" root and one row per policy (paged), whose children are its executions (paged). */
import * as vscode from 'vscode';
import type { LifecycleExecution, LifecyclePolicySummary } from '../aws/types';
import { relativeTime } from '../inspector/clusterModel';
import { PagedNode, type PagingOptions } from '../tree/pagedNode';
import { ListedExecutionNode } from './executionNodes';
import { POLICY_TYPE_LABELS, when } from './lifecycleLook';
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
      noun: 'policies',
      emptyMessage: `No lifecycle policies in ${region}`,
      emptyDetail: 'Switch the region or profile, or open an execution by id.',
    };
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Lifecycle policies', vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${this.region} · ${this.profileLabel}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.contextValue = 'lifecyclePolicies';
    item.tooltip = `EC2 Image Builder lifecycle policies in ${this.region} (${this.profileLabel})`;
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
      noun: 'executions',
      emptyMessage: 'This policy has not run yet',
    };
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.policy;
    const item = new vscode.TreeItem(p.name || p.arn, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [
      POLICY_TYPE_LABELS.get(p.resourceType ?? '') ?? p.resourceType,
      p.status,
      p.dateLastRun ? `last run ${relativeTime(p.dateLastRun)}` : 'never run',
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
    tooltip.appendMarkdown('**Lifecycle policy** ').appendText(p.name ?? '');
    tooltip.appendMarkdown('\n\n').appendText(p.arn);
    if (p.description) tooltip.appendMarkdown('\n\n').appendText(p.description);
    tooltip.appendMarkdown('\n\n').appendText(`Status: ${p.status ?? '—'} · Resource type: ${p.resourceType ?? '—'}`);
    tooltip.appendMarkdown('\n\n').appendText(`Last run: ${when(p.dateLastRun)}`);
    return tooltip;
  }
}
