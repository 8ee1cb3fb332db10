/** What the lifecycle nodes need from their view: the service that pages them, in-use answers, where to show changes. */
import type { EcrImageRef } from '../inspector/imageRef';
import type { ImageUsage } from '../inspector/imageUsage';
import type { NotifyChange } from '../tree/node';
import type { ImageBuilderLifecycle } from './lifecycle';
import type { WorkspaceHit } from './referencedNodes';

export interface LifecycleSource {
  readonly notify: NotifyChange;
  /** Image Builder: pages, executions, policies (GetLifecyclePolicy once per policy for the view's session). */
  readonly lifecycle: ImageBuilderLifecycle;
  /** Runs a read the in-use check needs (associated resources) with at most 3 at a time across the view. */
  limitCheckRead<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
  imageUsage(ref: EcrImageRef, signal: AbortSignal): Promise<ImageUsage>;
  /** References in the workspace (Workspace Images index, no request) to any of these images. */
  workspaceReferences(images: readonly EcrImageRef[]): readonly WorkspaceHit[];
}
