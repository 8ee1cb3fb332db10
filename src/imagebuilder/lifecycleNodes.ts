/**
 * The Lifecycle Executions tree: policies (paged) → executions (paged, newest first) → resources (paged) → snapshots,
 * image URIs and associated resources (paged, with parentResourceId). Container images that a policy deletes are
 * checked against Inspector on the row the user scans — for a container policy that is the Image Builder image at the
 * top, whose ECR images are named by its `imageUris` or its associated resources — and a row under it opens the
 * clusters where they still run. The policy's rules (GetLifecyclePolicy, once per policy) say whether a DELETE
 * removed the ECR images too.
 *
 * Every lookup keyed by a value from AWS (status, action, kind) is a `Map`: a hostile endpoint may send `constructor`.
 */
import * as vscode from 'vscode';
import type { FootprintError } from '../aws/errors';
import type {
  LifecycleExecution,
  LifecyclePolicy,
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
  combineUsage,
  ecrImagesOf,
  imageUsageLabel,
  isExecutionActive,
  mayNeedUsageCheck,
  policyFacts,
  resourceKind,
  resourceLabel,
  type ImageUsageResult,
  type PolicyFacts,
  type ResourceKind,
  shortExecutionId,
  type UsageFinding,
  usageVerdict,
  usageWords,
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
  /** GetLifecycleExecution: for an execution restored from saved state, whose policy is not known yet. */
  loadExecution(region: string, executionId: string, signal: AbortSignal): Promise<LifecycleExecution>;
  /** GetLifecyclePolicy, answered once per policy for the view's session. */
  lifecyclePolicy(region: string, policyArn: string, signal: AbortSignal): Promise<LifecyclePolicy>;
  /** Runs a read the in-use check needs (associated resources) with at most 3 at a time across the view. */
  limitCheckRead<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
  toError(err: unknown, operation: string, region: string): FootprintError;
  imageUsage(ref: EcrImageRef, signal: AbortSignal): Promise<ImageUsage>;
}

function when(date: Date | undefined): string {
  return dateAndAge(date);
}

type IconSpec = readonly [icon: string, color?: string];

/** Maps, not object literals: a status from the wire may be `constructor` or `__proto__`. */
const EXECUTION_ICONS = new Map<string, IconSpec>([
  ['SUCCESS', ['pass', 'testing.iconPassed']],
  ['FAILED', ['error', 'errorForeground']],
  ['IN_PROGRESS', ['sync~spin']],
  ['PENDING', ['clock']],
  ['CANCELLING', ['circle-slash']],
  ['CANCELLED', ['circle-slash', 'disabledForeground']],
]);

const ACTION_ICONS = new Map<string, IconSpec>([
  ['DELETE', ['trash', 'errorForeground']],
  ['DEPRECATE', ['archive', 'list.warningForeground']],
  ['DISABLE', ['circle-slash']],
]);

const KIND_ICONS = new Map<ResourceKind, string>([
  ['ami', 'vm'],
  ['containerImage', 'package'],
  ['imageBuilderImage', 'file-binary'],
  ['other', 'file-binary'],
]);

const KIND_LABELS = new Map<ResourceKind, string>([
  ['ami', 'AMI'],
  ['imageBuilderImage', 'Image Builder image'],
  ['containerImage', 'Container image'],
  ['other', 'Resource'],
]);

const POLICY_TYPE_LABELS = new Map<string, string>([
  ['CONTAINER_IMAGE', 'container images'],
  ['AMI_IMAGE', 'AMIs'],
]);

const SNAPSHOT_ICONS = new Map<string, string>([
  ['FAILED', 'error'],
  ['SUCCESS', 'pass'],
  ['IN_PROGRESS', 'sync'],
]);

function themeIcon([icon, color]: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

function statusIcon(state: StatusWithReason | undefined): vscode.ThemeIcon {
  return themeIcon(EXECUTION_ICONS.get(state?.status ?? '') ?? ['question']);
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
  /** What the execution's policy says (GetLifecyclePolicy), asked once when a resource row first needs it. */
  private facts: Promise<PolicyFacts> | undefined;

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

  /**
   * The policy's rules as far as the in-use check needs them. Under a policy row its summary says the resource type,
   * so an AMI policy costs no request; otherwise GetLifecyclePolicy (cached by the view), after GetLifecycleExecution
   * when the execution was restored from saved state without its policy. Never rejects: a failure is `error`.
   */
  policyFacts(): Promise<PolicyFacts> {
    this.facts ??= this.loadPolicyFacts(this.signal);
    return this.facts;
  }

  private async loadPolicyFacts(signal: AbortSignal): Promise<PolicyFacts> {
    const summary = this.parent instanceof PolicyNode ? this.parent.policy : undefined;
    if (summary?.resourceType === 'AMI_IMAGE') return { resourceType: 'AMI_IMAGE' };
    let operation = 'GetLifecycleExecution';
    try {
      let arn = summary?.arn ?? this.execution?.lifecyclePolicyArn;
      if (!arn) {
        this.execution = await this.source.loadExecution(this.region, this.executionId, signal);
        arn = this.execution.lifecyclePolicyArn;
      }
      if (!arn) return {};
      operation = 'GetLifecyclePolicy';
      return policyFacts(await this.source.lifecyclePolicy(this.region, arn, signal));
    } catch (err) {
      return { resourceType: summary?.resourceType, error: this.source.toError(err, operation, this.region) };
    }
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
    this.facts = undefined;
    this.resources.reset();
  }
}

type UsageState =
  | { readonly kind: 'notChecked' }
  | { readonly kind: 'checking' }
  /** Nothing to check: an AMI policy, no ECR image named, or the policy could not tell. */
  | { readonly kind: 'none'; readonly facts?: PolicyFacts }
  | { readonly kind: 'done'; readonly finding: UsageFinding; readonly facts: PolicyFacts };

export class ResourceNode extends TreeNode {
  readonly id: string;
  /** Made when the "Associated resources" row is first expanded, or when the in-use check needs its first page. */
  private associated: PagedChildren<LifecycleResource> | undefined;
  readonly associatedGroup: AssociatedGroupNode | undefined;
  /** What the resource is and its short label, worked out once (rows are built many times). */
  readonly kind: ResourceKind;
  readonly label: string;
  private usageState: UsageState = { kind: 'notChecked' };

  constructor(
    parent: TreeNode,
    readonly execution: ExecutionNode,
    readonly resource: LifecycleResource,
    index: number,
    readonly topLevel: boolean,
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

  /** Whether the row may run an in-use check: AMIs, AVAILABLE and SKIPPED resources never do. */
  get needsUsageCheck(): boolean {
    return mayNeedUsageCheck(this.resource, this.kind);
  }

  /** The ECR images this resource's DELETE concerns; for the associated ECR rows, the row's own images. */
  private async imagesToCheck(facts: PolicyFacts, signal: AbortSignal): Promise<readonly EcrImageRef[]> {
    if (this.kind !== 'imageBuilderImage') return ecrImagesOf(this.resource, []);
    // An Image Builder image is a container image when it names ECR images or its policy is a container policy.
    const container = this.resource.imageUris.length > 0 || facts.resourceType === 'CONTAINER_IMAGE';
    if (!container || facts.resourceType === 'AMI_IMAGE') return [];
    // Its associated resources name each ECR distribution, often by digest: read their first page (kept for the
    // "Associated resources" row, so expanding it later costs nothing).
    const paged = this.associatedResources;
    if (paged && paged.pager.pagesLoaded === 0) {
      // A refresh discards this row: cancel the page in flight rather than let it land on a row no longer shown.
      signal.addEventListener('abort', () => paged.reset(), { once: true });
      // The user may have expanded the row meanwhile: then the first page is there (or coming) already.
      await this.source.limitCheckRead(
        () => (paged.pager.pagesLoaded === 0 ? paged.pager.loadNext() : Promise.resolve()),
        signal,
      );
    }
    return ecrImagesOf(this.resource, paged?.items ?? []);
  }

  private startUsageCheck(): void {
    if (this.usageState.kind !== 'notChecked' || !this.needsUsageCheck) return;
    this.usageState = { kind: 'checking' };
    const signal = this.execution.signal;
    void this.runUsageCheck(signal).then((state) => {
      if (signal.aborted) {
        this.usageState = { kind: 'notChecked' };
        return;
      }
      this.usageState = state;
      this.source.notify(this);
    });
  }

  private async runUsageCheck(signal: AbortSignal): Promise<UsageState> {
    try {
      const facts = await this.execution.policyFacts();
      if (facts.resourceType === 'AMI_IMAGE' && this.kind === 'imageBuilderImage') return { kind: 'none', facts };
      // The policy keeps the ECR images: nothing of them goes away, so where they run is no warning (and no request).
      if (facts.deletesContainers === false && this.resource.action?.name === 'DELETE') {
        return { kind: 'done', finding: { kind: 'kept' }, facts };
      }
      const refs = await this.imagesToCheck(facts, signal);
      if (signal.aborted || refs.length === 0) return { kind: 'none', facts };
      // The usage service runs at most 3 requests at once and caches answers with the hover's cache.
      const results: ImageUsageResult[] = await Promise.all(
        refs.map(async (ref) => ({ ref, usage: await this.source.imageUsage(ref, signal) })),
      );
      return { kind: 'done', finding: { kind: 'checked', results, combined: combineUsage(results) }, facts };
    } catch {
      // Only a programming error lands here (every source call reports failures as values); show no warning.
      return { kind: 'none' };
    }
  }

  /** Whether this row's DELETE removes the ECR image itself: an ECR row always does; an Image Builder image per policy. */
  private get deletesEcrImage(): boolean | undefined {
    if (this.kind === 'containerImage') return true;
    const u = this.usageState;
    return u.kind === 'done' || u.kind === 'none' ? u.facts?.deletesContainers : undefined;
  }

  private words(): ReturnType<typeof usageWords> | undefined {
    const u = this.usageState;
    if (u.kind === 'checking') return { text: 'checking where it runs…', inUse: false, urgent: false };
    if (u.kind !== 'done') return undefined;
    return usageWords(this.resource, u.finding, this.deletesEcrImage);
  }

  /** Clusters where the image (any of its ECR images) still runs or ran in the last 24 h, when the check found any. */
  get inUseClusters(): number {
    const u = this.usageState;
    return u.kind === 'done' && u.finding.kind === 'checked' ? u.finding.combined.inUseClusters : 0;
  }

  getTreeItem(): vscode.TreeItem {
    this.startUsageCheck();
    const r = this.resource;
    const expandable =
      r.snapshots.length > 0 || r.imageUris.length > 0 || this.associatedGroup || this.usageState.kind === 'done';
    const item = new vscode.TreeItem(
      this.label,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    const words = this.words();
    const inUse = words?.inUse === true;
    item.description = [
      inUse ? words.text : r.action?.name,
      r.state?.status,
      r.region,
      r.accountId,
      !inUse ? words?.text : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    const failed = r.state?.status === 'FAILED';
    item.iconPath = failed
      ? themeIcon(['error', 'errorForeground'])
      : words?.urgent
        ? themeIcon(['warning', 'errorForeground'])
        : inUse
          ? themeIcon(['warning', 'list.warningForeground'])
          : r.state?.status === 'SKIPPED'
            ? themeIcon(['shield']) // protected by an exclusion rule: nothing happened to it
            : themeIcon(ACTION_ICONS.get(r.action?.name ?? '') ?? [KIND_ICONS.get(this.kind) ?? 'file-binary']);
    item.contextValue = r.snapshots.length > 0 ? 'lifecycleResourceWithSnapshots' : 'lifecycleResource';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const r = this.resource;
    const words = this.words();
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${KIND_LABELS.get(this.kind) ?? 'Resource'}** `).appendText(r.resourceId ?? '');
    tooltip
      .appendMarkdown('\n\n')
      .appendText(`Action: ${r.action?.name ?? '—'}${r.action?.reason ? ` — ${r.action.reason}` : ''}`);
    tooltip
      .appendMarkdown('\n\n')
      .appendText(`State: ${r.state?.status ?? '—'}${r.state?.reason ? ` — ${r.state.reason}` : ''}`);
    tooltip.appendMarkdown('\n\n').appendText(`Account ${r.accountId ?? '—'} · region ${r.region ?? '—'}`);
    tooltip.appendMarkdown('\n\n').appendText(`Started: ${when(r.startTime)} · ended: ${when(r.endTime)}`);
    if (words?.urgent) {
      tooltip
        .appendMarkdown('\n\n**')
        .appendText(
          'Urgent: the policy deletes the ECR image too, and it is still running. Running tasks and pods keep ' +
            'their copy, but new tasks and pods (scaling, restarts, deployments) will fail to pull it.',
        )
        .appendMarkdown('**');
    }
    if (words?.text) tooltip.appendMarkdown('\n\n').appendText(`In use: ${words.text}`);
    for (const line of this.policyNotes()) tooltip.appendMarkdown('\n\n').appendText(line);
    return tooltip;
  }

  /** What the policy and the state mean for the ECR images, in words (tooltip only). */
  private policyNotes(): string[] {
    const notes: string[] = [];
    const r = this.resource;
    const u = this.usageState;
    const facts = u.kind === 'done' || u.kind === 'none' ? u.facts : undefined;
    if (r.state?.status === 'SKIPPED') {
      notes.push('Skipped: an exclusion rule of the policy protected it; it still exists, so this is no warning.');
    }
    if (r.action?.name === 'DELETE' && r.state?.status === 'SUCCESS') {
      notes.push('SUCCESS also when the image was already gone (deleted outside Image Builder).');
    }
    if (this.kind === 'imageBuilderImage' && r.action?.name === 'DELETE' && facts) {
      if (facts.deletesContainers === false) {
        notes.push(
          'The policy does not include container images (includeResources.containers is false): this DELETE ' +
            'removes the Image Builder image only; its ECR images are kept.',
        );
      } else if (
        facts.deletesContainers === true &&
        this.resource.imageUris.length + (this.associated?.items.length ?? 0) > 0
      ) {
        notes.push('The policy includes container images: this DELETE removes the distributed ECR images too.');
      } else if (facts.error) {
        notes.push(`Whether the ECR images are deleted too is unknown: ${facts.error.message}`);
      }
    }
    const results = u.kind === 'done' && u.finding.kind === 'checked' ? u.finding.results : [];
    if (results.length > 1) {
      for (const { ref, usage } of results) {
        notes.push(
          `${imageUsageLabel(ref)}: ${usageWords(r, { kind: 'checked', results: [{ ref, usage }], combined: combineUsage([{ ref, usage }]) }, this.deletesEcrImage).text ?? 'not checked'}`,
        );
      }
    }
    return notes;
  }

  override getChildren(): readonly TreeNode[] {
    const children: TreeNode[] = [];
    const u = this.usageState;
    if (u.kind === 'done' && u.finding.kind === 'checked') {
      const { results } = u.finding;
      const several = results.length > 1;
      results.forEach(({ ref, usage }, i) => {
        const suffix = several ? `$usage${i}` : '$usage';
        const which = several ? imageUsageLabel(ref) : undefined;
        const verdict = usageVerdict(usage);
        if (usage.kind === 'covered' && (verdict === 'running' || verdict === 'recent')) {
          children.push(new InUseNode(this, usage.resourceId, usage.summary, usage.more, suffix, which));
        } else if (usage.kind === 'covered') {
          children.push(
            new InfoNode(
              this,
              'Not in use: no cluster ran this image in the last 24 hours',
              undefined,
              suffix,
              'pass',
              which,
            ),
          );
        } else if (usage.kind === 'notCovered') {
          children.push(
            new InfoNode(
              this,
              'Not covered by Amazon Inspector: whether it still runs is unknown',
              'Inspector has no scan of this image, so it cannot say which clusters use it.',
              suffix,
              'question',
              which,
            ),
          );
        } else if (usage.error.kind !== 'cancelled') {
          children.push(new ErrorNode(this, usage.error, undefined, suffix));
        }
      });
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
    idSuffix = '$usage',
    /** Which ECR image, when the resource has several. */
    private readonly image?: string,
  ) {
    super(parent);
    this.id = `${parent.id}/${idSuffix}`;
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
    item.description = this.image;
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
        SNAPSHOT_ICONS.get(status) ?? 'circle-outline',
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
