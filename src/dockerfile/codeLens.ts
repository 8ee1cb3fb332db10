/**
 * A CodeLens above each `FROM` line that names a private ECR image: "$(server) 3 clusters · 23 running", which opens
 * the image in the Image Clusters view. Off by default (setting `imageFootprint.dockerfile.codeLens`).
 *
 * `provideCodeLenses` makes no request: it only finds the ECR images of the document. `resolveCodeLens`, which VS Code
 * calls for the lenses on screen only, asks the shared `ImageUsageService` (so scrolling a long file costs one lookup
 * per distinct image seen, and a lens scrolled away cancels its lookup). The lenses are asked for again when the
 * setting changes, when the answers are cleared (`refresh()`, Refresh command) or when one of `invalidations` fires.
 */
import * as vscode from 'vscode';
import { Disposable } from '../util/disposable';
import type { EcrImageRef } from '../inspector/imageRef';
import { formatImageUri } from '../inspector/imageRef';
import { DockerfileReferenceCache, toVscodeRange, withCancellation } from './hover';
import { hoverSubject, usageCodeLens, type ImageUsageSource } from './usageMarkdown';

export const CODE_LENS_SETTING = 'imageFootprint.dockerfile.codeLens';

/** A lens on one ECR image; `command` is set when it is resolved. */
export class ImageUsageLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly image: EcrImageRef,
  ) {
    super(range);
  }
}

/** An ECR image named at a place in a document. */
export interface ImageLensTarget {
  readonly range: vscode.Range;
  readonly image: EcrImageRef;
}

/** Where a document names ECR images: the lenses go there (no request is made to find them). */
export type ImageLensTargets = (
  document: vscode.TextDocument,
) => readonly ImageLensTarget[] | Promise<readonly ImageLensTarget[]>;

/** The ECR images of a Dockerfile's `FROM` lines. */
export function dockerfileLensTargets(references: DockerfileReferenceCache): ImageLensTargets {
  return (document) => {
    const targets: ImageLensTarget[] = [];
    for (const reference of references.get(document)) {
      if (reference.instruction !== 'FROM') continue;
      const subject = hoverSubject(reference);
      if (subject.kind === 'ecr') targets.push({ range: toVscodeRange(reference.range), image: subject.ref });
    }
    return targets;
  };
}

/**
 * The one CodeLens provider for every file kind (Dockerfiles, manifests, templates, workflows): `targets` says where
 * a document names ECR images; the lens text comes from the shared `ImageUsageService` when VS Code resolves it.
 */
export class ImageUsageCodeLensProvider extends Disposable implements vscode.CodeLensProvider<ImageUsageLens> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly usage: ImageUsageSource,
    /** Whether the lenses are on (a setting: `imageFootprint.dockerfile.codeLens` or `.references.codeLens`). */
    private readonly isEnabled: () => boolean,
    /** Events after which the lenses are asked for again: the setting changed, the connection changed. */
    invalidations: readonly vscode.Event<unknown>[],
    private readonly targets: ImageLensTargets,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    for (const event of invalidations) this._register(event(() => this.refresh()));
  }

  /** Asks VS Code for the lenses again (after `ImageUsageService.clear()`, or when the setting flips). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<ImageUsageLens[]> {
    if (!this.isEnabled()) return [];
    return (await this.targets(document)).map((t) => new ImageUsageLens(t.range, t.image));
  }

  async resolveCodeLens(lens: ImageUsageLens, token: vscode.CancellationToken): Promise<ImageUsageLens> {
    const usage = await withCancellation(token, (signal) => this.usage.usage(lens.image, signal));
    const text = usage === undefined ? { title: '', tooltip: '' } : usageCodeLens(usage, this.now());
    lens.command = {
      title: text.title,
      tooltip: text.tooltip,
      command: 'imageFootprint.lookupImage',
      arguments: [formatImageUri(lens.image)],
    };
    return lens;
  }
}
