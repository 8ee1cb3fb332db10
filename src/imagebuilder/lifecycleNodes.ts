/**
 * The Lifecycle Executions tree: policies (paged) → executions (paged, newest first) → resources (paged) → snapshots,
 * image URIs and associated resources (paged, with parentResourceId). Container images that a policy deletes,
 * deprecates or disables are checked against Inspector: a warning row says where they still run.
 */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type {
  LifecycleExecution,
  LifecyclePolicySummary,
  LifecycleResource,
  LifecycleResourcesPage,
  Page,
  StatusWithReason,
} from '../aws/types';
import { dateAndAge, relativeTime, plural, type UsageSummary } from '../inspector/clusterModel';
import type { ImageUsage } from '../inspector/imageUsage';
import type { EcrImageRef } from '../inspector/imageRef';
import { ErrorNode, InfoNode } from '../tree/messageNodes';
import { TreeNode, type NotifyChange } from '../tree/node';
import { PagedChildren } from '../tree/pagedChildren';
import {
  containerImagesOf,
  isDestructiveAction,
  isExecutionActive,
  resourceKind,
  resourceLabel,
  type ResourceKind,
  shortExecutionId,
} from './lifecycleModel';

/** What the nodes need from the view: pages, errors, in-use answers, and where to show changes. */
export interface LifecycleSource {
  readonly notify: NotifyChange;
  loadPolicies(region: string, token: string | undefined, signal: AbortSignal): Promise<Page<LifecyclePolicySummary>>;
  loadExecutions(
    region: string,
    policyArn: string,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<Page<LifecycleExecution>>;
  loadResources(
    region: string,
    executionId: string,
    parentResourceId: string | undefined,
    token: string | undefined,
    signal: AbortSignal,
  ): Promise<LifecycleResourcesPage>;
  toError(err: unknown, operation: string, region: string): FootprintError;
  imageUsage(ref: EcrImageRef, signal: AbortSignal): Promise<ImageUsage>;
}

function when(date: Date | undefined): string {
  return dateAndAge(date);
}

const EXECUTION_ICONS: Record<string, [string, string?]> = {
  SUCCESS: ['pass', 'testing.iconPassed'],
  FAILED: ['error', 'errorForeground'],
  IN_PROGRESS: ['sync~spin'],
  PENDING: ['clock'],
  CANCELLING: ['circle-slash'],
  CANCELLED: ['circle-slash', 'disabledForeground'],
};

function statusIcon(state: StatusWithReason | undefined): vscode.ThemeIcon {
  const [icon, color] = EXECUTION_ICONS[state?.status ?? ''] ?? ['question'];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

export class PoliciesNode extends TreeNode {
  readonly id = 'policies';
  readonly policies: PagedChildren<LifecyclePolicySummary>;

  constructor(
    readonly region: string,
    readonly profileLabel: string,
    source: LifecycleSource,
  ) {
    super(undefined);
    this.policies = new PagedChildren<LifecyclePolicySummary>({
      owner: this,
      loadPage: (token, signal) => source.loadPolicies(region, token, signal),
      toNode: (policy, i) => new PolicyNode(this, policy, i, source),
      notify: source.notify,
      toError: (err) => source.toError(err, 'ListLifecyclePolicies', region),
      noun: 'policies',
      emptyMessage: `No lifecycle policies in ${region}`,
      emptyDetail: 'Switch the region or profile, or open an execution by id.',
    });
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Lifecycle policies', vscode.TreeItemCollapsibleState.Expanded);
    item.description = `${this.region} · ${this.profileLabel}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.contextValue = 'lifecyclePolicies';
    item.tooltip = `EC2 Image Builder lifecycle policies in ${this.region} (${this.profileLabel})`;
    return item;
  }

  override getChildren(): Promise<readonly TreeNode[]> {
    return this.policies.getChildren();
  }

  override reset(): void {
    this.policies.reset();
  }
}

export class PolicyNode extends TreeNode {
  readonly id: string;
  readonly executions: PagedChildren<LifecycleExecution>;

  constructor(
    parent: PoliciesNode,
    readonly policy: LifecyclePolicySummary,
    index: number,
    source: LifecycleSource,
  ) {
    super(parent);
    this.id = `${parent.id}/${index}:${policy.arn}`;
    this.executions = new PagedChildren<LifecycleExecution>({
      owner: this,
      loadPage: (token, signal) => source.loadExecutions(parent.region, policy.arn, token, signal),
      toNode: (execution, i) =>
        new ExecutionNode(this, execution.lifecycleExecutionId, parent.region, source, execution, i),
      notify: source.notify,
      toError: (err) => source.toError(err, 'ListLifecycleExecutions', parent.region),
      noun: 'executions',
      emptyMessage: 'This policy has not run yet',
    });
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.policy;
    const item = new vscode.TreeItem(p.name || p.arn, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [
      p.resourceType === 'CONTAINER_IMAGE'
        ? 'container images'
        : p.resourceType === 'AMI_IMAGE'
          ? 'AMIs'
          : p.resourceType,
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

  override getChildren(): Promise<readonly TreeNode[]> {
    return this.executions.getChildren();
  }

  override reset(): void {
    this.executions.reset();
  }
}

export class ExecutionNode extends TreeNode {
  readonly id: string;
  readonly resources: PagedChildren<LifecycleResource>;
  /** Cancels the in-use checks of this execution's resources when it is refreshed. */
  private controller = new AbortController();
  private latestState: StatusWithReason | undefined;

  constructor(
    parent: TreeNode | undefined,
    readonly executionId: string,
    readonly region: string,
    readonly source: LifecycleSource,
    public execution: LifecycleExecution | undefined,
    index = 0,
  ) {
    super(parent);
    this.id = parent ? `${parent.id}/${index}:${executionId}` : `execution/${region}/${executionId}`;
    this.latestState = execution?.state;
    this.resources = new PagedChildren<LifecycleResource>({
      owner: this,
      loadPage: async (token, signal) => {
        const page = await source.loadResources(region, executionId, undefined, token, signal);
        this.updateState(page.executionState);
        return page;
      },
      toNode: (resource, i) => new ResourceNode(this, this, resource, i, true),
      notify: source.notify,
      toError: (err) => source.toError(err, 'ListLifecycleExecutionResources', region),
      noun: 'resources',
      emptyMessage: 'This execution identified no resources',
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get state(): StatusWithReason | undefined {
    return this.latestState;
  }

  private updateState(state: StatusWithReason | undefined): void {
    if (!state?.status) return;
    if (state.status === this.latestState?.status && state.reason === this.latestState?.reason) return;
    this.latestState = state;
    // The resources list carries the newest state; show it on the row without reloading the children.
    queueMicrotask(() => this.source.notify(this));
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.execution;
    const state = this.latestState;
    const label = e?.startTime ? e.startTime.toLocaleString() : shortExecutionId(this.executionId);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.description = [
      state?.status ?? 'status unknown',
      this.parent ? undefined : shortExecutionId(this.executionId),
      e && !e.hasImpactedResources ? 'no resources impacted' : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = statusIcon(state);
    const active = isExecutionActive({ state });
    item.contextValue = this.parent
      ? active
        ? 'lifecycleExecutionActive'
        : 'lifecycleExecution'
      : active
        ? 'openedExecutionActive'
        : 'openedExecution';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const e = this.execution;
    const state = this.latestState;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Lifecycle execution** ').appendText(this.executionId);
    tooltip.appendMarkdown('\n\n').appendText(`Status: ${state?.status ?? 'unknown'}`);
    if (state?.reason) tooltip.appendMarkdown('\n\n').appendText(`Reason: ${state.reason}`);
    if (e?.lifecyclePolicyArn) tooltip.appendMarkdown('\n\n').appendText(`Policy: ${e.lifecyclePolicyArn}`);
    tooltip.appendMarkdown('\n\n').appendText(`Started: ${when(e?.startTime)}`);
    tooltip.appendMarkdown('\n\n').appendText(`Ended: ${when(e?.endTime)}`);
    tooltip.appendMarkdown('\n\n').appendText(`Region: ${this.region}`);
    return tooltip;
  }

  override getChildren(): Promise<readonly TreeNode[]> {
    return this.resources.getChildren();
  }

  override reset(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.resources.reset();
  }
}

type UsageState =
  | { readonly kind: 'notChecked' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'done'; readonly usage: ImageUsage; readonly ref: EcrImageRef };

export class ResourceNode extends TreeNode {
  readonly id: string;
  /** Made when the "Associated resources" row is first expanded (most resources never are). */
  private associated: PagedChildren<LifecycleResource> | undefined;
  readonly associatedGroup: AssociatedGroupNode | undefined;
  /** What the resource is and its short label, worked out once (rows are built many times). */
  readonly kind: ResourceKind;
  readonly label: string;
  private imagesOf: readonly EcrImageRef[] | undefined;
  private usageState: UsageState = { kind: 'notChecked' };

  constructor(
    parent: TreeNode,
    readonly execution: ExecutionNode,
    readonly resource: LifecycleResource,
    index: number,
    topLevel: boolean,
  ) {
    super(parent);
    this.id = `${parent.id}/r${index}`;
    this.kind = resourceKind(resource);
    this.label = resourceLabel(resource);
    this.associatedGroup = topLevel && resource.resourceId ? new AssociatedGroupNode(this) : undefined;
  }

  private get source(): LifecycleSource {
    return this.execution.source;
  }

  /** The associated resources if their row was ever expanded (never creates them). */
  get loadedAssociatedResources(): PagedChildren<LifecycleResource> | undefined {
    return this.associated;
  }

  /** The associated resources of a top-level resource, made on first use. */
  get associatedResources(): PagedChildren<LifecycleResource> | undefined {
    const group = this.associatedGroup;
    if (!group || this.associated) return this.associated;
    const { execution, resource } = this;
    const source = execution.source;
    this.associated = new PagedChildren<LifecycleResource>({
      owner: group,
      loadPage: (token, signal) =>
        source.loadResources(execution.region, execution.executionId, resource.resourceId, token, signal),
      toNode: (r, i) => new ResourceNode(group, execution, r, i, false),
      notify: source.notify,
      toError: (err) => source.toError(err, 'ListLifecycleExecutionResources', execution.region),
      noun: 'associated resources',
      emptyMessage: 'No associated resources',
    });
    return this.associated;
  }

  get usage(): UsageState {
    return this.usageState;
  }

  /** The ECR images the resource names (its id, its URIs), for the in-use check. */
  private get images(): readonly EcrImageRef[] {
    this.imagesOf ??= this.kind === 'containerImage' ? containerImagesOf(this.resource) : [];
    return this.imagesOf;
  }

  /** Only container images that a policy takes out of use are checked; AMIs and AVAILABLE never cause a request. */
  get needsUsageCheck(): boolean {
    return this.kind === 'containerImage' && isDestructiveAction(this.resource) && this.images.length > 0;
  }

  private startUsageCheck(): void {
    if (this.usageState.kind !== 'notChecked' || !this.needsUsageCheck) return;
    const ref = this.images[0] as EcrImageRef;
    this.usageState = { kind: 'checking' };
    const signal = this.execution.signal;
    void this.source.imageUsage(ref, signal).then((usage) => {
      if (signal.aborted) return;
      this.usageState = { kind: 'done', usage, ref };
      this.source.notify(this);
    });
  }

  /** Clusters where the image still runs (or ran in the last 24 h), when the check found any. */
  get inUseClusters(): number {
    const u = this.usageState;
    return u.kind === 'done' && u.usage.kind === 'covered' ? u.usage.summary.inUseClusters : 0;
  }

  private usageText(): string | undefined {
    const u = this.usageState;
    const action = this.resource.action?.name ?? '';
    if (u.kind === 'checking') return 'checking where it runs…';
    if (u.kind !== 'done') return undefined;
    if (u.usage.kind === 'notCovered') return 'not covered by Inspector';
    if (u.usage.kind === 'error') return u.usage.error.kind === 'cancelled' ? undefined : 'in-use check failed';
    const { inUseClusters, runningClusters } = u.usage.summary;
    const more = u.usage.more ? '+' : '';
    if (runningClusters > 0) return `${action} — still running in ${plural(runningClusters, 'cluster')}${more}`;
    if (inUseClusters > 0) return `${action} — used in the last 24 h in ${plural(inUseClusters, 'cluster')}${more}`;
    return 'not in use';
  }

  getTreeItem(): vscode.TreeItem {
    this.startUsageCheck();
    const r = this.resource;
    const kind = this.kind;
    const expandable =
      r.snapshots.length > 0 || r.imageUris.length > 0 || this.associatedGroup || this.usageState.kind === 'done';
    const item = new vscode.TreeItem(
      this.label,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    const usage = this.usageText();
    const inUse = this.inUseClusters > 0;
    item.description = [
      inUse ? usage : r.action?.name,
      r.state?.status,
      r.region,
      r.accountId,
      !inUse ? usage : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    const failed = r.state?.status === 'FAILED';
    const action = r.action?.name;
    item.iconPath = failed
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : inUse
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : action === 'DELETE'
          ? new vscode.ThemeIcon('trash', new vscode.ThemeColor('errorForeground'))
          : action === 'DEPRECATE'
            ? new vscode.ThemeIcon('archive', new vscode.ThemeColor('list.warningForeground'))
            : action === 'DISABLE'
              ? new vscode.ThemeIcon('circle-slash')
              : new vscode.ThemeIcon(kind === 'ami' ? 'vm' : kind === 'containerImage' ? 'package' : 'file-binary');
    item.contextValue = r.snapshots.length > 0 ? 'lifecycleResourceWithSnapshots' : 'lifecycleResource';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const r = this.resource;
    const kind = this.kind;
    const usage = this.usageText();
    const tooltip = new vscode.MarkdownString();
    const kindLabel =
      kind === 'ami'
        ? 'AMI'
        : kind === 'imageBuilderImage'
          ? 'Image Builder image'
          : kind === 'containerImage'
            ? 'Container image'
            : 'Resource';
    tooltip.appendMarkdown(`**${kindLabel}** `).appendText(r.resourceId ?? '');
    tooltip
      .appendMarkdown('\n\n')
      .appendText(`Action: ${r.action?.name ?? '—'}${r.action?.reason ? ` — ${r.action.reason}` : ''}`);
    tooltip
      .appendMarkdown('\n\n')
      .appendText(`State: ${r.state?.status ?? '—'}${r.state?.reason ? ` — ${r.state.reason}` : ''}`);
    tooltip.appendMarkdown('\n\n').appendText(`Account ${r.accountId ?? '—'} · region ${r.region ?? '—'}`);
    tooltip.appendMarkdown('\n\n').appendText(`Started: ${when(r.startTime)} · ended: ${when(r.endTime)}`);
    if (usage) tooltip.appendMarkdown('\n\n').appendText(`In use: ${usage}`);
    return tooltip;
  }

  override getChildren(): readonly TreeNode[] {
    const children: TreeNode[] = [];
    const u = this.usageState;
    if (u.kind === 'done') {
      if (u.usage.kind === 'covered' && u.usage.summary.inUseClusters > 0) {
        children.push(new InUseNode(this, u.usage.resourceId, u.usage.summary, u.usage.more));
      } else if (u.usage.kind === 'covered') {
        children.push(
          new InfoNode(this, 'Not in use: no cluster ran this image in the last 24 hours', undefined, '$usage', 'pass'),
        );
      } else if (u.usage.kind === 'notCovered') {
        children.push(
          new InfoNode(
            this,
            'Not covered by Amazon Inspector: whether it still runs is unknown',
            'Inspector has no scan of this image, so it cannot say which clusters use it.',
            '$usage',
            'question',
          ),
        );
      } else if (u.usage.error.kind !== 'cancelled') {
        children.push(new ErrorNode(this, u.usage.error, undefined, '$usage'));
      }
    }
    if (this.resource.snapshots.length > 0) children.push(new SnapshotsNode(this));
    this.resource.imageUris.forEach((uri, i) => children.push(new ImageUriNode(this, uri, i)));
    if (this.associatedGroup) children.push(this.associatedGroup);
    return children;
  }
}

export class InUseNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ResourceNode,
    readonly resourceId: string,
    private readonly summary: UsageSummary,
    private readonly more: boolean,
  ) {
    super(parent);
    this.id = `${parent.id}/$usage`;
  }
  getTreeItem(): vscode.TreeItem {
    const { runningClusters, inUseClusters, running } = this.summary;
    const more = this.more ? '+' : '';
    const item = new vscode.TreeItem(
      runningClusters > 0
        ? `Still running in ${plural(runningClusters, 'cluster')}${more} (${plural(running, 'task or pod', 'tasks or pods')}) — show them`
        : `Used in the last 24 h in ${plural(inUseClusters, 'cluster')}${more} — show them`,
      vscode.TreeItemCollapsibleState.None,
    );
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = 'Open this image in the Image Clusters view';
    item.command = { command: 'imageFootprint.lookupImage', title: 'Show Clusters', arguments: [this.resourceId] };
    item.contextValue = 'inUse';
    return item;
  }
}

export class AssociatedGroupNode extends TreeNode {
  readonly id: string;
  constructor(readonly resourceNode: ResourceNode) {
    super(resourceNode);
    this.id = `${resourceNode.id}/$associated`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Associated resources', vscode.TreeItemCollapsibleState.Collapsed);
    item.iconPath = new vscode.ThemeIcon('references');
    item.tooltip = 'Resources of this image that the lifecycle execution identified (AMIs, container images)';
    item.contextValue = 'associatedResources';
    return item;
  }
  override getChildren(): Promise<readonly TreeNode[]> {
    return this.resourceNode.associatedResources?.getChildren() ?? Promise.resolve([]);
  }
  override reset(): void {
    this.resourceNode.loadedAssociatedResources?.reset();
  }
}

export class SnapshotsNode extends TreeNode {
  readonly id: string;
  constructor(readonly resourceNode: ResourceNode) {
    super(resourceNode);
    this.id = `${resourceNode.id}/$snapshots`;
  }
  getTreeItem(): vscode.TreeItem {
    const snapshots = this.resourceNode.resource.snapshots;
    const item = new vscode.TreeItem(`Snapshots (${snapshots.length})`, vscode.TreeItemCollapsibleState.Collapsed);
    const failed = snapshots.filter((s) => s.state?.status === 'FAILED').length;
    item.description = failed > 0 ? `${failed} failed` : undefined;
    item.iconPath = new vscode.ThemeIcon('database');
    item.contextValue = 'snapshots';
    item.command = {
      command: 'imageFootprint.showSnapshotStates',
      title: 'Show Snapshot States',
      arguments: [this.resourceNode],
    };
    return item;
  }
  override getChildren(): readonly TreeNode[] {
    return this.resourceNode.resource.snapshots.map((s, i) => {
      const status = s.state?.status ?? 'unknown';
      return new InfoNode(
        this,
        s.snapshotId ?? '(no snapshot id)',
        `${status}${s.state?.reason ? ` — ${s.state.reason}` : ''}`,
        `s${i}`,
        status === 'FAILED'
          ? 'error'
          : status === 'SUCCESS'
            ? 'pass'
            : status === 'IN_PROGRESS'
              ? 'sync'
              : 'circle-outline',
        status,
      );
    });
  }
}

export class ImageUriNode extends TreeNode {
  readonly id: string;
  constructor(
    parent: ResourceNode,
    readonly uri: string,
    index: number,
  ) {
    super(parent);
    this.id = `${parent.id}/u${index}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.uri, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon('link');
    item.contextValue = 'imageUri';
    return item;
  }
}
