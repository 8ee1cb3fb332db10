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

function keyOf(text: string, node: HclNode): string | undefined {
  const key = named(node)[0];
  if (!key) return undefined;
  const raw = text.slice(key.startIndex, key.endIndex).trim();
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
}

/** The string or template under an `expression` node, or undefined when the value is something else. */
function templateOf(expression: HclNode | undefined): HclNode | undefined {
  const inner = named(expression)[0];
  if (!inner) return undefined;
  if (inner.type === 'literal_value') return named(inner).find((n) => n.type === 'string_lit');
  if (inner.type === 'template_expr') return named(inner)[0];
  return undefined;
}

function stringReference(input: ExtractInput, template: HclNode, context: string, out: ImageReference[]): void {
  const parts = named(template).filter((n) => n.type !== 'quoted_template_start' && n.type !== 'quoted_template_end');
  if (parts.length === 0) return;
  const start = parts[0]!.startIndex;
  const end = parts[parts.length - 1]!.endIndex;
  const source = input.text.slice(start, end);
  const dynamic = parts.filter((p) => p.type === 'template_interpolation' || p.type === 'template_directive');
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
  const parts = named(heredoc).filter((n) => n.type === 'template_literal' || n.type === 'template_interpolation');
  if (parts.length === 0) return;
  const start = parts[0]!.startIndex;
  const end = parts[parts.length - 1]!.endIndex;
  // Interpolations are blanked with `_` of the same length, so the JSON keeps its shape and positions.
  const spans = parts.filter((p) => p.type !== 'template_literal').map((p) => [p.startIndex, p.endIndex] as const);
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
  const parts = named(block)
    .filter((n) => n.type === 'identifier' || n.type === 'string_lit')
    .map((n) => text.slice(n.startIndex, n.endIndex).replace(/^"|"$/g, ''));
  return parts[0] === 'resource' || parts[0] === 'data' ? parts.slice(1).join('.') : parts.join('.');
}

export function extractTerraform(input: ExtractInput, root: HclNode): ImageReference[] {
  const out: ImageReference[] = [];
  const stack: { node: HclNode; context: string }[] = [{ node: root, context: '' }];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const { node, context } = stack.pop()!;
    if (node.type === 'attribute' || node.type === 'object_elem') {
      const key = keyOf(input.text, node);
      const expression = named(node)[1];
      const here = key === undefined ? context : context ? `${context}.${key}` : key;
      const template = key !== undefined && IMAGE_KEYS.has(key) ? templateOf(expression) : undefined;
      if (template && (template.type === 'string_lit' || template.type === 'quoted_template')) {
        stringReference(input, template, here, out);
        continue;
      }
      const value = templateOf(expression);
      if (value?.type === 'heredoc_template') {
        heredocJson(input, value, here, out);
        continue;
      }
      if (expression) stack.push({ node: expression, context: here });
      continue;
    }
    const context2 = node.type === 'block' ? blockLabel(input.text, node) : context;
    const children = named(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, context: context2 });
  }
  return out;
}
