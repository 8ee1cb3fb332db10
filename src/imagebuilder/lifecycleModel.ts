/**
 * Pure descriptions of Image Builder lifecycle data for the tree: what a resource is (AMI, Image Builder image,
 * container image), short labels, which resources warrant an in-use check, and the execution id pattern.
 * No `vscode` import.
 */
import type { LifecycleResource, StatusWithReason } from '../aws/types';
import { parseEcrImage, type EcrImageRef } from '../inspector/imageRef';
import { isRegionName } from '../settings';
import { parseArn } from '../util/arn';

/** `lce-` + a UUID (Image Builder's LifecycleExecutionId pattern). */
const EXECUTION_ID = /^lce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Undefined when `input` is a valid execution id; otherwise what is wrong and what is expected. */
export function validateExecutionId(input: string): string | undefined {
  const value = input.trim();
  if (value === '') return 'Enter a lifecycle execution id (lce-…).';
  if (EXECUTION_ID.test(value)) return undefined;
  if (!value.startsWith('lce-')) {
    return `Not a lifecycle execution id: "${clip(value)}". Expected lce- followed by a UUID.`;
  }
  return `Not a lifecycle execution id: "${clip(value)}". Expected lce-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hexadecimal).`;
}

/** An execution the user opened by id, as the view saves it in workspace state. */
export interface OpenedExecution {
  readonly id: string;
  readonly region: string;
}

/** How many opened executions are kept; older ones beyond this are dropped from (corrupt or huge) saved state. */
export const MAX_OPENED_EXECUTIONS = 100;

/**
 * The well-formed entries of saved (possibly corrupt) state: a valid id and region, each (id, region) once (two rows
 * with one id would break the tree), at most MAX_OPENED_EXECUTIONS.
 */
export function restoreOpenedExecutions(saved: unknown): OpenedExecution[] {
  if (!Array.isArray(saved)) return [];
  const seen = new Set<string>();
  const opened: OpenedExecution[] = [];
  for (const e of saved) {
    if (opened.length >= MAX_OPENED_EXECUTIONS) break;
    const v = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof v.id !== 'string' || typeof v.region !== 'string') continue;
    if (validateExecutionId(v.id) !== undefined || v.id !== v.id.trim() || !isRegionName(v.region)) continue;
    const key = `${v.region}/${v.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    opened.push({ id: v.id, region: v.region });
  }
  return opened;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export type ResourceKind = 'ami' | 'imageBuilderImage' | 'containerImage' | 'other';

export function resourceKind(resource: LifecycleResource): ResourceKind {
  const id = resource.resourceId ?? '';
  if (/^ami-[0-9a-f]{8,17}$/.test(id)) return 'ami';
  const arn = parseArn(id);
  if (arn?.service === 'imagebuilder' && arn.resource.startsWith('image/')) return 'imageBuilderImage';
  if (resource.imageUris.length > 0 || parseEcrImage(id).ok || /^sha256:[a-f0-9]{64}$/.test(id)) {
    return 'containerImage';
  }
  return resource.snapshots.length > 0 ? 'ami' : 'other';
}

/** A short label: the AMI id, `name 1.0.0/3` for an Image Builder image, `repo:tag` for a container image. */
export function resourceLabel(resource: LifecycleResource): string {
  const id = resource.resourceId ?? '';
  const kind = resourceKind(resource);
  if (kind === 'imageBuilderImage') {
    const path = parseArn(id)?.resource.slice('image/'.length) ?? id;
    const [name, ...version] = path.split('/');
    return version.length > 0 ? `${name} ${version.join('/')}` : (name ?? id);
  }
  if (kind === 'containerImage') {
    for (const candidate of [id, ...resource.imageUris]) {
      const parsed = parseEcrImage(candidate);
      if (parsed.ok) {
        const r = parsed.ref;
        return r.tag && !r.impliedLatest
          ? `${r.repository}:${r.tag}`
          : r.digest
            ? `${r.repository}@${r.digest.slice(0, 19)}…`
            : r.repository;
      }
    }
  }
  return id || '(no resource id)';
}

/** The ECR images a resource names (its id and its image URIs), for the in-use check. */
export function containerImagesOf(resource: LifecycleResource): EcrImageRef[] {
  const refs: EcrImageRef[] = [];
  const seen = new Set<string>();
  for (const candidate of [...resource.imageUris, resource.resourceId ?? '']) {
    const parsed = parseEcrImage(candidate);
    if (!parsed.ok || parsed.ref.impliedLatest) continue;
    const key = parsed.ref.digest ?? `${parsed.ref.repository}:${parsed.ref.tag}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push(parsed.ref);
  }
  // A digest identifies the image for good; prefer it over tags of the same image.
  const withDigest = refs.filter((r) => r.digest);
  return withDigest.length > 0 ? withDigest.slice(0, 1) : refs.slice(0, 1);
}

/** Actions that take an image out of use: the ones worth warning about when the image still runs. */
export function isDestructiveAction(resource: LifecycleResource): boolean {
  const action = resource.action?.name;
  return action === 'DELETE' || action === 'DEPRECATE' || action === 'DISABLE';
}

/** Whether an execution may still change (worth refreshing). */
export function isExecutionActive(execution: { readonly state?: StatusWithReason } | undefined): boolean {
  const s = execution?.state?.status;
  return s === 'IN_PROGRESS' || s === 'PENDING' || s === 'CANCELLING';
}

export function shortExecutionId(id: string): string {
  return id.length > 17 ? `${id.slice(0, 17)}…` : id;
}
