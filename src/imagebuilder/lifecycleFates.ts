/**
 * The fate of one image reference in a region's lifecycle index (`lifecycleIndex.ts`): which run acted on it (by
 * digest, else by tag), whether that removed it, and the words of its Problems entry. Pure (no `vscode`).
 */
import type { EcrImageRef } from '../inspector/imageRef';
import { shortImageLabel } from '../inspector/imageRef';
import { digestOfResourceId } from '../inspector/images';
import type { ImageUsage } from '../inspector/imageUsage';
import type { ImageReference } from '../references/model';
import type { ImageFate } from './lifecycleIndex';
import { isDestructiveAction } from './lifecycleModel';

export type MatchKind = 'digest' | 'tag';

export interface FateMatch {
  readonly fate: ImageFate;
  readonly match: MatchKind;
}

const sameRepository = (a: EcrImageRef, b: EcrImageRef): boolean =>
  a.partition === b.partition && a.accountId === b.accountId && a.region === b.region && a.repository === b.repository;

/**
 * The fate that counts for a reference: matched by digest when the reference has one, by tag otherwise (a digest
 * reference never matches by tag: the tag of a pinned reference is for people). A removal is final, so the newest
 * run that removed the image wins; otherwise the newest run that acted on it.
 */
export function fateOf(fates: readonly ImageFate[], ref: EcrImageRef): FateMatch | undefined {
  const candidates: FateMatch[] = [];
  for (const fate of fates) {
    const match = imageMatch(fate.image, ref);
    if (match) candidates.push({ fate, match });
  }
  const time = (m: FateMatch): number => m.fate.date?.getTime() ?? m.fate.executionStart?.getTime() ?? 0;
  candidates.sort((a, b) => time(b) - time(a));
  return candidates.find((m) => isRemoval(m.fate)) ?? candidates[0];
}

/** Whether a reference names an image a run acted on: by digest when the reference has one, else by tag. */
export function imageMatch(image: EcrImageRef, ref: EcrImageRef): MatchKind | undefined {
  if (!sameRepository(image, ref)) return undefined;
  if (ref.digest) return image.digest === ref.digest ? 'digest' : undefined;
  return ref.tag && image.tag === ref.tag && !image.impliedLatest ? 'tag' : undefined;
}

/** A workspace reference to one of a run's images (the Lifecycle view's "referenced in N files"). */
export interface ReferenceHit<U> {
  readonly uri: U;
  readonly reference: ImageReference;
  readonly match: MatchKind;
}

/** The references (of the Workspace Images index) to any of `images`, in file order. */
export function referencesTo<U>(
  files: readonly { readonly uri: U; readonly references: readonly ImageReference[] }[],
  images: readonly EcrImageRef[],
): ReferenceHit<U>[] {
  const hits: ReferenceHit<U>[] = [];
  for (const file of files) {
    for (const reference of file.references) {
      if (reference.target.kind !== 'ecr') continue;
      const ref = reference.target.ref;
      for (const image of images) {
        const match = imageMatch(image, ref);
        if (match) {
          hits.push({ uri: file.uri, reference, match });
          break;
        }
      }
    }
  }
  return hits;
}

export function isRemoval(fate: ImageFate): boolean {
  return fate.action === 'DELETE' && fate.state === 'SUCCESS' && fate.removesImage === true;
}

export type FateSeverity = 'error' | 'warning' | 'information';

export interface FateProblem {
  readonly severity: FateSeverity;
  readonly message: string;
  /** The tag now names another image than the one the run acted on (the run's image is `fate.image`). */
  readonly tagMoved: boolean;
  /** Clusters where the image still runs (from Inspector), when it does. */
  readonly runningClusters: number;
}

/** 11 Nov 2026, in UTC (the same for every reader of the Problems panel). */
export function fateDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'an unknown date';
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

const PAST = new Map([
  ['DELETE', 'Deleted'],
  ['DEPRECATE', 'Deprecated'],
  ['DISABLE', 'Disabled'],
]);
const PRESENT = new Map([
  ['DELETE', 'Being deleted'],
  ['DEPRECATE', 'Being deprecated'],
  ['DISABLE', 'Being disabled'],
]);
const VERB = new Map([
  ['DELETE', 'delete'],
  ['DEPRECATE', 'deprecate'],
  ['DISABLE', 'disable'],
]);

/**
 * The Problems entry for a reference's fate, or undefined when it raises none.
 * `usage`: Inspector's answer for the image the run acted on (by its digest when known); `current`: Inspector's answer
 * for the reference's tag, to tell a tag that moved to another image since the run.
 */
export function fateProblem(
  found: FateMatch,
  ref: EcrImageRef,
  usage?: ImageUsage,
  current?: ImageUsage,
): FateProblem | undefined {
  const { fate, match } = found;
  if (!isDestructiveAction({ action: { name: fate.action }, snapshots: [], imageUris: [] })) return undefined;
  if (fate.state === 'SKIPPED' || fate.state === undefined) return undefined;
  const policy = `lifecycle policy ${fate.policyName}`;
  const when = fateDate(fate.date);
  const run = `(${fate.executionId})`;
  const matched =
    match === 'digest' ? 'Matched by digest.' : `Matched by tag ${ref.tag ?? ''}: tags can move, a digest cannot.`;
  const running = usage?.kind === 'covered' && usage.summary.runningClusters > 0 ? usage.summary.runningClusters : 0;
  const where =
    running > 0
      ? ` Still running in ${running}${usage?.kind === 'covered' && usage.more ? '+' : ''} cluster${running === 1 ? '' : 's'}`
      : '';
  const currentDigest = current?.kind === 'covered' ? digestOfResourceId(current.resourceId) : undefined;
  const tagMoved =
    match === 'tag' &&
    fate.image.digest !== undefined &&
    currentDigest !== undefined &&
    currentDigest !== fate.image.digest;
  if (tagMoved) {
    return {
      severity: 'information',
      message:
        `${PAST.get(fate.action) ?? fate.action} by ${policy} on ${when} ${run}: the image tag ${ref.tag ?? ''} named then ` +
        `(${shortImageLabel({ ...fate.image, tag: undefined })}); the tag now names another image (${currentDigest.slice(0, 19)}…).`,
      tagMoved: true,
      runningClusters: 0,
    };
  }
  const reason = fate.reason ? ` Reason: ${fate.reason}` : '';
  if (fate.state === 'FAILED') {
    return {
      severity: 'warning',
      message: `${policy[0]!.toUpperCase()}${policy.slice(1)} failed to ${VERB.get(fate.action) ?? fate.action} it on ${when} ${run}; it may try again on its next run.${reason}${where ? `${where}.` : ''} ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.state === 'IN_PROGRESS') {
    const ecrToo = fate.action !== 'DELETE' || fate.removesImage !== false;
    return {
      severity: running > 0 && fate.action === 'DELETE' && fate.removesImage === true ? 'warning' : 'information',
      message:
        `${PRESENT.get(fate.action) ?? fate.action} by ${policy} since ${when} ${run}` +
        (ecrToo ? '' : ' (its Image Builder image; the policy keeps the ECR image)') +
        (where ? `.${where}: new tasks will not be able to pull it once it is gone.` : '.') +
        ` ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  // SUCCESS (or a state this version does not know: said as it is).
  const done = fate.state === 'SUCCESS' ? '' : ` (state ${fate.state})`;
  if (fate.action === 'DELETE' && fate.removesImage === false) {
    return {
      severity: 'information',
      message: `Its Image Builder image was deleted by ${policy} on ${when} ${run}${done}; the policy keeps the ECR image, so it can still be pulled. ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.action === 'DELETE' && fate.removesImage === undefined) {
    return {
      severity: 'information',
      message: `Its Image Builder image was deleted by ${policy} on ${when} ${run}${done}; whether the ECR image was deleted too is not known (the policy could not be read). ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  if (fate.action === 'DELETE') {
    return {
      severity: running > 0 ? 'error' : 'warning',
      message:
        `Deleted by ${policy} on ${when} ${run}${done}` +
        (where ? `.${where}: new tasks cannot pull it.` : ': pulling it fails.') +
        ` ${matched}`,
      tagMoved: false,
      runningClusters: running,
    };
  }
  return {
    severity: 'information',
    message: `${PAST.get(fate.action) ?? fate.action} by ${policy} on ${when} ${run}${done}.${where ? `${where}.` : ''} ${matched}`,
    tagMoved: false,
    runningClusters: running,
  };
}

/** The image whose use matters: the run's image, by its digest when the run named one. */
export function imageToCheck(found: FateMatch, ref: EcrImageRef): EcrImageRef {
  return found.fate.image.digest ? { ...ref, digest: found.fate.image.digest } : ref;
}
