/**
 * Amazon ECS files (JSON, comments and trailing commas allowed):
 *
 * - task definitions: `containerDefinitions[].image`, at the top (the `register-task-definition` input) or under
 *   `taskDefinition` (the `describe-task-definition` output);
 * - `imagedefinitions.json` (CodePipeline ECS standard deployment): `[{ "name": …, "imageUri": … }]`;
 * - `imageDetail.json` (CodePipeline ECS blue/green): `{ "ImageURI": … }`.
 *
 * Placeholders such as `<IMAGE1_NAME>` (CodeDeploy) are said as such. Pure.
 */
import * as l10n from '@vscode/l10n';
import { get, items, stringOf, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const PLACEHOLDER = /^<[A-Za-z0-9_]+>$/;

function placeholder(text: string): string | undefined {
  return PLACEHOLDER.test(text.trim()) ? l10n.t('{0} is a placeholder CodeDeploy fills in', text.trim()) : undefined;
}

/** Whether a JSON document is a task definition (has a `containerDefinitions` list, maybe under `taskDefinition`). */
export function isTaskDefinition(doc: TreeNode | undefined): boolean {
  return (
    get(doc, 'containerDefinitions')?.type === 'seq' ||
    get(get(doc, 'taskDefinition'), 'containerDefinitions')?.type === 'seq'
  );
}

export function extractTaskDefinition(input: ExtractInput, doc: TreeNode | undefined): ImageReference[] {
  const out: ImageReference[] = [];
  const root = get(doc, 'containerDefinitions') ? doc : get(doc, 'taskDefinition');
  const family = stringOf(get(root, 'family'));
  items(get(root, 'containerDefinitions')).forEach((container, i) => {
    const image = get(container, 'image');
    if (!isImageScalar(image)) return;
    const name = stringOf(get(container, 'name'));
    const unresolved = placeholder(image.text);
    out.push(
      makeReference(input, {
        fileKind: 'ecsTaskDefinition',
        node: image,
        context: `${family ? `${family} › ` : ''}containerDefinitions[${i}]${name ? ` ${name}` : ''}`,
        ...(unresolved ? { unresolved } : {}),
      }),
    );
  });
  return out;
}

export function extractImageDefinitions(input: ExtractInput, doc: TreeNode | undefined): ImageReference[] {
  const out: ImageReference[] = [];
  const single = get(doc, 'ImageURI');
  if (isImageScalar(single)) {
    const unresolved = placeholder(single.text);
    out.push(
      makeReference(input, {
        fileKind: 'imageDefinitions',
        node: single,
        context: 'ImageURI',
        ...(unresolved ? { unresolved } : {}),
      }),
    );
  }
  items(doc).forEach((entry, i) => {
    const uri = get(entry, 'imageUri');
    if (!isImageScalar(uri)) return;
    const name = stringOf(get(entry, 'name'));
    const unresolved = placeholder(uri.text);
    out.push(
      makeReference(input, {
        fileKind: 'imageDefinitions',
        node: uri,
        context: `[${i}]${name ? ` ${name}` : ''}`,
        ...(unresolved ? { unresolved } : {}),
      }),
    );
  });
  return out;
}
