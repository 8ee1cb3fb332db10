/**
 * The hover text of an image reference in a manifest, template or workflow: for a private ECR image the same answer
 * as the Dockerfile hover (`usageHoverMarkdown`), followed by where the reference is (file kind and path in the
 * document); for anything else one quiet line and no lookup. Everything from the file is escaped. Pure.
 */
import * as l10n from '@vscode/l10n';
import { quietHoverMarkdown, usageHoverMarkdown, type ImageUsageSource } from '../dockerfile/usageMarkdown';
import { escapeMarkdown, truncateMiddle } from '../util/escape';
import { FILE_KIND_LABEL, type ImageReference } from './model';

const MAX_NAME = 80;

function text(s: string, max = 300): string {
  return escapeMarkdown(truncateMiddle(s, max));
}

function whereLine(reference: ImageReference): string {
  return `_${FILE_KIND_LABEL[reference.fileKind]} · ${text(reference.context, 160)}_`;
}

/** The one line for a reference that gets no lookup. */
export function quietReferenceMarkdown(reference: ImageReference): string | undefined {
  const target = reference.target;
  if (target.kind === 'ecr') return undefined;
  const body =
    target.kind === 'unresolved'
      ? `**${text(target.image || reference.raw, MAX_NAME)}**  \n$(info) _${l10n.t('No lookup: {0}.', text(target.reason))}_`
      : quietHoverMarkdown(target);
  return `${body}\n\n${whereLine(reference)}`;
}

/** The whole hover of one reference; asks `source` only for a private ECR image. */
export async function answerReferenceHover(
  reference: ImageReference,
  source: ImageUsageSource,
  signal?: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<string> {
  const target = reference.target;
  if (target.kind !== 'ecr') return quietReferenceMarkdown(reference) ?? '';
  const usage = await source.usage(target.ref, signal);
  return `${usageHoverMarkdown(target.ref, usage, now())}\n\n${whereLine(reference)}`;
}
