/**
 * Kubernetes manifests: every document with `apiVersion` and `kind` (multi-document files, `kind: List` with `items`).
 * The pod spec is found where each workload keeps it:
 *
 *   Pod                                         spec
 *   PodTemplate                                 template.spec
 *   Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 *   and any other kind with a pod template     spec.template.spec   (Argo Rollouts, OpenKruise, …)
 *   CronJob                                     spec.jobTemplate.spec.template.spec
 *
 * and in it `containers[].image`, `initContainers[].image`, `ephemeralContainers[].image` and the image volumes
 * `volumes[].image.reference`. Pure.
 */
import { get, getPath, items, stringOf, type TreeNode } from './documents';
import { isImageScalar, makeReference, type ExtractInput } from './common';
import type { ImageReference } from './model';

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Whether a document is a Kubernetes object (has `apiVersion` and `kind` strings). */
export function isKubernetesObject(doc: TreeNode | undefined): boolean {
  return stringOf(get(doc, 'apiVersion')) !== undefined && stringOf(get(doc, 'kind')) !== undefined;
}

function podSpecOf(doc: TreeNode, kind: string): TreeNode | undefined {
  switch (kind) {
    case 'Pod':
      return get(doc, 'spec');
    case 'PodTemplate':
      return getPath(doc, 'template', 'spec');
    case 'CronJob':
      return getPath(doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    default:
      return getPath(doc, 'spec', 'template', 'spec');
  }
}

export function podSpecReferences(
  input: ExtractInput,
  podSpec: TreeNode | undefined,
  owner: string,
  out: ImageReference[],
): void {
  for (const list of CONTAINER_LISTS) {
    items(get(podSpec, list)).forEach((container, i) => {
      const image = get(container, 'image');
      if (!isImageScalar(image)) return;
      const name = stringOf(get(container, 'name'));
      const context = `${owner} › ${list}[${i}]${name ? ` ${name}` : ''}`;
      out.push(makeReference(input, { fileKind: 'kubernetes', node: image, context }));
    });
  }
  items(get(podSpec, 'volumes')).forEach((volume, i) => {
    const reference = getPath(volume, 'image', 'reference');
    if (!isImageScalar(reference)) return;
    const name = stringOf(get(volume, 'name'));
    const context = `${owner} › volumes[${i}]${name ? ` ${name}` : ''}`;
    out.push(makeReference(input, { fileKind: 'kubernetes', node: reference, context }));
  });
}

function objectReferences(input: ExtractInput, doc: TreeNode, out: ImageReference[], depth: number): void {
  const kind = stringOf(get(doc, 'kind')) ?? '';
  if (kind === 'List' || kind.endsWith('List')) {
    if (depth < 4) for (const item of items(get(doc, 'items'))) objectReferences(input, item, out, depth + 1);
    return;
  }
  const name = stringOf(getPath(doc, 'metadata', 'name'));
  podSpecReferences(input, podSpecOf(doc, kind), name ? `${kind} ${name}` : kind, out);
}

/** The image references of the Kubernetes objects among `documents`; other documents are ignored. */
export function extractKubernetes(input: ExtractInput, documents: readonly TreeNode[]): ImageReference[] {
  const out: ImageReference[] = [];
  for (const doc of documents) if (isKubernetesObject(doc)) objectReferences(input, doc, out, 0);
  return out;
}
