/**
 * Helm values files (`values.yaml`, `values-prod.yaml`, …): the image conventions charts use, anywhere in the tree:
 *
 *   image: 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2        a string
 *   image: { registry: …, repository: shop/web, tag: "1.4.2", digest: sha256:… }   Bitnami style (registry optional)
 *   image: { repository: 1111….amazonaws.com/shop/web, tag: 1.4.2 }             the `helm create` default
 *
 * The map may be under any key (`sidecar: { repository, tag }`): a map with a string `repository` and a `tag`,
 * `digest` or `registry` is read as an image. The reference points at `repository` (or the string), and the hover
 * also answers on the `tag`, `digest` and `registry` lines. An empty tag (`tag: ""`, which charts fill with their
 * appVersion) is said as such, with no lookup. Templated values (`{{ … }}`) are unresolved. Pure.
 */
import * as l10n from '@vscode/l10n';
import { get, type ScalarNode, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const MAX_DEPTH = 64;

function scalarOf(node: TreeNode | undefined): ScalarNode | undefined {
  return node?.type === 'scalar' && !node.isNull ? node : undefined;
}

function imageMap(input: ExtractInput, map: TreeNode, path: string, out: ImageReference[]): boolean {
  const repository = get(map, 'repository');
  if (!isImageScalar(repository)) return false;
  const registry = scalarOf(get(map, 'registry'));
  const tag = scalarOf(get(map, 'tag'));
  const digest = scalarOf(get(map, 'digest'));
  const emptyTag = get(map, 'tag')?.type === 'scalar' && tag === undefined;
  if (!registry && !tag && !digest && !emptyTag && !path.endsWith('image')) return false;
  const host = registry?.text.trim();
  const repo = repository.text.trim();
  let image = host ? `${host.replace(/\/+$/, '')}/${repo}` : repo;
  const tagText = tag?.text.trim();
  if (tagText) image += `:${tagText}`;
  const digestText = digest?.text.trim();
  if (digestText) image += `@${digestText}`;
  const related = [registry, tag, digest].filter((n): n is ScalarNode => n !== undefined);
  const unresolved =
    !tagText && !digestText && (emptyTag || tag !== undefined)
      ? l10n.t('the tag is empty: the chart fills it in (usually with its appVersion)')
      : undefined;
  out.push(
    makeReference(input, {
      fileKind: 'helm',
      node: repository,
      context: path,
      related,
      image,
      ...(unresolved ? { unresolved } : {}),
    }),
  );
  return true;
}

function walk(
  input: ExtractInput,
  node: TreeNode,
  path: string,
  out: ImageReference[],
  seen: Set<TreeNode>,
  depth: number,
): void {
  if (depth > MAX_DEPTH || seen.has(node)) return;
  seen.add(node);
  if (node.type === 'map') {
    if (imageMap(input, node, path, out)) return;
    for (const { key, value } of node.entries) {
      const childPath = path ? `${path}.${key}` : key;
      if (key === 'image' && isImageScalar(value)) {
        out.push(makeReference(input, { fileKind: 'helm', node: value, context: childPath }));
      } else if (value.type !== 'scalar') walk(input, value, childPath, out, seen, depth + 1);
    }
  } else if (node.type === 'seq') {
    node.items.forEach((item, i) => walk(input, item, `${path}[${i}]`, out, seen, depth + 1));
  }
}

export function extractHelmValues(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  const seen = new Set<TreeNode>();
  for (const doc of documents) walk(input, doc, '', out, seen, 0);
  return out;
}
