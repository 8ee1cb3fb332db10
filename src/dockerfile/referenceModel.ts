/**
 * Image references found in a Dockerfile, as plain data, and the lookup of the one under the cursor. Kept apart from
 * the parser (`references.ts`, bundled as `dist/dockerfile.js` and loaded on the first Dockerfile), so the hover and
 * CodeLens code in the activation bundle does not carry it. Pure: no `vscode` import.
 */

/**
 * Longest expansion followed, in UTF-16 units. An image reference is far shorter; without a bound eight lines of
 * `ARG A1=${A0}${A0}` double a value to hundreds of millions of characters. A longer expansion is unresolved.
 */
export const MAX_EXPANSION_LENGTH = 4096;

/**
 * What the parser puts in `unresolved` besides variable names and written syntax. English here: the parser runs in its
 * own bundle (`dist/dockerfile.js`), so the hover translates these when it shows them (`unresolvedText`).
 */
// l10n-ignore: parser-bundle keys; the hover shows them through l10n.t (unresolvedText)
export const UNRESOLVED_REASONS = {
  tooLong: `value longer than ${MAX_EXPANSION_LENGTH} characters`,
  unterminated: 'unterminated ${',
  tooDeep: 'variables nested too deeply',
} as const;

export interface TextPosition {
  readonly line: number;
  readonly character: number;
}

export interface TextRange {
  readonly start: TextPosition;
  readonly end: TextPosition;
}

export interface ImageReferenceInDockerfile {
  /** The image text with variables substituted (unresolved ones left as written) and quotes removed. */
  readonly image: string;
  /** Where the image token is in the file (may span lines when it has a line continuation in it). */
  readonly range: TextRange;
  /** Which instruction names the image. */
  readonly instruction: 'FROM' | 'COPY' | 'RUN';
  /** `AS name` of a `FROM`, as written. */
  readonly stageName?: string;
  /** `--platform=` of a `FROM`, substituted when possible, otherwise as written (`$BUILDPLATFORM`). */
  readonly platform?: string;
  /** Set when the image depends on a value known only at build time: the variable names, or the unsupported syntax. */
  readonly unresolved?: string;
  /** The text names an earlier build stage, not an image: no lookup. */
  readonly isStageReference: boolean;
}

function compare(a: TextPosition, line: number, character: number): number {
  return a.line !== line ? a.line - line : a.character - character;
}

/** The reference whose image token contains the position (its end included, as for a word under the cursor). */
export function referenceAt(
  refs: readonly ImageReferenceInDockerfile[],
  line: number,
  character: number,
): ImageReferenceInDockerfile | undefined {
  return refs.find(
    (ref) => compare(ref.range.start, line, character) <= 0 && compare(ref.range.end, line, character) >= 0,
  );
}
