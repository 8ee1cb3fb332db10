/**
 * What the Dockerfile hover and CodeLens say about an image reference, as text:
 *
 * - `hoverSubject(reference)`: what a reference is for the hover: an earlier stage (no hover), an image whose name
 *   depends on a build-time variable (a quiet line, no lookup), some other registry's image (a quiet line, no lookup),
 *   or a private ECR image (a lookup).
 * - `quietHoverMarkdown(subject)`: the one line for the references that get no lookup.
 * - `usageHoverMarkdown(ref, usage, now)`: the hover of an ECR image: heading, resource id, the answer (clusters split by
 *   ECS / EKS, running units, stopped in the last 24 h, last in use), the top clusters with links to their panels, and
 *   a link to the image in the Image Clusters view; or "not in use", "not covered by Inspector", or the error in one line.
 * - `usageCodeLens(usage)`: the title and tooltip of the CodeLens on a `FROM` line.
 * - `answerHover(reference, source, signal, now)`: the whole hover of one reference, asking `source` only for ECR images.
 *
 * Everything that comes from the Dockerfile or from AWS is passed through `escapeMarkdown` (or, for the resource id in
 * code style, allowed only when it is made of ARN characters), so it renders as text: no links, HTML, theme icons or
 * autolinks of its own. The only links are command URIs to `HOVER_COMMANDS`, built by `commandUri`, whose arguments
 * are percent-encoded so that nothing in them can end the link. Our words go through `@vscode/l10n` (a translated
 * template is ours, like the English one; the data put into it is escaped first). No `vscode` import: the only I/O is
 * through the `ImageUsageSource` given to `answerHover`.
 */
import * as l10n from '@vscode/l10n';
import type { ClusterInfo } from '../aws/types';
import { parseArn } from '../util/arn';
import { escapeMarkdown, truncateMiddle } from '../util/escape';
import {
  clusterCount,
  clusterKind,
  clusterTotals,
  describeClusterArn,
  formatCount,
  relativeTime,
  type ClusterKind,
  type ClusterTotals,
} from '../inspector/clusterModel';
import { ERROR_ACTIONS } from '../aws/errorActions';
import type { ErrorAction } from '../aws/errors';
import { formatImageUri, isEcrHost, parseEcrImage, resourceIdOf, shortImageLabel } from '../inspector/imageRef';
import type { EcrImageRef } from '../inspector/imageRef';
import type { ImageUsage } from '../inspector/imageUsage';
import { MAX_EXPANSION_LENGTH, UNRESOLVED_REASONS, type ImageReferenceInDockerfile } from './referenceModel';

/** The commands the hover links to: the only ones its `MarkdownString` trusts. */
export const HOVER_COMMANDS = [
  'imageFootprint.lookupImage',
  'imageFootprint.showEcsTaskDefinition',
  'imageFootprint.showEksWorkloads',
  'imageFootprint.selectProfile',
  'imageFootprint.selectRegion',
] as const;

export type HoverCommand = (typeof HOVER_COMMANDS)[number];

/** Clusters listed by name in the hover; the rest are counted. */
export const TOP_CLUSTERS = 5;

/** The part of `ImageUsageService` the hover and the CodeLens use. */
export interface ImageUsageSource {
  usage(ref: EcrImageRef, signal?: AbortSignal): Promise<ImageUsage>;
}

export type HoverSubject =
  /** `FROM build`, `COPY --from=0`: an earlier stage of the same Dockerfile. */
  | { readonly kind: 'stage' }
  /** The image depends on variables with no value before the build. */
  | { readonly kind: 'unresolved'; readonly image: string; readonly variables: string }
  /** Docker Hub, another registry, ECR Public, or an ECR reference that is not valid (`problem` says why). */
  | { readonly kind: 'other'; readonly image: string; readonly problem?: string }
  | { readonly kind: 'ecr'; readonly ref: EcrImageRef };

/** Longer text from the file or from AWS is shortened in the middle before it is shown. */
const MAX_NAME = 80;
const MAX_TEXT = 300;
/** A resource id made of these characters can be shown in a code span as it is (no backtick, `$`, `(` or space). */
const CODE_SAFE = /^[A-Za-z0-9:/._@+=,-]{1,300}$/;
/** `docker://`, `https://`: Docker does not accept a scheme in an image reference. */
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** Hosts that look like ECR (so a mistake in them deserves its message rather than "not ECR"). */
const ECR_LIKE_HOST = /\.dkr[.-]ecr(?:-fips)?\.|^public\.ecr\.aws$|^ecr-public\.aws\.com$/;

/** The registry host of an image reference as Docker reads it, or undefined for Docker Hub (`node:20`, `library/x`). */
function registryHostOf(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash <= 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : undefined;
}

/** The error actions a hover offers as links (its command links are only these and our own commands). */
const HOVER_ACTIONS: readonly (readonly [
  ErrorAction,
  'imageFootprint.selectProfile' | 'imageFootprint.selectRegion',
])[] = [
  ['selectProfile', 'imageFootprint.selectProfile'],
  ['selectRegion', 'imageFootprint.selectRegion'],
];

export function hoverSubject(reference: ImageReferenceInDockerfile): HoverSubject {
  if (reference.isStageReference) return { kind: 'stage' };
  const image = reference.image;
  if (reference.unresolved !== undefined) return { kind: 'unresolved', image, variables: reference.unresolved };
  if (SCHEME.test(image) || image.startsWith('arn:')) {
    return {
      kind: 'other',
      image,
      problem: l10n.t('an image reference has no scheme or ARN: write <registry>/<repository>:<tag>'),
    };
  }
  const host = registryHostOf(image);
  if (host === undefined) return { kind: 'other', image };
  const parsed = isEcrHost(host) || ECR_LIKE_HOST.test(host) ? parseEcrImage(image) : undefined;
  if (parsed === undefined) return { kind: 'other', image };
  return parsed.ok ? { kind: 'ecr', ref: parsed.ref } : { kind: 'other', image, problem: parsed.message };
}

/**
 * `command:<id>?<arguments>`: the JSON arguments percent-encoded, including `(`, `)`, `'`, `!` and `*`, which
 * `encodeURIComponent` leaves alone and which could otherwise end a Markdown link early.
 */
export function commandUri(command: HoverCommand, args?: readonly unknown[]): string {
  if (args === undefined || args.length === 0) return `command:${command}`;
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${command}?${encoded}`;
}

/** A link whose text is ours or escaped by the caller. */
function link(text: string, command: HoverCommand, args?: readonly unknown[]): string {
  return `[${text}](${commandUri(command, args)})`;
}

/** Text from the file or from AWS, shortened and escaped. */
function text(s: string, max = MAX_TEXT): string {
  return escapeMarkdown(truncateMiddle(s, max));
}

function count(n: number, more: boolean): string {
  return `${formatCount(n)}${more ? '+' : ''}`;
}

/** "last in use 3 days ago", or "last in use unknown". */
function lastInUse(date: Date | undefined, now: Date): string {
  return date
    ? l10n.t('last in use {0}', relativeTime(date, now))
    : l10n.t({ message: 'last in use unknown', comment: ['Inspector reports no last-in-use time'] });
}

/** The parser's `unresolved` (variable names, written syntax and its own reasons) with its reasons translated. */
export function unresolvedText(unresolved: string): string {
  const reasons = new Map<string, () => string>([
    [UNRESOLVED_REASONS.tooLong, () => l10n.t('value longer than {0} characters', MAX_EXPANSION_LENGTH)],
    [
      UNRESOLVED_REASONS.unterminated,
      () =>
        l10n.t({ message: 'unterminated {0}', args: ['${'], comment: ['{0} is "${", a variable not closed by "}"'] }),
    ],
    [UNRESOLVED_REASONS.tooDeep, () => l10n.t('variables nested too deeply')],
  ]);
  return unresolved
    .split(', ')
    .map((part) => reasons.get(part)?.() ?? part)
    .join(', ');
}

export function quietHoverMarkdown(subject: Exclude<HoverSubject, { kind: 'ecr' | 'stage' }>): string {
  const image = `**${text(subject.image, MAX_NAME)}**`;
  if (subject.kind === 'unresolved') {
    const variables = text(unresolvedText(subject.variables), MAX_NAME);
    const line = l10n.t(
      'No lookup: the image depends on {0}, which has no value before the build (an ARG without a default, a --build-arg, or a BuildKit platform variable).',
      variables,
    );
    return `${image}  \n$(info) _${line}_`;
  }
  if (subject.problem !== undefined) {
    return `${image}  \n$(warning) ${l10n.t('Not a valid Amazon ECR image reference: {0}', text(subject.problem))}`;
  }
  return `${image}  \n_${l10n.t('Not a private Amazon ECR image: Image Footprint makes no lookup.')}_`;
}

/** The cluster's name, linked to its panel (the argument is a `ClusterRef` of the Image Clusters commands). */
function clusterLink(name: string, kind: ClusterKind, resourceId: string, cluster: ClusterInfo): string {
  const args = [{ resourceId, clusterArn: cluster.clusterArn }];
  if (kind === 'ecs') return link(name, 'imageFootprint.showEcsTaskDefinition', args);
  return kind === 'eks' ? link(name, 'imageFootprint.showEksWorkloads', args) : name;
}

function kindLabel(kind: ClusterKind): string {
  return kind === 'ecs' ? 'ECS' : kind === 'eks' ? 'EKS' : l10n.t({ message: 'Other', comment: ['a cluster kind'] });
}

interface RankedCluster {
  readonly cluster: ClusterInfo;
  readonly totals: ClusterTotals;
}

/** The hover's order: most units running, then most recently in use, then by ARN. */
function rankOrder(a: RankedCluster, b: RankedCluster): number {
  return (
    b.totals.running - a.totals.running ||
    (b.totals.lastInUse?.getTime() ?? 0) - (a.totals.lastInUse?.getTime() ?? 0) ||
    (a.cluster.clusterArn < b.cluster.clusterArn ? -1 : a.cluster.clusterArn > b.cluster.clusterArn ? 1 : 0)
  );
}

/**
 * The first `TOP_CLUSTERS` clusters in the hover's order, as a stable sort of them all would give, picked in one pass
 * over the page (up to 100 clusters, for 5 shown) instead of sorting it. The order needs only the totals; a cluster's
 * kind (its ARN parsed) is worked out later for the few rows shown.
 */
export function topClusters(clusters: readonly ClusterInfo[]): RankedCluster[] {
  const top: RankedCluster[] = [];
  for (const cluster of clusters) {
    const row = { cluster, totals: clusterTotals(cluster.details) };
    const last = top[top.length - 1];
    // Ties keep the page's order, as the stable sort did: a row equal to the last shown one comes after it.
    if (top.length === TOP_CLUSTERS && last && rankOrder(row, last) >= 0) continue;
    let i = top.length;
    top.push(row);
    for (; i > 0 && rankOrder(row, top[i - 1] as RankedCluster) < 0; i--) top[i] = top[i - 1] as RankedCluster;
    top[i] = row;
    if (top.length > TOP_CLUSTERS) top.pop();
  }
  return top;
}

function clusterLines(
  ref: EcrImageRef,
  resourceId: string,
  clusters: readonly ClusterInfo[],
  more: boolean,
  now: Date,
): string[] {
  const lines = topClusters(clusters).map(({ cluster, totals }) => {
    const described = describeClusterArn(cluster.clusterArn);
    const kind = clusterKind(cluster, described.kind);
    const name = text(described.name, MAX_NAME);
    const account = parseArn(cluster.clusterArn)?.accountId;
    const parts = [
      `${kindLabel(kind)} ${clusterLink(name, kind, resourceId, cluster)}`,
      l10n.t('{0} running', count(totals.running, false)),
      l10n.t('{0} stopped', count(totals.stopped, false)),
      lastInUse(totals.lastInUse, now),
    ];
    if (account && account !== ref.accountId) parts.push(l10n.t('account {0}', text(account, MAX_NAME)));
    return `- ${parts.join(' · ')}`;
  });
  const rest = clusters.length - TOP_CLUSTERS;
  if (rest > 0) lines.push(`- ${l10n.t('… and {0} more', count(rest, more))}`);
  else if (more) lines.push(`- ${l10n.t('… and more')}`);
  return lines;
}

function summaryLine(usage: Extract<ImageUsage, { kind: 'covered' }>, now: Date): string {
  const s = usage.summary;
  const other = s.clusters - s.ecs - s.eks;
  const split = [l10n.t('{0} ECS', formatCount(s.ecs)), l10n.t('{0} EKS', formatCount(s.eks))];
  if (other > 0) split.push(l10n.t({ message: '{0} other', args: [formatCount(other)], comment: ['other clusters'] }));
  const head = usage.more
    ? `**${l10n.t('{0} clusters', count(s.clusters, true))}** ` +
      l10n.t('(first {0}: {1})', formatCount(s.clusters), split.join(', '))
    : `**${clusterCount(s.clusters)}** (${split.join(', ')})`;
  return [
    `$(server) ${head}`,
    l10n.t('{0} running', count(s.running, usage.more)),
    l10n.t('{0} stopped in 24 h', count(s.stopped, usage.more)),
    lastInUse(s.lastInUse, now),
  ].join(' · ');
}

/** The hover of a private ECR image, from what `ImageUsageService.usage` answered. */
export function usageHoverMarkdown(ref: EcrImageRef, usage: ImageUsage, now: Date = new Date()): string {
  const paragraphs: string[] = [];
  paragraphs.push(
    `$(package) **${text(shortImageLabel(ref), MAX_NAME)}** · ${l10n.t('account {0}', text(ref.accountId))} · ` +
      text(ref.region),
  );
  const resourceId = usage.kind === 'covered' ? usage.resourceId : resourceIdOf(ref);
  if (resourceId !== undefined) {
    paragraphs.push(CODE_SAFE.test(resourceId) ? `\`${resourceId}\`` : text(resourceId));
  }

  const uri = formatImageUri(ref);
  const links = [
    link(`$(list-tree) ${escapeMarkdown(l10n.t('Show in Image Clusters'))}`, 'imageFootprint.lookupImage', [uri]),
  ];
  if (usage.kind === 'covered' && usage.clusters.length > 0) {
    paragraphs.push(summaryLine(usage, now));
    paragraphs.push(clusterLines(ref, usage.resourceId, usage.clusters, usage.more, now).join('\n'));
  } else if (usage.kind === 'covered') {
    paragraphs.push(
      `$(circle-slash) ${l10n.t('**Not in use**: Inspector lists no ECS or EKS cluster running this image.')}`,
    );
  } else if (usage.kind === 'notCovered') {
    const line = l10n.t(
      '**Not covered by Inspector**: no scanned image {0} in account {1} ({2}). Inspector reports where an image runs only for images it scans (ECR enhanced scanning); check the tag, or turn scanning on for the repository.',
      text(usage.label, MAX_NAME),
      text(ref.accountId),
      text(ref.region),
    );
    paragraphs.push(`$(eye-closed) ${line}`);
  } else if (usage.error.kind === 'cancelled') {
    paragraphs.push(`$(circle-slash) ${l10n.t('The lookup was cancelled. Hover again to look the image up.')}`);
  } else {
    const error = usage.error;
    const retry = error.actions.includes('retry') ? ` ${l10n.t('Hover again to retry.')}` : '';
    paragraphs.push(`$(error) ${text(error.fullMessage, 600)}${retry}`);
    // The same words as the notification buttons (aws/errorActions.ts).
    for (const [action, command] of HOVER_ACTIONS) {
      const look = ERROR_ACTIONS.get(action);
      if (look && error.actions.includes(action)) links.push(link(look.label, command));
    }
  }
  paragraphs.push(links.join(' · '));
  return paragraphs.join('\n\n');
}

export interface CodeLensText {
  /** Plain text with theme icons (`$(server)`); no Markdown. */
  readonly title: string;
  readonly tooltip: string;
}

/** The CodeLens on a `FROM` line: "$(server) 3 clusters · 23 running". */
export function usageCodeLens(usage: ImageUsage, now: Date = new Date()): CodeLensText {
  const open = l10n.t('Click to show the image in the Image Clusters view.');
  switch (usage.kind) {
    case 'covered': {
      const s = usage.summary;
      if (s.clusters === 0) {
        return {
          title: `$(server) ${l10n.t('not in use')}`,
          tooltip: `${l10n.t('Inspector lists no ECS or EKS cluster running this image.')} ${open}`,
        };
      }
      const clusters = usage.more ? l10n.t('{0} clusters', count(s.clusters, true)) : clusterCount(s.clusters);
      const stopped = l10n.t('{0} stopped in 24 h', count(s.stopped, usage.more));
      return {
        title: `$(server) ${clusters} · ${l10n.t('{0} running', count(s.running, usage.more))}`,
        tooltip:
          `${l10n.t('{0} ECS', s.ecs)}, ${l10n.t('{0} EKS', s.eks)} · ${stopped} · ` +
          `${lastInUse(s.lastInUse, now)}. ${open}`,
      };
    }
    case 'notCovered':
      return {
        title: `$(eye-closed) ${l10n.t('not covered by Inspector')}`,
        tooltip: l10n.t(
          'Inspector does not scan {0}, so it cannot say where it runs.',
          truncateMiddle(usage.label, MAX_NAME),
        ),
      };
    case 'error':
      return usage.error.kind === 'cancelled'
        ? { title: `$(circle-slash) ${l10n.t('lookup cancelled')}`, tooltip: l10n.t('The lookup was cancelled.') }
        : {
            title: `$(warning) ${l10n.t('cluster usage unavailable')}`,
            tooltip: truncateMiddle(usage.error.fullMessage, 600),
          };
  }
}

/**
 * The hover of one image reference: undefined for a stage reference, a quiet line for what gets no lookup, and for a
 * private ECR image the answer of `source` (one lookup; `signal` cancels this caller's interest in it).
 */
export async function answerHover(
  reference: ImageReferenceInDockerfile,
  source: ImageUsageSource,
  signal?: AbortSignal,
  now: () => Date = () => new Date(),
): Promise<string | undefined> {
  const subject = hoverSubject(reference);
  if (subject.kind === 'stage') return undefined;
  if (subject.kind !== 'ecr') return quietHoverMarkdown(subject);
  const usage = await source.usage(subject.ref, signal);
  return usageHoverMarkdown(subject.ref, usage, now());
}
