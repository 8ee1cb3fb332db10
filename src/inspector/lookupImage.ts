/**
 * "Look Up ECR Image…": an image URI or Inspector resource id, from the argument or a quick pick that validates as the
 * user types and offers recent images; a tag is resolved with ListCoverage in the image's region, a digest becomes the
 * resource id directly. The image then becomes a root of the Image Clusters view, revealed and expanded.
 */
import * as vscode from 'vscode';
import { FootprintError } from '../aws/errors';
import type { ErrorActions } from '../ui/errorActions';
import { notificationText, plainLabel } from '../util/escape';
import type { ImageNode } from './clusterNodes';
import type { ClustersView } from './clustersView';
import { CLUSTERS_VIEW_ID } from './clustersView';
import { digestOfResourceId, type InspectorImages } from './images';
import { formatImageUri, parseEcrImage, resourceIdOf, shortImageLabel, type EcrImageRef } from './imageRef';
import { MAX_RECENT_INPUTS, restoreRecentInputs, type ImageSubject } from './imageSubject';

const RECENT_KEY = 'imageFootprint.recentImages';

export class ImageLookup {
  constructor(
    private readonly images: InspectorImages,
    private readonly view: ClustersView,
    private readonly recent: vscode.Memento,
    private readonly errors: ErrorActions,
  ) {}

  /** The command: `arg` may be an image URI or resource id (from code, tests or hover links). */
  async run(arg?: unknown): Promise<ImageNode | undefined> {
    const input = typeof arg === 'string' ? arg : await this.ask();
    if (input === undefined) return undefined;
    const parsed = parseEcrImage(input);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(notificationText(parsed.message));
      return undefined;
    }
    const existing = this.findExisting(parsed.ref);
    if (existing) {
      await this.remember(existing.image.input);
      await this.view.reveal(existing);
      return existing;
    }
    const subject = await vscode.window.withProgress(
      { location: { viewId: CLUSTERS_VIEW_ID }, title: vscode.l10n.t('Looking up {0}', shortImageLabel(parsed.ref)) },
      () => this.resolve(parsed.ref, input.trim()),
    );
    if (!subject) return undefined;
    // Remembered while the image is shown, not before.
    const [node] = await Promise.all([this.view.addImage(subject), this.remember(subject.input)]);
    return node;
  }

  /** Only a digest identifies an image for good; a tag is resolved again, since it may have moved. */
  private findExisting(ref: EcrImageRef): ImageNode | undefined {
    const resourceId = resourceIdOf(ref);
    return resourceId ? this.view.find(resourceId) : undefined;
  }

  /** The resource id of the image, or undefined after telling the user why there is none. */
  async resolve(ref: EcrImageRef, input: string): Promise<ImageSubject | undefined> {
    const base = {
      region: ref.region,
      accountId: ref.accountId,
      repository: ref.repository,
      tag: ref.tag,
      input: formatImageUri(ref) || input,
    };
    const direct = resourceIdOf(ref);
    if (direct) return { ...base, resourceId: direct, digest: ref.digest };
    const label = shortImageLabel(ref);
    let target;
    try {
      target = await this.images.target(ref.region);
      const resourceId = await this.images.resolveResourceId(target, ref);
      if (!resourceId) {
        // Not awaited: the command finishes now; the message stays until the user dismisses it.
        void vscode.window
          .showWarningMessage(
            notificationText(
              vscode.l10n.t(
                'Inspector does not cover {0} in account {1} ({2}): no scanned image has this tag. Check the tag, or that Amazon Inspector enhanced scanning covers the repository. You can also look the image up by digest.',
                label,
                ref.accountId,
                ref.region,
              ),
            ),
            vscode.l10n.t('Look Up Another Image…'),
          )
          .then((picked) => {
            if (picked) void vscode.commands.executeCommand('imageFootprint.lookupImage');
          });
        return undefined;
      }
      return { ...base, resourceId, digest: digestOfResourceId(resourceId) };
    } catch (err) {
      const error = err instanceof FootprintError ? err : this.images.errorOf(err, 'ListCoverage', target);
      void this.errors.show(error, () => this.run(input));
      return undefined;
    }
  }

  private recentInputs(): string[] {
    return restoreRecentInputs(this.recent.get<unknown>(RECENT_KEY));
  }

  private async remember(input: string): Promise<void> {
    const list = [input, ...this.recentInputs().filter((s) => s !== input)].slice(0, MAX_RECENT_INPUTS);
    await this.recent.update(RECENT_KEY, list);
  }

  /** A quick pick that validates as the user types and lists recent images; resolves to the text to look up. */
  private ask(): Promise<string | undefined> {
    const recent = this.recentInputs();
    const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { value?: string }>();
    quickPick.title = vscode.l10n.t('Look Up ECR Image');
    quickPick.placeholder = vscode.l10n.t(
      '{0}, …@sha256:<digest>, or an Inspector resource id',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag',
    );
    quickPick.matchOnDescription = true;
    const recentItems = recent.map((value) => ({
      label: `$(history) ${plainLabel(value)}`,
      value,
      description: vscode.l10n.t({ message: 'recent', comment: ['an image looked up recently'] }),
    }));
    const update = (): void => {
      const typed = quickPick.value.trim();
      if (typed === '') {
        quickPick.items = recentItems;
        return;
      }
      const parsed = parseEcrImage(typed);
      const head: vscode.QuickPickItem & { value?: string } = parsed.ok
        ? {
            label: `$(search) ${vscode.l10n.t('Look up {0}', shortImageLabel(parsed.ref))}`,
            description: `${parsed.ref.accountId} · ${parsed.ref.region}`,
            detail: parsed.ref.digest
              ? vscode.l10n.t('by digest')
              : vscode.l10n.t('the tag is resolved with Amazon Inspector ListCoverage'),
            value: typed,
            alwaysShow: true,
          }
        : { label: `$(error) ${plainLabel(parsed.message)}`, alwaysShow: true };
      quickPick.items = [head, ...recentItems.filter((i) => i.value.includes(typed))];
    };
    update();
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: string | undefined): void => {
        if (done) return;
        done = true;
        resolve(value);
        quickPick.dispose();
      };
      quickPick.onDidChangeValue(update);
      quickPick.onDidAccept(() => {
        const value = quickPick.selectedItems[0]?.value;
        if (value !== undefined) finish(value);
      });
      quickPick.onDidHide(() => finish(undefined));
      quickPick.show();
    });
  }
}
