/**
 * Terraform (`.tf`): string values of the attributes and object keys `image`, `image_uri` and `image_identifier`,
 * wherever they are: resource blocks (`aws_lambda_function.image_uri`, `kubernetes_deployment … container.image`,
 * `aws_apprunner_service … image_identifier`), and object literals such as the container definitions inside
 * `jsonencode([{ name = "web", image = "…" }])`. A heredoc whose text is JSON (`container_definitions = <<EOF [ … ]
 * EOF`) is read as JSON for its `"image"` keys.
 *
 * A string with an interpolation (`"${var.registry}/shop/web:${var.tag}"`) or a directive (`%{ if … }`) is unresolved:
 * Terraform knows it only when it plans. Anything that is not a string (`var.image`, `local.image`,
 * `aws_ecr_repository.x.repository_url`) is not reported.
 *
 * The syntax tree comes from tree-sitter's HCL/Terraform grammar (`@tree-sitter-grammars/tree-sitter-hcl`, run by
 * `web-tree-sitter` from its packaged .wasm: a maintained grammar that works offline). This file only walks the tree,
 * through the few node fields it needs, so it stays pure; `terraformParser.ts` loads the parser. Positions from
 * web-tree-sitter are UTF-16 indices of the text, as VS Code's. The walk is iterative and bounded.
 */
import * as l10n from '@vscode/l10n';
import { parseJsonDocument, type ScalarNode, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

/** The part of a tree-sitter node this file reads. */
export interface HclNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly namedChildren: readonly (HclNode | null)[];
  /** The first named child (as `namedChildren` lists them) that contains the index or starts after it. */
  firstNamedChildForIndex(index: number): HclNode | null;
}

const IMAGE_KEYS = new Set(['image', 'image_uri', 'image_identifier']);
const MAX_NODES = 1_000_000;

function named(node: HclNode | null | undefined): HclNode[] {
  return (node?.namedChildren ?? []).filter((c): c is HclNode => c !== null);
}

/** HCL string escapes, and `$${` / `%%{` for a literal `${` / `%{`. */
function unescapeHcl(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    switch (esc) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      default:
        if (esc && (esc[0] === 'u' || esc[0] === 'U')) return String.fromCodePoint(parseInt(esc.slice(1), 16));
        return esc ?? m;
    }
  });
}

function keyOf(text: string, key: HclNode | undefined): string | undefined {
  if (!key) return undefined;
  const raw = text.slice(key.startIndex, key.endIndex).trim();
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
}

/** A node with its type, read once (each read of `type` is a call into the WebAssembly module). */
interface Typed {
  readonly node: HclNode;
  readonly type: string;
}

function namedTyped(node: HclNode | null | undefined): Typed[] {
  return named(node).map((n) => ({ node: n, type: n.type }));
}

/** The string or template under an `expression` node, or undefined when the value is something else. */
function templateOf(expression: HclNode | undefined): Typed | undefined {
  const inner = named(expression)[0];
  if (!inner) return undefined;
  const type = inner.type;
  if (type === 'literal_value') return namedTyped(inner).find((n) => n.type === 'string_lit');
  if (type === 'template_expr') return namedTyped(inner)[0];
  return undefined;
}

function stringReference(input: ExtractInput, template: HclNode, context: string, out: ImageReference[]): void {
  const parts = namedTyped(template).filter(
    (n) => n.type !== 'quoted_template_start' && n.type !== 'quoted_template_end',
  );
  if (parts.length === 0) return;
  const start = parts[0]!.node.startIndex;
  const end = parts[parts.length - 1]!.node.endIndex;
  const source = input.text.slice(start, end);
  const dynamic = parts
    .filter((p) => p.type === 'template_interpolation' || p.type === 'template_directive')
    .map((p) => p.node);
  const node: ScalarNode = { type: 'scalar', text: source, start, end };
  if (dynamic.length === 0) {
    const value = unescapeHcl(source);
    if (value.trim().length > 0) out.push(makeReference(input, { fileKind: 'terraform', node, context, image: value }));
    return;
  }
  const names = dynamic.map((d) => input.text.slice(d.startIndex, d.endIndex)).slice(0, 4);
  out.push(
    makeReference(input, {
      fileKind: 'terraform',
      node,
      context,
      unresolved: l10n.t('Terraform fills in {0} when it plans', names.join(', ')),
    }),
  );
}

/** A heredoc whose text is JSON (an ECS container definitions list): its `"image"` values. */
function heredocJson(input: ExtractInput, heredoc: HclNode, context: string, out: ImageReference[]): void {
  const parts = namedTyped(heredoc).filter((n) => n.type === 'template_literal' || n.type === 'template_interpolation');
  if (parts.length === 0) return;
  const start = parts[0]!.node.startIndex;
  const end = parts[parts.length - 1]!.node.endIndex;
  // Interpolations are blanked with `_` of the same length, so the JSON keeps its shape and positions.
  const spans = parts
    .filter((p) => p.type !== 'template_literal')
    .map((p) => [p.node.startIndex, p.node.endIndex] as const);
  let body = '';
  let from = start;
  for (const [s, e] of spans) {
    body += input.text.slice(from, s) + '_'.repeat(e - s);
    from = e;
  }
  body += input.text.slice(from, end);
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return;
  const stack: { node: TreeNode; path: string }[] = [];
  const root = parseJsonDocument(body);
  if (root) stack.push({ node: root, path: context });
  let budget = 100_000;
  while (stack.length > 0 && budget-- > 0) {
    const { node, path } = stack.pop()!;
    if (node.type === 'seq') node.items.forEach((n, i) => stack.push({ node: n, path: `${path}[${i}]` }));
    if (node.type !== 'map') continue;
    for (const { key, value } of node.entries) {
      if (IMAGE_KEYS.has(key) && isImageScalar(value)) {
        const s = value.start + start;
        const e = value.end + start;
        const shifted: ScalarNode = { type: 'scalar', text: input.text.slice(s, e), start: s, end: e };
        const inside = spans.filter(([a, b]) => a < e && b > s).map(([a, b]) => input.text.slice(a, b));
        out.push(
          makeReference(input, {
            fileKind: 'terraform',
            node: shifted,
            context: `${path}.${key}`,
            ...(inside.length > 0
              ? { unresolved: l10n.t('Terraform fills in {0} when it plans', inside.join(', ')) }
              : {}),
          }),
        );
      } else if (value.type !== 'scalar') stack.push({ node: value, path: `${path}.${key}` });
    }
  }
}

/** Block path for people: `resource "aws_lambda_function" "api"` → `aws_lambda_function.api`. */
function blockLabel(text: string, block: HclNode): string {
  const parts = namedTyped(block)
    .filter((n) => n.type === 'identifier' || n.type === 'string_lit')
    .map(({ node }) => text.slice(node.startIndex, node.endIndex).replace(/^"|"$/g, ''));
  return parts[0] === 'resource' || parts[0] === 'data' ? parts.slice(1).join('.') : parts.join('.');
}

/**
 * Where the text holds `image` or a backslash, in order. Every reference comes from a key with `image` in it (an
 * attribute, an object key, a JSON key in a heredoc, where `\u0069mage` is `image` too), so a node whose text holds
 * neither is not walked: in a large file most of the tree is not, and the walk stays linear (a binary search per node).
 */
class ImageMarks {
  private readonly at: number[] = [];

  constructor(private readonly text: string) {
    const image = /image|\\/g;
    for (let m = image.exec(text); m; m = image.exec(text)) this.at.push(m.index);
  }

  /** Where the first mark at or after `from` is (Infinity: none). */
  first(from: number): number {
    let lo = 0;
    let hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return this.at[lo] ?? Infinity;
  }

  /** Whether `image` or a backslash lies within [start, end). Marks never overlap, so the first one after start says. */
  within(start: number, end: number): boolean {
    const at = this.first(start);
    return at + (this.text.charCodeAt(at) === 92 ? 1 : 5) <= end;
  }
}

/**
 * An attribute or object element: its reference (a string under an image key, a JSON heredoc), or its value and the
 * context the value is walked with (undefined: nothing more to walk).
 */
function attribute(
  input: ExtractInput,
  node: HclNode,
  context: string,
  out: ImageReference[],
): { value: HclNode; context: string } | undefined {
  const [keyNode, expression] = named(node);
  const key = keyOf(input.text, keyNode);
  const here = key === undefined ? context : context ? `${context}.${key}` : key;
  const value = templateOf(expression);
  if (key !== undefined && IMAGE_KEYS.has(key) && (value?.type === 'string_lit' || value?.type === 'quoted_template')) {
    stringReference(input, value.node, here, out);
    return undefined;
  }
  if (value?.type === 'heredoc_template') {
    heredocJson(input, value.node, here, out);
    return undefined;
  }
  return expression ? { value: expression, context: here } : undefined;
}

/** A node whose named children are being walked. */
interface Frame {
  readonly node: HclNode;
  /** The context its children get. */
  readonly context: string;
  /** Where the children not walked yet begin, and where the node ends. */
  from: number;
  readonly end: number;
}

/**
 * Depth first through the named nodes, in the order of the file: a `block` names the context of what is inside it,
 * an attribute or object element is read by `attribute` and only its value is walked on. Only nodes that hold a mark
 * are visited: from each node, the walk goes straight to the child holding the next mark (`firstNamedChildForIndex`),
 * so the siblings in between, and the nodes of a large file that cannot hold a reference, are never made.
 */
export function extractTerraform(input: ExtractInput, root: HclNode): ImageReference[] {
  const out: ImageReference[] = [];
  const marks = new ImageMarks(input.text);
  const frames: Frame[] = [];
  let node: HclNode | undefined = marks.within(root.startIndex, root.endIndex) ? root : undefined;
  let context = '';
  let visited = 0;
  for (;;) {
    if (node) {
      if (visited++ >= MAX_NODES) break;
      const type = node.type;
      if (type === 'attribute' || type === 'object_elem') {
        const value = attribute(input, node, context, out);
        if (value && marks.within(value.value.startIndex, value.value.endIndex)) {
          node = value.value;
          context = value.context;
          continue;
        }
      } else {
        const label = type === 'block' ? blockLabel(input.text, node) : context;
        frames.push({ node, context: label, from: node.startIndex, end: node.endIndex });
      }
      node = undefined;
    }
    // The next child holding a mark, of the innermost node that has one left. tree-sitter keeps a long list of
    // children (a body's blocks, a tuple's items) as a balanced tree of hidden nodes, so finding one is logarithmic:
    // a flat file of 100,000 attributes is read in linear time.
    const frame = frames[frames.length - 1];
    if (!frame) break;
    const mark = marks.first(frame.from);
    const child = mark < frame.end ? frame.node.firstNamedChildForIndex(mark) : null;
    const end = child?.endIndex ?? 0;
    if (!child || end <= frame.from) {
      frames.pop();
      continue;
    }
    frame.from = end;
    if (marks.within(child.startIndex, end)) {
      node = child;
      context = frame.context;
    }
  }
  return out;
}
