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

export class DockerfileCodeLensProvider extends Disposable implements vscode.CodeLensProvider<ImageUsageLens> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly usage: ImageUsageSource,
    /** Whether the lenses are on (the setting `imageFootprint.dockerfile.codeLens`). */
    private readonly isEnabled: () => boolean,
    /** Events after which the lenses are asked for again: the setting changed, the connection changed. */
    invalidations: readonly vscode.Event<unknown>[],
    private readonly references: DockerfileReferenceCache,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    for (const event of invalidations) this._register(event(() => this.refresh()));
  }

  /** Asks VS Code for the lenses again (after `ImageUsageService.clear()`, or when the setting flips). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): ImageUsageLens[] {
    if (!this.isEnabled()) return [];
    const lenses: ImageUsageLens[] = [];
    for (const reference of this.references.get(document)) {
      if (reference.instruction !== 'FROM') continue;
      const subject = hoverSubject(reference);
      if (subject.kind === 'ecr') lenses.push(new ImageUsageLens(toVscodeRange(reference.range), subject.ref));
    }
    return lenses;
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
