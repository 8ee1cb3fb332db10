/**
 * A resource of a lifecycle execution. Container images that a policy deletes are checked against Inspector when the
 * row is first shown — for a container policy that is the Image Builder image at the top, whose ECR images are named
 * by its `imageUris` or its associated resources — and a row under it opens the clusters where they still run. The
 * policy's rules (GetLifecyclePolicy, once per policy) say whether a DELETE removed the ECR images too.
 */
import * as vscode from 'vscode';
import type { LifecycleResource } from '../aws/types';
import type { EcrImageRef } from '../inspector/imageRef';
import { ErrorNode, InfoNode } from '../tree/messageNodes';
import { TreeNode } from '../tree/node';
import type { ExecutionNode } from './executionNodes';
import { ACTION_ICONS, KIND_ICONS, kindLabel, themeIcon, when, type IconSpec } from './lifecycleLook';
import {
  combineUsage,
  ecrImagesOf,
  imageUsageLabel,
  mayNeedUsageCheck,
  describeResource,
  type ImageUsageResult,
  type PolicyFacts,
  type ResourceKind,
  type UsageFinding,
  usageVerdict,
  usageWords,
} from './lifecycleModel';
import type { LifecycleSource } from './lifecycleSource';
import { ReferencedGroupNode, referencedWords, type WorkspaceHit } from './referencedNodes';
import { AssociatedGroupNode, ImageUriNode, InUseNode, SnapshotsNode } from './resourceChildren';

type UsageState =
  | { readonly kind: 'notChecked' }
  | { readonly kind: 'checking' }
  /** Nothing to check: an AMI policy, no ECR image named, or the policy could not tell. */
  | { readonly kind: 'none'; readonly facts?: PolicyFacts }
  | { readonly kind: 'done'; readonly finding: UsageFinding; readonly facts: PolicyFacts };

/** The icons of the rules below (constants: each row finds its ThemeIcon by them, see lifecycleLook.themeIcon). */
const FAILED_ICON: IconSpec = ['error', 'errorForeground'];
const URGENT_ICON: IconSpec = ['warning', 'errorForeground'];
const IN_USE_ICON: IconSpec = ['warning', 'list.warningForeground'];
const SKIPPED_ICON: IconSpec = ['shield'];
const OTHER_ICON: IconSpec = ['file-binary'];

/**
 * The row's icon by the first rule that applies: failed, then an urgent in-use warning, then in use, then skipped
 * (protected by an exclusion rule: nothing happened to it); undefined when none does (the action's icon, else the
 * kind's, is used).
 */
function rowIcon(r: LifecycleResource, urgent: boolean, inUse: boolean): IconSpec | undefined {
  const status = r.state?.status;
  if (status === 'FAILED') return FAILED_ICON;
  if (urgent) return URGENT_ICON;
  if (inUse) return IN_USE_ICON;
  return status === 'SKIPPED' ? SKIPPED_ICON : undefined;
}

/**
 * The parts that are there (not empty), joined with " · ". `join` makes one flat string; a chain of `+` would make a
 * rope that the provider's check of every row's text (node.ts, shownAsText) has to flatten first, which costs more.
 */
function joinParts(...parts: (string | undefined)[]): string {
  const present: string[] = [];
  for (const part of parts) if (part) present.push(part);
  return present.join(' · ');
}

/** The state of every row not checked yet: one object, not one per row of a list of thousands. */
const NOT_CHECKED: UsageState = Object.freeze({ kind: 'notChecked' });

export interface ResourceNodeOptions {
  readonly parent: TreeNode;
  readonly execution: ExecutionNode;
  readonly resource: LifecycleResource;
  readonly index: number;
  /** A resource of the execution itself (it may have associated resources), not one of those associated. */
  readonly topLevel: boolean;
}

export class ResourceNode extends TreeNode {
  readonly id: string;
  readonly execution: ExecutionNode;
  readonly resource: LifecycleResource;
  readonly topLevel: boolean;
  /** Whether the row has an "Associated resources" row (made on first use: most rows are never expanded). */
  private readonly hasAssociatedGroup: boolean;
  private group: AssociatedGroupNode | undefined;
  /** What the resource is and its short label, worked out once (rows are built many times). */
  readonly kind: ResourceKind;
  readonly label: string;
  private usageState: UsageState = NOT_CHECKED;

  constructor({ parent, execution, resource, index, topLevel }: ResourceNodeOptions) {
    super(parent);
    this.id = `${parent.id}/r${index}`;
    this.execution = execution;
    this.resource = resource;
    this.topLevel = topLevel;
    ({ kind: this.kind, label: this.label } = describeResource(resource));
    this.hasAssociatedGroup = topLevel && !!resource.resourceId;
  }

  /** The "Associated resources" row of a top-level resource; it pages them when expanded or when the check needs them. */
  get associatedGroup(): AssociatedGroupNode | undefined {
    if (!this.hasAssociatedGroup) return undefined;
    this.group ??= new AssociatedGroupNode(this);
    return this.group;
  }

  private get source(): LifecycleSource {
    return this.execution.source;
  }

  /** A row under the group: an associated resource (never itself with associated resources). */
  associatedNode(group: AssociatedGroupNode, resource: LifecycleResource, index: number): ResourceNode {
    return new ResourceNode({ parent: group, execution: this.execution, resource, index, topLevel: false });
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
    const group = this.associatedGroup;
    if (group && group.pagesLoaded === 0) {
      // A refresh discards this row: cancel the page in flight rather than let it land on a row no longer shown.
      signal.addEventListener('abort', () => group.reset(), { once: true });
      // The user may have expanded the row meanwhile: then the first page is there (or coming) already.
      await this.source.limitCheckRead(() => group.loadFirstPage(), signal);
    }
    return ecrImagesOf(this.resource, group?.items ?? []);
  }

  private startUsageCheck(): void {
    if (this.usageState.kind !== 'notChecked' || !this.needsUsageCheck) return;
    // Rows shown after the policy's rules are known (all pages after the first) mostly need no request: answer at
    // once, so the row is built with its answer rather than "checking…" and redrawn.
    const known = this.execution.knownPolicyFacts;
    const answer = known && this.answerFromPolicy(known);
    if (answer) {
      this.usageState = answer;
      return;
    }
    this.usageState = { kind: 'checking' };
    const signal = this.execution.signal;
    void this.runUsageCheck(signal).then((state) => {
      if (signal.aborted) {
        this.usageState = NOT_CHECKED;
        return;
      }
      this.usageState = state;
      this.source.notify(this);
    });
  }

  private async runUsageCheck(signal: AbortSignal): Promise<UsageState> {
    try {
      const facts = await this.execution.policyFacts();
      const answer = this.answerFromPolicy(facts);
      if (answer) return answer;
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

  /** The answer the policy's rules alone give (no request), if they give one. */
  private answerFromPolicy(facts: PolicyFacts): UsageState | undefined {
    if (facts.resourceType === 'AMI_IMAGE' && this.kind === 'imageBuilderImage') return { kind: 'none', facts };
    // The policy keeps the ECR images: nothing of them goes away, so where they run is no warning (and no request).
    if (facts.deletesContainers === false && this.resource.action?.name === 'DELETE') {
      return { kind: 'done', finding: { kind: 'kept' }, facts };
    }
    return undefined;
  }

  /** Whether this row's DELETE removes the ECR image itself: an ECR row always does; an Image Builder image per policy. */
  private get deletesEcrImage(): boolean | undefined {
    if (this.kind === 'containerImage') return true;
    const u = this.usageState;
    return u.kind === 'done' || u.kind === 'none' ? u.facts?.deletesContainers : undefined;
  }

  private words(): ReturnType<typeof usageWords> | undefined {
    const u = this.usageState;
    if (u.kind === 'checking') return { text: vscode.l10n.t('checking where it runs…'), inUse: false, urgent: false };
    if (u.kind !== 'done') return undefined;
    return usageWords(this.resource, u.finding, this.deletesEcrImage);
  }

  /** Clusters where the image (any of its ECR images) still runs or ran in the last 24 h, when the check found any. */
  get inUseClusters(): number {
    const u = this.usageState;
    return u.kind === 'done' && u.finding.kind === 'checked' ? u.finding.combined.inUseClusters : 0;
  }

  /** The row is on screen: check where its images run (once; the answer redraws the row). */
  override rowShown(): void {
    this.startUsageCheck();
  }

  /** A DELETE of images the workspace still references: those references (after the in-use check named the images). */
  get referenceHits(): readonly WorkspaceHit[] {
    const u = this.usageState;
    if (this.resource.action?.name !== 'DELETE' || this.resource.state?.status === 'SKIPPED') return [];
    if (u.kind !== 'done' || u.finding.kind !== 'checked') return [];
    return this.source.workspaceReferences(u.finding.results.map((x) => x.ref));
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.resource;
    const hits = this.referenceHits;
    const expandable =
      r.snapshots.length > 0 || r.imageUris.length > 0 || this.hasAssociatedGroup || this.usageState.kind === 'done';
    const item = new vscode.TreeItem(
      this.label,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    const words = this.words();
    const inUse = words?.inUse === true;
    item.description = joinParts(
      inUse ? words.text : r.action?.name,
      r.state?.status,
      r.region,
      r.accountId,
      !inUse ? words?.text : undefined,
      hits.length > 0 ? referencedWords(hits) : undefined,
    );
    item.iconPath = themeIcon(
      rowIcon(r, words?.urgent === true, inUse) ??
        ACTION_ICONS.get(r.action?.name ?? '') ??
        KIND_ICONS.get(this.kind) ??
        OTHER_ICON,
    );
    item.contextValue = r.snapshots.length > 0 ? 'lifecycleResourceWithSnapshots' : 'lifecycleResource';
    return item;
  }

  override getTooltip(): vscode.MarkdownString {
    const r = this.resource;
    const words = this.words();
    const tooltip = new vscode.MarkdownString();
    const [action, state] = [r.action?.name ?? '—', r.state?.status ?? '—'];
    tooltip.appendMarkdown(`**${kindLabel(this.kind)}** `).appendText(r.resourceId ?? '');
    tooltip.appendMarkdown('\n\n').appendText(
      // "— reason": AWS's explanation of the action (or state), when it gave one.
      r.action?.reason
        ? vscode.l10n.t('Action: {0} — {1}', action, r.action.reason)
        : vscode.l10n.t('Action: {0}', action),
    );
    tooltip
      .appendMarkdown('\n\n')
      .appendText(
        r.state?.reason ? vscode.l10n.t('State: {0} — {1}', state, r.state.reason) : vscode.l10n.t('State: {0}', state),
      );
    tooltip
      .appendMarkdown('\n\n')
      .appendText(vscode.l10n.t('Account {0} · region {1}', r.accountId ?? '—', r.region ?? '—'));
    tooltip
      .appendMarkdown('\n\n')
      .appendText(vscode.l10n.t('Started: {0} · ended: {1}', when(r.startTime), when(r.endTime)));
    if (words?.urgent) {
      tooltip
        .appendMarkdown('\n\n**')
        .appendText(
          vscode.l10n.t(
            'Urgent: the policy deletes the ECR image too, and it is still running. Running tasks and pods keep their copy, but new tasks and pods (scaling, restarts, deployments) will fail to pull it.',
          ),
        )
        .appendMarkdown('**');
    }
    if (words?.text) tooltip.appendMarkdown('\n\n').appendText(vscode.l10n.t('In use: {0}', words.text));
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
      notes.push(
        vscode.l10n.t('Skipped: an exclusion rule of the policy protected it; it still exists, so this is no warning.'),
      );
    }
    if (r.action?.name === 'DELETE' && r.state?.status === 'SUCCESS') {
      notes.push(vscode.l10n.t('{0} also when the image was already gone (deleted outside Image Builder).', 'SUCCESS'));
    }
    if (this.kind === 'imageBuilderImage' && r.action?.name === 'DELETE' && facts) {
      if (facts.deletesContainers === false) {
        notes.push(
          vscode.l10n.t(
            'The policy does not include container images ({0} is false): this {1} removes the Image Builder image only; its ECR images are kept.',
            'includeResources.containers',
            'DELETE',
          ),
        );
      } else if (
        facts.deletesContainers === true &&
        this.resource.imageUris.length + (this.group?.items.length ?? 0) > 0
      ) {
        notes.push(
          vscode.l10n.t(
            'The policy includes container images: this {0} removes the distributed ECR images too.',
            'DELETE',
          ),
        );
      } else if (facts.error) {
        notes.push(vscode.l10n.t('Whether the ECR images are deleted too is unknown: {0}', facts.error.message));
      }
    }
    const results = u.kind === 'done' && u.finding.kind === 'checked' ? u.finding.results : [];
    if (results.length > 1) {
      for (const { ref, usage } of results) {
        const finding: UsageFinding = {
          kind: 'checked',
          results: [{ ref, usage }],
          combined: combineUsage([{ ref, usage }]),
        };
        const text = usageWords(r, finding, this.deletesEcrImage).text ?? vscode.l10n.t('not checked');
        notes.push(`${imageUsageLabel(ref)}: ${text}`);
      }
    }
    return notes;
  }

  override getChildren(): readonly TreeNode[] {
    const children: TreeNode[] = [];
    const hits = this.referenceHits;
    if (hits.length > 0) children.push(new ReferencedGroupNode(this, hits));
    const u = this.usageState;
    if (u.kind === 'done' && u.finding.kind === 'checked') {
      const { results } = u.finding;
      const several = results.length > 1;
      results.forEach(({ ref, usage }, i) => {
        const suffix = several ? `$usage${i}` : '$usage';
        const which = several ? imageUsageLabel(ref) : undefined;
        const verdict = usageVerdict(usage);
        if (usage.kind === 'covered' && (verdict === 'running' || verdict === 'recent')) {
          children.push(
            new InUseNode(this, {
              resourceId: usage.resourceId,
              summary: usage.summary,
              more: usage.more,
              idSuffix: suffix,
              image: which,
            }),
          );
        } else if (usage.kind === 'covered') {
          children.push(
            new InfoNode(this, {
              label: vscode.l10n.t('Not in use: no cluster ran this image in the last 24 hours'),
              idSuffix: suffix,
              icon: 'pass',
              description: which,
            }),
          );
        } else if (usage.kind === 'notCovered') {
          children.push(
            new InfoNode(this, {
              label: vscode.l10n.t('Not covered by Amazon Inspector: whether it still runs is unknown'),
              detail: vscode.l10n.t('Inspector has no scan of this image, so it cannot say which clusters use it.'),
              idSuffix: suffix,
              icon: 'question',
              description: which,
            }),
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
