/**
 * Image references found in the files a platform team writes (Kubernetes manifests, Helm values, Kustomize, docker
 * compose, ECS task definitions, CloudFormation/SAM, Terraform, GitHub Actions workflows), as plain data with
 * positions. One result type for every file kind, in the manner of Renovate's `lib/modules/manager/<kind>/extract.ts`:
 * each extractor reads its kind and returns `ImageReference[]`; the hover, the CodeLens and the Workspace Images view
 * only read these.
 *
 * Pure: no `vscode` import, no parser import (the parsers are in the extractor files, bundled as dist/references.js
 * and loaded on first use). Positions are zero-based lines and UTF-16 characters, `end` exclusive, as VS Code uses.
 */
import * as l10n from '@vscode/l10n';
import type { TextPosition, TextRange } from '../dockerfile/referenceModel';
import type { EcrImageRef } from '../inspector/imageRef';
import { hoverSubject } from '../dockerfile/usageMarkdown';

export type { TextPosition, TextRange } from '../dockerfile/referenceModel';

export type FileKind =
  | 'dockerfile'
  | 'kubernetes'
  | 'helm'
  | 'kustomize'
  | 'compose'
  | 'ecsTaskDefinition'
  | 'imageDefinitions'
  | 'cloudformation'
  | 'terraform'
  | 'githubActions';

/**
 * What each kind of file is called in hovers and rows. Product and file names stay as they are; the other words are
 * translated when read (getters: `@vscode/l10n` is configured at activation, after this module is loaded).
 */
// l10n-ignore: product and file names stay as they are; the others are l10n.t getters
export const FILE_KIND_LABEL: Readonly<Record<FileKind, string>> = {
  dockerfile: 'Dockerfile',
  get kubernetes() {
    return l10n.t('Kubernetes manifest');
  },
  get helm() {
    return l10n.t('Helm values');
  },
  kustomize: 'Kustomize',
  compose: 'Docker Compose',
  get ecsTaskDefinition() {
    return l10n.t('ECS task definition');
  },
  imageDefinitions: 'imagedefinitions.json',
  cloudformation: 'CloudFormation',
  terraform: 'Terraform',
  get githubActions() {
    return l10n.t('GitHub Actions workflow');
  },
};

/** What an image reference is, once read. */
export type ImageTarget =
  /** A private Amazon ECR image: the one kind that gets a lookup. */
  | { readonly kind: 'ecr'; readonly ref: EcrImageRef }
  /** Docker Hub, another registry, ECR Public, or an ECR-looking reference that is not valid (`problem` says why). */
  | { readonly kind: 'other'; readonly image: string; readonly problem?: string }
  /** The image cannot be known from the file alone: a variable, a template, an intrinsic function. No lookup. */
  | { readonly kind: 'unresolved'; readonly image: string; readonly reason: string };

export interface ImageReference {
  readonly fileKind: FileKind;
  /** The image string in the file (the value, without quotes). Helm and Kustomize: the repository / new name. */
  readonly range: TextRange;
  /** Other parts of the same reference the hover also answers on (Helm `tag:`, Kustomize `newTag:`, …). */
  readonly related: readonly TextRange[];
  /** The text at `range`, as written (quotes removed). */
  readonly raw: string;
  /** Where in the file, for people: `Deployment web › initContainers[0]`, `services.api`, `Resources.Task`. */
  readonly context: string;
  readonly target: ImageTarget;
}

/** Reads offsets of a text as line/character positions (binary search over line starts; `\r\n`, `\r`, `\n`). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): TextPosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  range(start: number, end: number): TextRange {
    return { start: this.position(start), end: this.position(end) };
  }
}

/** Reads an image string: private ECR (parsed), another registry, or not a valid ECR reference. */
export function classifyImage(image: string): ImageTarget {
  const subject = hoverSubject({
    image,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    instruction: 'FROM',
    isStageReference: false,
  });
  switch (subject.kind) {
    case 'ecr':
      return subject;
    case 'other':
      return subject.problem === undefined
        ? { kind: 'other', image: subject.image }
        : { kind: 'other', image: subject.image, problem: subject.problem };
    default:
      return { kind: 'other', image };
  }
}

function compare(a: TextPosition, line: number, character: number): number {
  return a.line !== line ? a.line - line : a.character - character;
}

function contains(range: TextRange, line: number, character: number): boolean {
  return compare(range.start, line, character) <= 0 && compare(range.end, line, character) >= 0;
}

/** The reference whose image string (or one of its related parts) contains the position. */
export function imageReferenceAt(
  refs: readonly ImageReference[],
  line: number,
  character: number,
): { readonly reference: ImageReference; readonly range: TextRange } | undefined {
  for (const reference of refs) {
    if (contains(reference.range, line, character)) return { reference, range: reference.range };
    const related = reference.related.find((r) => contains(r, line, character));
    if (related) return { reference, range: related };
  }
  return undefined;
}
