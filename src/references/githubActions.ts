/**
 * GitHub Actions workflows (`.github/workflows/*.yml`): `jobs.<id>.container` (a string, or `image:` in a map),
 * `jobs.<id>.services.<name>.image` (or a string), and `jobs.<id>.steps[].uses: docker://<image>`; and Docker
 * container actions (`action.yml`): `runs.image: docker://<image>` (an `image: Dockerfile` is built, not pulled). An image made with
 * an expression (`${{ … }}`) is unresolved: its value is known only when the workflow runs. Pure.
 */
import { entries, get, getPath, items, type ScalarNode, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const DOCKER_SCHEME = 'docker://';

function imageOf(node: TreeNode | undefined): ScalarNode | undefined {
  if (isImageScalar(node)) return node;
  const image = get(node, 'image');
  return isImageScalar(image) ? image : undefined;
}

/** The reference is the image after `docker://`. */
function afterScheme(node: ScalarNode): ScalarNode {
  return { ...node, text: node.text.slice(DOCKER_SCHEME.length), start: node.start + DOCKER_SCHEME.length };
}

export function extractGitHubActions(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const doc of documents) {
    const runsImage = getPath(doc, 'runs', 'image');
    if (isImageScalar(runsImage) && runsImage.text.startsWith(DOCKER_SCHEME)) {
      out.push(
        makeReference(input, { fileKind: 'githubActions', node: afterScheme(runsImage), context: 'runs.image' }),
      );
    }
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
        const node = afterScheme(uses);
        out.push(makeReference(input, { fileKind: 'githubActions', node, context: `jobs.${job}.steps[${i}]` }));
      });
    }
  }
  return out;
}
