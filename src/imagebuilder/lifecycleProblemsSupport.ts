/**
 * The small pieces of the lifecycle Problems: which documents and references count, severities, settings read at
 * use. Split from `lifecycleProblems.ts`.
 */
import * as vscode from 'vscode';
import type { TextRange } from '../dockerfile/referenceModel';
import type { EcrImageRef } from '../inspector/imageRef';
import type { ImageUsage } from '../inspector/imageUsage';
import type { ImageReference } from '../references/model';
import { notificationText } from '../util/escape';
import { FootprintError } from '../aws/errors';
import { DEFAULT_INDEX_OPTIONS, type FateProblem, type RegionIndex } from './lifecycleIndex';

/** A region's index, built once and shared by every file that names an image of that region. */
export type RegionEntry = {
  readonly startedAt: number;
  readonly controller: AbortController;
  readonly promise: Promise<RegionIndex>;
  failed?: FootprintError;
};

/** A reference to check: where it is and which image. */
export interface Located {
  readonly range: TextRange;
  readonly ref: EcrImageRef;
}

/** Code actions for any file that may hold a reference (the diagnostics say which: only ours get actions). */
export const REFERENCE_LANGUAGES: vscode.DocumentFilter[] = [{ scheme: 'file' }, { scheme: 'untitled' }];

export const SCHEMES: ReadonlySet<string> = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote']);

export const RANK = new Map<FateProblem['severity'], number>([
  ['error', 3],
  ['warning', 2],
  ['information', 1],
]);

export const SEVERITY = new Map<FateProblem['severity'], vscode.DiagnosticSeverity>([
  ['error', vscode.DiagnosticSeverity.Error],
  ['warning', vscode.DiagnosticSeverity.Warning],
  ['information', vscode.DiagnosticSeverity.Information],
]);

export function ecrOnly(references: readonly ImageReference[]): Located[] {
  const out: Located[] = [];
  for (const r of references) if (r.target.kind === 'ecr') out.push({ range: r.range, ref: r.target.ref });
  return out;
}

/** Says when where the image runs could not be read (never a silent "not running"). */
export function usageNote(usage: ImageUsage, problem: FateProblem): string {
  if (problem.tagMoved || usage.kind !== 'error' || usage.error.kind === 'cancelled') return '';
  return ` ${vscode.l10n.t('Where it runs is not known: {0}', notificationText(usage.error.message))}`;
}

/** A region's index failed: the error as the user reads it, saying what that means for the Problems entries. */
export function regionFailure(e: FootprintError, region: string): FootprintError {
  const message = vscode.l10n.t(
    'Lifecycle problems could not be checked in {0} (references to its images are not marked): {1}',
    region,
    e.message,
  );
  return new FootprintError(e.kind, message, e.hint, e.actions, e.context, e.detail);
}

export function maxAgeMinutes(): number {
  const v = vscode.workspace.getConfiguration('imageFootprint').get<unknown>('problems.lifecycleMaxAgeMinutes');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 1), 1440) : 30;
}

export function windowDays(): number {
  const v = vscode.workspace.getConfiguration('imageFootprint').get<unknown>('problems.lifecycleDays');
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(Math.max(v, 0), 365) : DEFAULT_INDEX_OPTIONS.windowDays;
}
