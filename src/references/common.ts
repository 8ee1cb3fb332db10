/**
 * What every extractor shares: turning a tree node holding an image into an `ImageReference`, and the rules for
 * values that cannot be known from the file (templates, expressions, intrinsic functions). Pure.
 */
import * as l10n from '@vscode/l10n';
import type { ScalarNode, TreeNode } from './documents';
import {
  classifyImage,
  LineIndex,
  type FileKind,
  type ImageReference,
  type ImageTarget,
  type TextRange,
} from './model';

export interface ExtractInput {
  /** The file's text. */
  readonly text: string;
  readonly lines: LineIndex;
}

export function extractInput(text: string): ExtractInput {
  return { text, lines: new LineIndex(text) };
}

/** `${{ … }}` (GitHub Actions), `{{ … }}` (Helm), `${…}` (Terraform, CloudFormation Sub, compose). */
const GHA_EXPRESSION = /\$\{\{/;

/** The longest image text read; real ones are under 600 characters. */
const MAX_IMAGE = 2048;

export interface ReferenceParts {
  readonly fileKind: FileKind;
  readonly node: ScalarNode;
  readonly context: string;
  readonly related?: readonly ScalarNode[];
  /** The image text when it differs from the node's (Helm repository + tag, compose after substitution). */
  readonly image?: string;
  /** Set when the image cannot be known from the file. */
  readonly unresolved?: string;
}

export function rangeOf(input: ExtractInput, node: ScalarNode): TextRange {
  return input.lines.range(node.start, node.end);
}

/** A reference to the image in `parts.node` (or `parts.image`), classified. */
export function makeReference(input: ExtractInput, parts: ReferenceParts): ImageReference {
  // A templated value was blanked before parsing: show what the file says.
  const raw = parts.node.templated ? input.text.slice(parts.node.start, parts.node.end) : parts.node.text;
  const image = (parts.node.templated ? raw : (parts.image ?? raw)).trim();
  let target: ImageTarget;
  if (parts.unresolved !== undefined) target = { kind: 'unresolved', image, reason: parts.unresolved };
  else if (parts.node.templated || parts.related?.some((n) => n.templated)) {
    target = {
      kind: 'unresolved',
      image,
      reason: l10n.t('a Helm template expression ({0}) gives its value', '{{ … }}'),
    };
  } else if (GHA_EXPRESSION.test(image)) {
    target = {
      kind: 'unresolved',
      image,
      reason: l10n.t('a GitHub Actions expression ({0}) gives its value', '${{ … }}'),
    };
  } else if (image.length > MAX_IMAGE) {
    target = {
      kind: 'other',
      image: image.slice(0, 80),
      problem: l10n.t('the text is too long for an image reference'),
    };
  } else target = classifyImage(image);
  return {
    fileKind: parts.fileKind,
    range: rangeOf(input, parts.node),
    related: (parts.related ?? []).map((n) => rangeOf(input, n)),
    raw,
    context: parts.context,
    target,
  };
}

/** Whether a node can hold an image string: a non-empty scalar. */
export function isImageScalar(node: TreeNode | undefined): node is ScalarNode {
  return node?.type === 'scalar' && !node.isNull && node.text.trim().length > 0;
}

/** `${Name}` / `${AWS::AccountId}` names in a CloudFormation `Fn::Sub` string (`${!Literal}` is not a variable). */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${', from);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    const name = text.slice(open + 2, close);
    if (!name.startsWith('!')) names.push(name);
    from = close + 1;
  }
  return [...new Set(names)];
}

/** Keys of a map written in CloudFormation's long form (`{ "Fn::Sub": … }`, `{ "Ref": … }`). */
export function intrinsicName(node: TreeNode | undefined): string | undefined {
  if (node?.type !== 'map' || node.entries.length !== 1) return undefined;
  const key = node.entries[0]!.key;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

/**
 * A value that may be a CloudFormation intrinsic: a plain string; `!Sub` / `Fn::Sub` with no variable (read as the
 * string); or anything else (`!Sub` with `${AWS::AccountId}`, `!Join`, `!Ref`, `!If`, `!GetAtt`, …), which is
 * unresolved with the function and variable names. Undefined when there is nothing to point at.
 */
export function cloudFormationValue(
  input: ExtractInput,
  fileKind: FileKind,
  node: TreeNode | undefined,
  context: string,
): ImageReference | undefined {
  if (!node) return undefined;
  if (node.type === 'scalar') {
    if (!isImageScalar(node)) return undefined;
    if (node.tag === undefined) return makeReference(input, { fileKind, node, context });
    if (node.tag === '!Sub') return subReference(input, fileKind, node, context, '!Sub');
    return makeReference(input, {
      fileKind,
      node,
      context,
      unresolved: l10n.t('CloudFormation {0} gives its value at deployment', `${node.tag} ${node.text.trim()}`),
    });
  }
  const longName = intrinsicName(node);
  const shortTag = node.tag;
  const fn = longName ?? shortTag;
  if (fn === undefined) return undefined;
  const body = longName !== undefined ? node.type === 'map' && node.entries[0]!.value : node;
  if ((fn === 'Fn::Sub' || fn === '!Sub') && body) {
    const template = body.type === 'seq' ? body.items[0] : body;
    if (template?.type === 'scalar' && isImageScalar(template)) {
      const vars = body.type === 'seq' ? body.items[1] : undefined;
      return subReference(input, fileKind, template, context, fn, vars);
    }
  }
  // The reference covers the whole function, so the hover answers anywhere on it.
  const at: ScalarNode = {
    type: 'scalar',
    text: input.text.slice(node.start, node.end),
    start: node.start,
    end: node.end,
  };
  return makeReference(input, {
    fileKind,
    node: at,
    context,
    unresolved: l10n.t('CloudFormation {0} gives its value at deployment', fn),
  });
}

function subReference(
  input: ExtractInput,
  fileKind: FileKind,
  node: ScalarNode,
  context: string,
  fn: string,
  variables?: TreeNode,
): ImageReference {
  const names = subVariables(node.text);
  // `${!Literal}` stands for `${Literal}`; with no variable left, the string is the value.
  if (names.length === 0) {
    return makeReference(input, { fileKind, node, context, image: node.text.replace(/\$\{!/g, '${') });
  }
  // `!Sub [ "…${Repo}…", { Repo: "shop/web" } ]`: variables given as plain strings are substituted.
  let image = node.text;
  const left: string[] = [];
  for (const name of names) {
    const value = variables?.type === 'map' ? variables.entries.find((e) => e.key === name)?.value : undefined;
    if (value?.type === 'scalar' && value.tag === undefined && !value.isNull) {
      image = image.split('${' + name + '}').join(value.text);
    } else left.push(name);
  }
  if (left.length === 0) return makeReference(input, { fileKind, node, context, image });
  return makeReference(input, {
    fileKind,
    node,
    context,
    unresolved: l10n.t('CloudFormation {0} fills in {1} at deployment', fn, left.map((n) => '${' + n + '}').join(', ')),
  });
}
