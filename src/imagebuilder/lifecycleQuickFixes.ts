/**
 * The quick fixes of a lifecycle Problems entry (open the execution, show where the image runs, copy the digest), and
 * what each entry stands for. Split from `lifecycleProblems.ts`.
 */
import * as vscode from 'vscode';
import type { EcrImageRef } from '../inspector/imageRef';
import { formatImageUri } from '../inspector/imageRef';
import type { FateMatch, FateProblem } from './lifecycleIndex';
import { REFERENCE_LANGUAGES } from './lifecycleProblemsSupport';

export const DIAGNOSTIC_SOURCE = 'Image Footprint'; // l10n-ignore: product name, the Problems source

/** What a Problems entry stands for, for its quick fixes. */
export interface ProblemDetail {
  readonly range: vscode.Range;
  /** The reference's image, as written. */
  readonly ref: EcrImageRef;
  readonly message: string;
  readonly found: FateMatch;
  readonly checked: EcrImageRef;
  readonly problem: FateProblem;
}

/** The quick fixes of our diagnostics among `diagnostics`, from the entries of the document. */
export function quickFixes(
  details: readonly ProblemDetail[],
  diagnostics: readonly vscode.Diagnostic[],
): vscode.CodeAction[] {
  const actions: vscode.CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const detail = details.find((d) => d.range.isEqual(diagnostic.range) && d.message === diagnostic.message);
    if (!detail) continue;
    const { fate } = detail.found;
    const titles = quickFixTitles(fate, detail.problem.runningClusters);
    const open = new vscode.CodeAction(titles.open, vscode.CodeActionKind.QuickFix);
    open.diagnostics = [diagnostic];
    open.command = {
      title: open.title,
      command: 'imageFootprint.openLifecycleExecution',
      arguments: [{ lifecycleExecutionId: fate.executionId, region: fate.region }],
    };
    actions.push(open);
    const clusters = new vscode.CodeAction(titles.clusters, vscode.CodeActionKind.QuickFix);
    clusters.diagnostics = [diagnostic];
    clusters.command = {
      title: clusters.title,
      command: 'imageFootprint.lookupImage',
      arguments: [formatImageUri(detail.checked)],
    };
    actions.push(clusters);
    if (fate.image.digest && titles.copy) {
      const copy = new vscode.CodeAction(titles.copy, vscode.CodeActionKind.QuickFix);
      copy.diagnostics = [diagnostic];
      copy.command = {
        title: copy.title,
        command: 'imageFootprint.copyLifecycleDigest',
        arguments: [fate.image.digest],
      };
      actions.push(copy);
    }
  }
  return actions;
}

/** The titles of an entry's quick fixes: open its run, show where the image runs, copy the run's digest (if any). */
export function quickFixTitles(
  fate: FateMatch['fate'],
  runningClusters: number,
): { readonly open: string; readonly clusters: string; readonly copy?: string } {
  return {
    open: vscode.l10n.t('Open lifecycle execution {0} in the Lifecycle view', fate.executionId),
    clusters:
      runningClusters === 1
        ? vscode.l10n.t('Show the {0} cluster running it', runningClusters)
        : runningClusters > 0
          ? vscode.l10n.t('Show the {0} clusters running it', runningClusters)
          : vscode.l10n.t('Show where it runs (Image Clusters)'),
    copy: fate.image.digest && vscode.l10n.t('Copy digest {0}…', fate.image.digest.slice(0, 19)),
  };
}

/** The code actions of our diagnostics, "Check Workspace Images Against Lifecycle Policies" and "copy digest". */
export function registerLifecycleProblems(
  problems: vscode.CodeActionProvider & { checkWorkspace(): Promise<number | undefined> },
  providedCodeActionKinds: readonly vscode.CodeActionKind[],
): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeActionsProvider([...REFERENCE_LANGUAGES], problems, { providedCodeActionKinds }),
    vscode.commands.registerCommand('imageFootprint.checkWorkspaceLifecycle', () => problems.checkWorkspace()),
    vscode.commands.registerCommand('imageFootprint.copyLifecycleDigest', async (digest?: unknown) => {
      if (typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest)) {
        await vscode.env.clipboard.writeText(digest);
      }
    }),
  ];
}
