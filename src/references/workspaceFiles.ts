/**
 * The pure parts of the workspace scan: which names are candidates, Dockerfile references in the common shape, and
 * the globs of a `.gitignore`. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { hoverSubject } from '../dockerfile/usageMarkdown';
import type { ImageReferenceInDockerfile } from '../dockerfile/referenceModel';
import type { ImageReference, ImageTarget } from './model';

const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:\..+)?$|\.(?:dockerfile|containerfile)$/i;
export const CANDIDATE_GLOB =
  '**/{*.yaml,*.yml,*.json,*.tf,Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}';

export function isDockerfileName(filePath: string): boolean {
  return DOCKERFILE_NAME.test(path.posix.basename(filePath.replace(/\\/g, '/')));
}

/** The Dockerfile references as `ImageReference`s (stage references left out). */
export function fromDockerfile(references: readonly ImageReferenceInDockerfile[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const ref of references) {
    const subject = hoverSubject(ref);
    let target: ImageTarget;
    if (subject.kind === 'stage') continue;
    if (subject.kind === 'unresolved') {
      target = {
        kind: 'unresolved',
        image: subject.image,
        reason: l10n.t('the build fills in {0}', subject.variables),
      };
    } else target = subject;
    out.push({
      fileKind: 'dockerfile',
      range: ref.range,
      related: [],
      raw: ref.image,
      context: ref.stageName ? `${ref.instruction} … AS ${ref.stageName}` : ref.instruction,
      target,
    });
  }
  return out;
}

/**
 * Globs for the plain patterns of a `.gitignore` (comments, blank lines and `!negations` skipped), relative to its
 * folder: `dist/` → `dist/**` and `**\/dist/**`; `/build` → `build` and `build/**`; `*.log` → `**\/*.log`.
 */
export function gitignoreGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const rawLine of text.split(/\r\n|\r|\n/).slice(0, 2000)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith('!') || /[{}]/.test(line)) continue;
    const directory = line.endsWith('/');
    let pattern = directory ? line.slice(0, -1) : line;
    const anchored = pattern.startsWith('/') || pattern.slice(0, -1).includes('/');
    pattern = pattern.replace(/^\//, '');
    if (!pattern) continue;
    const base = anchored ? pattern : `**/${pattern}`;
    globs.push(`${base}/**`);
    if (!directory) globs.push(base);
  }
  return globs;
}
