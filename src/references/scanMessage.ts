/**
 * The message at the top of the Workspace Images view while and after the workspace is scanned: one whole sentence
 * per case and per singular/plural, through `@vscode/l10n` (l10n.md). Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { formatCount } from '../util/format';
import type { ScanState } from './workspaceIndex';

/** The view's message for `state` with `images` ECR images found; undefined when the view needs none. */
export function scanMessage(state: ScanState, images: number): string | undefined {
  const read = formatCount(state.filesRead);
  const found = formatCount(state.filesFound);
  const count = formatCount(images);
  switch (state.status) {
    case 'scanning':
      if (images === 0) return l10n.t('Scanning {0}/{1} files…', read, found);
      return images === 1
        ? l10n.t('Scanning {0}/{1} files… {2} ECR image so far', read, found, count)
        : l10n.t('Scanning {0}/{1} files… {2} ECR images so far', read, found, count);
    case 'cancelled':
      return images === 1
        ? l10n.t('Scan cancelled after {0} of {1} files: {2} ECR image.', read, found, count)
        : l10n.t('Scan cancelled after {0} of {1} files: {2} ECR images.', read, found, count);
    case 'done':
      if (images === 0) {
        return state.truncated
          ? l10n.t('No private ECR image referenced in {0} candidate files (stopped at the first {0} files).', found)
          : l10n.t('No private ECR image referenced in {0} candidate files.', found);
      }
      if (!state.truncated) return undefined;
      return images === 1
        ? l10n.t('{0} ECR image (stopped at the first {1} files).', count, found)
        : l10n.t('{0} ECR images (stopped at the first {1} files).', count, found);
    default:
      return undefined;
  }
}
