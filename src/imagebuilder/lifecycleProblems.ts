/**
 * Lifecycle problems: a Problems entry on every ECR image reference (Dockerfiles, manifests, templates, workflows)
 * whose image a container lifecycle policy deleted, is deleting, failed to delete or kept, with where it still runs.
 *
 * Consent: `imageFootprint.problems.lifecycle` (no default). Unset, the first file with an ECR reference asks once
 * and the answer is kept in workspace state; false means no request ever. A restricted setting: in Restricted Mode
 * only the user's own value counts, so a workspace cannot turn the requests on by itself.
 *
 * The index (lifecycleIndex.ts) is built per region when first needed, kept until its age passes
 * `imageFootprint.problems.lifecycleMaxAgeMinutes`, and dropped by Refresh and a profile/region/endpoint change.
 * Whether an image still runs comes from the one ImageUsageService (the hover's cache).
 */
import * as vscode from 'vscode';
import type { AwsSession } from '../aws/session';
import { DOCKERFILE_SELECTOR, type DockerfileReferenceCache } from '../dockerfile/hover';
import { hoverSubject } from '../dockerfile/usageMarkdown';
import type { EcrImageRef } from '../inspector/imageRef';
import { usageKey, type ImageUsageService } from '../inspector/imageUsage';
import { DocumentReferenceCache } from '../references/documentReferences';
import type { WorkspaceReferenceIndex } from '../references/workspaceIndex';
import type { ErrorActions } from '../ui/errorActions';
import { Disposable } from '../util/disposable';
import {
  buildRegionIndex,
  DEFAULT_INDEX_OPTIONS,
  fateOf,
  fateProblem,
  imageToCheck,
  type FateProblem,
  type RegionIndex,
} from './lifecycleIndex';
import type { ImageBuilderLifecycle } from './lifecycle';
import { indexError, indexSource } from './lifecycleIndexSource';
import {
  ecrOnly,
  maxAgeMinutes,
  RANK,
  regionFailure,
  SCHEMES,
  SEVERITY,
  usageNote,
  windowDays,
  type Located,
  type RegionEntry,
} from './lifecycleProblemsSupport';
import {
  CONSENT_QUESTION,
  LIFECYCLE_ANSWER_KEY,
  LIFECYCLE_PROBLEMS_SETTING,
  showSettingIsOff,
  LifecycleConsent,
} from './lifecycleConsent';
import { DIAGNOSTIC_SOURCE, quickFixes, registerLifecycleProblems, type ProblemDetail } from './lifecycleQuickFixes';

export { DIAGNOSTIC_SOURCE };
export { CONSENT_QUESTION, LIFECYCLE_ANSWER_KEY, LIFECYCLE_PROBLEMS_SETTING };

export class LifecycleProblems extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  readonly diagnostics: vscode.DiagnosticCollection;
  private readonly regions = new Map<string, RegionEntry>();
  private readonly details = new Map<string, ProblemDetail[]>();
  /** The question was dismissed in this session: not asked again until the window reloads. */
  private readonly consents: LifecycleConsent;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires after the entries of a file changed (tests wait on it). */
  readonly onDidUpdate = this.changed.event;

  constructor(
    session: AwsSession,
    private readonly usage: ImageUsageService,
    private readonly references: DocumentReferenceCache,
    private readonly dockerfiles: DockerfileReferenceCache,
    private readonly workspaceIndex: WorkspaceReferenceIndex,
    /** Image Builder as the Lifecycle view reads it (one GetLifecyclePolicy cache for the view and the index). */
    private readonly lifecycle: ImageBuilderLifecycle,
    private readonly state: vscode.Memento,
    private readonly errors: ErrorActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.consents = new LifecycleConsent(state);
    this.diagnostics = this._register(vscode.languages.createDiagnosticCollection('imageFootprint.lifecycle'));
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 600)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`imageFootprint.${LIFECYCLE_PROBLEMS_SETTING}`)) this.settingChanged();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingChanged()));
    this._register(session.onDidChangeConnection(() => this.refresh()));
    this._register({
      dispose: () => {
        for (const t of this.timers.values()) clearTimeout(t);
        for (const r of this.regions.values()) r.controller.abort();
      },
    });
    for (const d of vscode.workspace.textDocuments) this.schedule(d);
  }

  // ---------------------------------------------------------------- consent

  /** The setting as it counts (in Restricted Mode the user's own value only), else the remembered answer. */
  enabled(): boolean | undefined {
    return this.consents.enabled();
  }

  private consent(): Promise<boolean | undefined> {
    return this.consents.ask();
  }

  private settingChanged(): void {
    // Off or no longer consented to: nothing from it stays shown.
    if (this.enabled() !== true) {
      for (const r of this.regions.values()) r.controller.abort();
      this.regions.clear();
      this.diagnostics.clear();
      this.details.clear();
      this.changed.fire();
      return;
    }
    this.recheckOpen();
  }

  // ---------------------------------------------------------------- refresh

  /** Drops the index (Refresh, a connection change) and checks the open files again. */
  refresh(): void {
    for (const r of this.regions.values()) r.controller.abort();
    this.regions.clear();
    this.recheckOpen();
  }

  private recheckOpen(): void {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    // Files checked by "Check Workspace" that are not open are checked again from the workspace index.
    const others = [...this.details.keys()].filter((k) => !open.has(k));
    if (others.length > 0 && this.enabled() === true) void this.checkIndexed(new Set(others));
  }

  // ---------------------------------------------------------------- documents

  private schedule(document: vscode.TextDocument, delayMs = 150): void {
    // Files of the workspace only (not diff views, output, settings): those are where a reference is edited.
    if (!SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    const known = this.timers.get(key);
    if (known) clearTimeout(known);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.checkDocument(document).catch((err: unknown) => this.log.error(`Lifecycle check: ${String(err)}`));
      }, delayMs),
    );
  }

  /** The ECR references of a document (Dockerfile or any file kind of src/references). */
  private async referencesOf(document: vscode.TextDocument): Promise<Located[]> {
    if (vscode.languages.match(DOCKERFILE_SELECTOR, document) > 0) {
      const out: Located[] = [];
      for (const r of this.dockerfiles.get(document)) {
        const subject = hoverSubject(r);
        if (subject.kind === 'ecr') out.push({ range: r.range, ref: subject.ref });
      }
      return out;
    }
    if (DocumentReferenceCache.formatOf(document) === undefined) return [];
    return ecrOnly(await this.references.get(document));
  }

  async checkDocument(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    // Off, or the question dismissed: not even the parsers are loaded for it.
    const enabled = this.enabled();
    if (enabled === false || (enabled === undefined && this.consents.dismissed)) return;
    const located = await this.referencesOf(document);
    if (located.length === 0) {
      this.setEntries(document.uri, []);
      return;
    }
    const consent = await this.consent();
    if (consent !== true) return;
    const details = await this.detailsFor(located);
    if (details) this.setEntries(document.uri, details);
  }

  /** "Check Workspace Images Against Lifecycle Policies": every file of the Workspace Images index. */
  async checkWorkspace(): Promise<number | undefined> {
    // Asked here again even if a file's question is still open or was dismissed: the user ran the command.
    const current = this.enabled();
    let consent = current ?? (await this.consents.askNow());
    if (current === false) {
      const picked = await vscode.window.showInformationMessage(
        vscode.l10n.t('Lifecycle checks are off for this workspace (imageFootprint.problems.lifecycle).'),
        vscode.l10n.t('Turn On for This Workspace'),
      );
      if (!picked) return undefined;
      await this.state.update(LIFECYCLE_ANSWER_KEY, true);
      consent = this.enabled();
      if (consent !== true) {
        showSettingIsOff();
        return undefined;
      }
    }
    if (consent !== true) return undefined;
    if (this.workspaceIndex.state.status !== 'done') await this.workspaceIndex.scan();
    return this.checkIndexed();
  }

  /** Checks the files of the workspace index (all of them, or those in `only`); returns the number of entries. */
  private async checkIndexed(only?: ReadonlySet<string>): Promise<number> {
    const files = this.workspaceIndex.entries().filter((e) => !only || only.has(e.uri.toString()));
    let count = 0;
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Image Footprint: checking workspace images against lifecycle policies'),
        cancellable: true,
      },
      async (progress, token) => {
        let done = 0;
        for (const file of files) {
          if (token.isCancellationRequested) break;
          const located = ecrOnly(file.references);
          const entries = located.length > 0 ? await this.detailsFor(located) : [];
          if (entries) this.setEntries(file.uri, entries);
          count += entries?.length ?? 0;
          const message = vscode.l10n.t('{0} of {1} files', ++done, files.length);
          progress.report({ message, increment: 100 / files.length });
        }
      },
    );
    return count;
  }

  private setEntries(uri: vscode.Uri, details: ProblemDetail[]): void {
    const key = uri.toString();
    if (details.length === 0) {
      this.details.delete(key);
      this.diagnostics.delete(uri);
    } else {
      this.details.set(key, details);
      this.diagnostics.set(
        uri,
        details.map((d) => {
          const diagnostic = new vscode.Diagnostic(d.range, d.message, SEVERITY.get(d.problem.severity));
          diagnostic.source = DIAGNOSTIC_SOURCE;
          diagnostic.code = 'lifecycle';
          return diagnostic;
        }),
      );
    }
    this.changed.fire();
  }

  /**
   * The entries for a file's references; undefined when the index of one of their regions could not be read: the
   * file then keeps the entries it had (the failure was reported), it never reads as "nothing deleted".
   */
  private async detailsFor(located: readonly Located[]): Promise<ProblemDetail[] | undefined> {
    const regions = [...new Set(located.map((l) => l.ref.region))];
    const indexes = new Map<string, RegionIndex>();
    let failed = false;
    await Promise.all(
      regions.map(async (region) => {
        const index = await this.index(region);
        if (index) indexes.set(region, index);
        else failed = true;
      }),
    );
    if (failed) return undefined;
    const out: ProblemDetail[] = [];
    await Promise.all(
      located.map(async ({ range, ref }) => {
        const index = indexes.get(ref.region);
        const found = index ? fateOf(index.fates, ref) : undefined;
        if (!found || found.fate.state === 'SKIPPED') return;
        const checked = imageToCheck(found, ref);
        const [usage, current] = await Promise.all([
          this.usage.usage(checked),
          found.match === 'tag' && found.fate.image.digest ? this.usage.usage(ref) : Promise.resolve(undefined),
        ]);
        const problem = fateProblem(found, ref, usage, current);
        if (!problem) return;
        out.push({
          range: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
          message: problem.message + usageNote(usage, problem),
          ref,
          found,
          checked,
          problem,
        });
      }),
    );
    return out.sort((a, b) => a.range.start.compareTo(b.range.start));
  }

  /**
   * The fate already shown in the Problems panel for references to this image (the Workspace Images view shows the
   * same): the worst entry, or undefined. No request.
   */
  fateFor(ref: EcrImageRef): { readonly severity: FateProblem['severity']; readonly message: string } | undefined {
    const key = usageKey(ref);
    let worst: ProblemDetail | undefined;
    for (const list of this.details.values()) {
      for (const d of list) {
        if (usageKey(d.ref) !== key) continue;
        if (!worst || RANK.get(d.problem.severity)! > RANK.get(worst.problem.severity)!) worst = d;
      }
    }
    return worst && { severity: worst.problem.severity, message: worst.message };
  }

  // ---------------------------------------------------------------- the index

  /** The regions whose index was built or is being built (for tests and the log). */
  get indexedRegions(): readonly string[] {
    return [...this.regions.keys()];
  }

  /** The index of a region: cached, rebuilt when older than the setting; undefined after a failure (reported once). */
  async index(region: string): Promise<RegionIndex | undefined> {
    const maxAgeMs = maxAgeMinutes() * 60_000;
    let entry = this.regions.get(region);
    // A failure is kept as long as an answer would be (one message; Retry and Refresh read again at once).
    const expired = entry && Date.now() - entry.startedAt > maxAgeMs;
    if (!entry || expired) {
      entry?.controller.abort();
      entry = this.build(region);
      this.regions.set(region, entry);
    }
    try {
      return await entry.promise;
    } catch {
      return undefined;
    }
  }

  private build(region: string): RegionEntry {
    const controller = new AbortController();
    const startedAt = Date.now();
    const title = vscode.l10n.t('Image Footprint: reading lifecycle runs in {0}', region);
    const promise: Promise<RegionIndex> = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () =>
        buildRegionIndex(
          indexSource(this.lifecycle),
          region,
          { ...DEFAULT_INDEX_OPTIONS, windowDays: windowDays(), now: startedAt },
          controller.signal,
        ),
      ),
    );
    const entry: RegionEntry = { startedAt, controller, promise };
    promise.then(
      (index) =>
        this.log.info(
          `Lifecycle index of ${region}: ${index.policies} container policies, ${index.executions} runs, ` +
            `${index.fates.length} image actions, ${index.requests} requests${index.partial ? ' (partial: lists cut at their bounds)' : ''}.`,
        ),
      (err: unknown) => {
        if (controller.signal.aborted) {
          if (this.regions.get(region) === entry) this.regions.delete(region);
          return;
        }
        const e = indexError(this.lifecycle, err, region);
        entry.failed = e;
        void this.errors.show(regionFailure(e, region), () => this.refresh());
      },
    );
    return entry;
  }

  // ---------------------------------------------------------------- quick fixes

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return quickFixes(this.details.get(document.uri.toString()) ?? [], context.diagnostics);
  }

  register(): vscode.Disposable[] {
    return registerLifecycleProblems(this, LifecycleProblems.providedCodeActionKinds);
  }
}
