/**
 * An image the user looked up: what the Image Clusters view keeps as a root and saves in workspace state.
 * Pure: validation of saved (possibly corrupt) state lives here, with no `vscode` import.
 */

export interface ImageSubject {
  /** Inspector resource id: `arn:aws:ecr:<region>:<account>:repository/<repo>/sha256:<digest>`. */
  readonly resourceId: string;
  readonly region: string;
  readonly accountId: string;
  readonly repository: string;
  /** The tag the user looked up, if any (kept for display; the digest is what Inspector knows). */
  readonly tag?: string;
  readonly digest?: string;
  /** The text the user typed (a URI or ARN), for the recent list. */
  readonly input: string;
}

/**
 * Lenient on purpose (any repository characters, digest optional): this reads resource ids that Inspector returned
 * and the view saved, which must come back after a restart even where the service's pattern is wider than what
 * `parseEcrImage` accepts from users.
 */
const RESOURCE_ID = /^arn:[a-z-]+:ecr:([a-z0-9-]+):(\d{12}):repository\/(.+?)(?:\/(sha256:[a-f0-9]{64}))?$/;

export function imageLabel(image: ImageSubject): string {
  if (image.tag) return `${image.repository}:${image.tag}`;
  if (image.digest) return `${image.repository}@${image.digest.slice(0, 19)}…`;
  return image.repository;
}

/** Rebuilds the subject of a bare resource id (the digest form). */
export function subjectFromResourceId(resourceId: string, input = resourceId): ImageSubject | undefined {
  const m = RESOURCE_ID.exec(resourceId);
  if (!m) return undefined;
  return {
    resourceId,
    region: m[1] as string,
    accountId: m[2] as string,
    repository: m[3] as string,
    digest: m[4],
    input,
  };
}

/** How many looked-up images the view keeps; saved state beyond this (corrupt or runaway) is dropped. */
export const MAX_SAVED_IMAGES = 500;

/** Keeps only well-formed entries of saved state; returns how many were dropped so the caller can say so. */
export function restoreSubjects(saved: unknown): { images: ImageSubject[]; dropped: number } {
  if (!Array.isArray(saved)) return { images: [], dropped: saved === undefined ? 0 : 1 };
  const images: ImageSubject[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const entry of saved) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const base =
      typeof e.resourceId === 'string' && e.resourceId.length <= 2048 ? subjectFromResourceId(e.resourceId) : undefined;
    if (!base || seen.has(base.resourceId) || images.length >= MAX_SAVED_IMAGES) {
      dropped++;
      continue;
    }
    seen.add(base.resourceId);
    images.push({
      ...base,
      tag: typeof e.tag === 'string' && e.tag.length <= 128 ? e.tag : undefined,
      input: typeof e.input === 'string' && e.input.length <= 2048 ? e.input : base.resourceId,
    });
  }
  return { images, dropped };
}

/** How many recent lookups the quick pick offers. */
export const MAX_RECENT_INPUTS = 10;
/** Longest saved input kept (an image URI or resource id is far shorter). */
const MAX_INPUT_LENGTH = 2048;

/** The usable entries of the saved recent list (possibly corrupt): non-empty strings of sane length, each once. */
export function restoreRecentInputs(saved: unknown): string[] {
  if (!Array.isArray(saved)) return [];
  const recent: string[] = [];
  for (const s of saved) {
    if (typeof s !== 'string' || s.trim() === '' || s.length > MAX_INPUT_LENGTH || recent.includes(s)) continue;
    recent.push(s);
    if (recent.length >= MAX_RECENT_INPUTS) break;
  }
  return recent;
}
