/**
 * GitHub Actions workflows (`.github/workflows/*.yml`): `jobs.<id>.container` (a string, or `image:` in a map),
 * `jobs.<id>.services.<name>.image` (or a string), and `jobs.<id>.steps[].uses: docker://<image>`. An image made with
 * an expression (`${{ … }}`) is unresolved: its value is known only when the workflow runs. Pure.
 */
import { entries, get, items, type ScalarNode, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const DOCKER_SCHEME = 'docker://';

function imageOf(node: TreeNode | undefined): ScalarNode | undefined {
  if (isImageScalar(node)) return node;
  const image = get(node, 'image');
  return isImageScalar(image) ? image : undefined;
}

export function extractGitHubActions(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const doc of documents) {
    for (const { key: job, value } of entries(get(doc, 'jobs'))) {
      const container = imageOf(get(value, 'container'));
      if (container) {
        out.push(
          makeReference(input, { fileKind: 'githubActions', node: container, context: `jobs.${job}.container` }),
        );
      }
      for (const { key: service, value: spec } of entries(get(value, 'services'))) {
        const image = imageOf(spec);
        if (image) {
          out.push(
            makeReference(input, {
              fileKind: 'githubActions',
              node: image,
              context: `jobs.${job}.services.${service}`,
            }),
          );
        }
      }
      items(get(value, 'steps')).forEach((step, i) => {
        const uses = get(step, 'uses');
        if (!isImageScalar(uses) || !uses.text.startsWith(DOCKER_SCHEME)) return;
        // The reference is the image after `docker://`.
        const node: ScalarNode = {
          ...uses,
          text: uses.text.slice(DOCKER_SCHEME.length),
          start: uses.start + DOCKER_SCHEME.length,
        };
        out.push(makeReference(input, { fileKind: 'githubActions', node, context: `jobs.${job}.steps[${i}]` }));
      });
    }
  }
  return out;
}
