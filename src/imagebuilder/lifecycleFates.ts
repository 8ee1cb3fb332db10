/**
 * The fate of one image reference in a region's lifecycle index (`lifecycleIndex.ts`): which run acted on it (by
 * digest, else by tag), whether that removed it, and the words of its Problems entry. Pure (no `vscode`).
 */
import * as l10n from '@vscode/l10n';
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
  if (!date || Number.isNaN(date.getTime())) return l10n.t('an unknown date');
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

type Destructive = 'DELETE' | 'DEPRECATE' | 'DISABLE';

const isDestructive = (action: string): action is Destructive =>
  isDestructiveAction({ action: { name: action }, snapshots: [], imageUris: [] });

/**
 * The first sentence of an entry, whole, one message per action (and per "(state X)" when the run's state is not
 * SUCCESS): `{0}` the policy's name, `{1}` the date, `{2}` the execution id, `{3}` the state. Further sentences
 * (reason, where it runs, how it matched) follow, each a message of its own.
 */
type Sentence = (run: readonly [policy: string, when: string, id: string], state?: string) => string;

const TAG_MOVED: Record<Destructive, (...args: string[]) => string> = {
  DELETE: (...a) =>
    l10n.t(
      'Deleted by lifecycle policy {0} on {1} ({2}): the image tag {3} named then ({4}); the tag now names another image ({5}…).',
      ...a,
    ),
  DEPRECATE: (...a) =>
    l10n.t(
      'Deprecated by lifecycle policy {0} on {1} ({2}): the image tag {3} named then ({4}); the tag now names another image ({5}…).',
      ...a,
    ),
  DISABLE: (...a) =>
    l10n.t(
      'Disabled by lifecycle policy {0} on {1} ({2}): the image tag {3} named then ({4}); the tag now names another image ({5}…).',
      ...a,
    ),
};

const FAILED: Record<Destructive, Sentence> = {
  DELETE: (a) =>
    l10n.t('Lifecycle policy {0} failed to delete it on {1} ({2}); it may try again on its next run.', ...a),
  DEPRECATE: (a) =>
    l10n.t('Lifecycle policy {0} failed to deprecate it on {1} ({2}); it may try again on its next run.', ...a),
  DISABLE: (a) =>
    l10n.t('Lifecycle policy {0} failed to disable it on {1} ({2}); it may try again on its next run.', ...a),
};

const IN_PROGRESS: Record<Destructive, Sentence> = {
  DELETE: (a) => l10n.t('Being deleted by lifecycle policy {0} since {1} ({2}).', ...a),
  DEPRECATE: (a) => l10n.t('Being deprecated by lifecycle policy {0} since {1} ({2}).', ...a),
  DISABLE: (a) => l10n.t('Being disabled by lifecycle policy {0} since {1} ({2}).', ...a),
};

const PAST: Record<Destructive, Sentence> = {
  DELETE: (a, s) =>
    s === undefined
      ? l10n.t('Deleted by lifecycle policy {0} on {1} ({2}).', ...a)
      : l10n.t('Deleted by lifecycle policy {0} on {1} ({2}) (state {3}).', ...a, s),
  DEPRECATE: (a, s) =>
    s === undefined
      ? l10n.t('Deprecated by lifecycle policy {0} on {1} ({2}).', ...a)
      : l10n.t('Deprecated by lifecycle policy {0} on {1} ({2}) (state {3}).', ...a, s),
  DISABLE: (a, s) =>
    s === undefined
      ? l10n.t('Disabled by lifecycle policy {0} on {1} ({2}).', ...a)
      : l10n.t('Disabled by lifecycle policy {0} on {1} ({2}) (state {3}).', ...a, s),
};

/** A DELETE that removed the Image Builder image, by what the policy says of the ECR image. */
const IMAGE_BUILDER_IMAGE_DELETED: Record<'kept' | 'unknown', Sentence> = {
  kept: (a, s) =>
    s === undefined
      ? l10n.t(
          'Its Image Builder image was deleted by lifecycle policy {0} on {1} ({2}); the policy keeps the ECR image, so it can still be pulled.',
          ...a,
        )
      : l10n.t(
          'Its Image Builder image was deleted by lifecycle policy {0} on {1} ({2}) (state {3}); the policy keeps the ECR image, so it can still be pulled.',
          ...a,
          s,
        ),
  unknown: (a, s) =>
    s === undefined
      ? l10n.t(
          'Its Image Builder image was deleted by lifecycle policy {0} on {1} ({2}); whether the ECR image was deleted too is not known (the policy could not be read).',
          ...a,
        )
      : l10n.t(
          'Its Image Builder image was deleted by lifecycle policy {0} on {1} ({2}) (state {3}); whether the ECR image was deleted too is not known (the policy could not be read).',
          ...a,
          s,
        ),
};

const deletedNotRunning: Sentence = (a, s) =>
  s === undefined
    ? l10n.t('Deleted by lifecycle policy {0} on {1} ({2}): pulling it fails.', ...a)
    : l10n.t('Deleted by lifecycle policy {0} on {1} ({2}) (state {3}): pulling it fails.', ...a, s);

/** "Still running in 3 clusters", as a sentence of its own with what that means; `n` may end in "+". */
function stillRunning(count: number, n: string, then: 'none' | 'willFail' | 'fails'): string {
  if (then === 'willFail') {
    return count === 1
      ? l10n.t('Still running in {0} cluster: new tasks will not be able to pull it once it is gone.', n)
      : l10n.t('Still running in {0} clusters: new tasks will not be able to pull it once it is gone.', n);
  }
  if (then === 'fails') {
    return count === 1
      ? l10n.t('Still running in {0} cluster: new tasks cannot pull it.', n)
      : l10n.t('Still running in {0} clusters: new tasks cannot pull it.', n);
  }
  return count === 1 ? l10n.t('Still running in {0} cluster.', n) : l10n.t('Still running in {0} clusters.', n);
}

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
  const action = fate.action;
  if (!isDestructive(action)) return undefined;
  if (fate.state === 'SKIPPED' || fate.state === undefined) return undefined;
  const run = [fate.policyName, fateDate(fate.date), fate.executionId] as const;
  const matched =
    match === 'digest'
      ? l10n.t('Matched by digest.')
      : l10n.t('Matched by tag {0}: tags can move, a digest cannot.', ref.tag ?? '');
  const running = usage?.kind === 'covered' && usage.summary.runningClusters > 0 ? usage.summary.runningClusters : 0;
  const count = `${running}${usage?.kind === 'covered' && usage.more ? '+' : ''}`;
  const where = (then: 'none' | 'willFail' | 'fails'): string[] =>
    running > 0 ? [stillRunning(running, count, then)] : [];
  const currentDigest = current?.kind === 'covered' ? digestOfResourceId(current.resourceId) : undefined;
  const tagMoved =
    match === 'tag' &&
    fate.image.digest !== undefined &&
    currentDigest !== undefined &&
    currentDigest !== fate.image.digest;
  if (tagMoved) {
    const then = shortImageLabel({ ...fate.image, tag: undefined });
    return {
      severity: 'information',
      message: TAG_MOVED[action](...run, ref.tag ?? '', then, currentDigest.slice(0, 19)),
      tagMoved: true,
      runningClusters: 0,
    };
  }
  const problem = (severity: FateSeverity, sentences: readonly string[]): FateProblem => ({
    severity,
    message: sentences.join(' '),
    tagMoved: false,
    runningClusters: running,
  });
  if (fate.state === 'FAILED') {
    const reason = fate.reason ? [l10n.t('Reason: {0}', fate.reason)] : [];
    return problem('warning', [FAILED[action](run), ...reason, ...where('none'), matched]);
  }
  if (fate.state === 'IN_PROGRESS') {
    const keepsEcr = action === 'DELETE' && fate.removesImage === false;
    const first = keepsEcr
      ? l10n.t(
          'Being deleted by lifecycle policy {0} since {1} ({2}) (its Image Builder image; the policy keeps the ECR image).',
          ...run,
        )
      : IN_PROGRESS[action](run);
    const severity = running > 0 && action === 'DELETE' && fate.removesImage === true ? 'warning' : 'information';
    return problem(severity, [first, ...where('willFail'), matched]);
  }
  // SUCCESS (or a state this version does not know: said as it is).
  const state = fate.state === 'SUCCESS' ? undefined : fate.state;
  if (action === 'DELETE' && fate.removesImage !== true) {
    const said = fate.removesImage === false ? 'kept' : 'unknown';
    return problem('information', [IMAGE_BUILDER_IMAGE_DELETED[said](run, state), matched]);
  }
  if (action === 'DELETE') {
    const first = running > 0 ? PAST.DELETE(run, state) : deletedNotRunning(run, state);
    return problem(running > 0 ? 'error' : 'warning', [first, ...where('fails'), matched]);
  }
  return problem('information', [PAST[action](run, state), ...where('none'), matched]);
}

/** The image whose use matters: the run's image, by its digest when the run named one. */
export function imageToCheck(found: FateMatch, ref: EcrImageRef): EcrImageRef {
  return found.fate.image.digest ? { ...ref, digest: found.fate.image.digest } : ref;
}
