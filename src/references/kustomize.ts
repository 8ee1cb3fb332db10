/**
 * Kustomize `kustomization.yaml`: the `images:` transformer entries.
 *
 *   images:
 *     - name: web                                              the image as the manifests name it
 *       newName: 111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web
 *       newTag: "1.4.2"
 *       digest: sha256:…                                       wins over newTag, as in kustomize
 *
 * The image the cluster runs is `newName` (or `name`) with `digest` or `newTag`. The reference points at `newName`
 * (or `name`); the hover also answers on `name`, `newTag` and `digest`. Pure.
 */
import { get, items, type ScalarNode, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

function scalar(node: TreeNode | undefined): ScalarNode | undefined {
  return isImageScalar(node) ? node : undefined;
}

export function extractKustomize(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const doc of documents) {
    items(get(doc, 'images')).forEach((entry, i) => {
      const name = scalar(get(entry, 'name'));
      const newName = scalar(get(entry, 'newName'));
      const newTag = scalar(get(entry, 'newTag'));
      const digest = scalar(get(entry, 'digest'));
      const main = newName ?? name;
      if (!main) return;
      let image = main.text.trim();
      if (digest) image += `@${digest.text.trim()}`;
      else if (newTag) image += `:${newTag.text.trim()}`;
      const related = [newName ? name : undefined, newTag, digest].filter((n): n is ScalarNode => n !== undefined);
      const label = name?.text.trim();
      out.push(
        makeReference(input, {
          fileKind: 'kustomize',
          node: main,
          context: `images[${i}]${label ? ` ${label}` : ''}`,
          related,
          image,
        }),
      );
    });
  }
  return out;
}
