/**
 * Pure views of Inspector's cluster data: names from ARNs, totals across a cluster's details, and the one-line
 * summaries the tree, hover and panels show. No `vscode` import: our words go through `@vscode/l10n`.
 */
import * as l10n from '@vscode/l10n';
import type { ClusterDetail, ClusterInfo, EksClusterMetadata } from '../aws/types';
import { parseClusterArn } from '../util/arn';
import { dateAndAge, formatCount, formatLocale, plural, relativeTime } from '../util/format';

// The tree's formatting lives in util/format.ts (one module for host and panels); re-exported for this model's users.
export { dateAndAge, formatCount, plural, relativeTime };

export type ClusterKind = 'ecs' | 'eks' | 'unknown';

/** The name and kind of a cluster, from its ARN (parsed once per row); an ARN that does not parse is shown as is. */
export function describeClusterArn(arn: string): { kind: ClusterKind; name: string } {
  const cluster = parseClusterArn(arn);
  return cluster
    ? { kind: cluster.service, name: cluster.name }
    : { kind: 'unknown', name: arn || l10n.t('(unnamed cluster)') };
}

export interface ClusterTotals {
  readonly running: number;
  readonly stopped: number;
  readonly lastInUse?: Date;
  readonly workloads: number;
}

export function clusterTotals(details: readonly ClusterDetail[]): ClusterTotals {
  let running = 0;
  let stopped = 0;
  let workloads = 0;
  let lastInUse: Date | undefined;
  for (const d of details) {
    running += d.runningUnitCount ?? 0;
    stopped += d.stoppedUnitCount ?? 0;
    if (d.metadata.kind === 'eks') workloads += d.metadata.workloads.length;
    if (d.lastInUse && (!lastInUse || d.lastInUse > lastInUse)) lastInUse = d.lastInUse;
  }
  return { running, stopped, lastInUse, workloads };
}

/** The kind of a cluster: from its ARN (or its already parsed kind), else from its metadata. */
export function clusterKind(cluster: ClusterInfo, fromArn = describeClusterArn(cluster.clusterArn).kind): ClusterKind {
  if (fromArn !== 'unknown') return fromArn;
  const known = cluster.details.find((d) => d.metadata.kind !== 'unknown');
  return known ? (known.metadata.kind as ClusterKind) : 'unknown';
}

/** Summaries made so far, by pair of counts, for the sentence and locale they were made with. */
const summaries = new Map<number, string>();
let summariesOf: { template: string; locale: string | undefined } | undefined;
/** Pairs kept at most (a list of thousands of clusters has a few dozen). */
const MAX_SUMMARIES = 4096;
/** Counts below this are cached (a pair is one number: running × COUNT_LIMIT + stopped). */
const COUNT_LIMIT = 2 ** 20;

/**
 * "3 running · 1 stopped in 24 h". Made once per pair of counts and kept, not formatted again for each of thousands of
 * cluster rows (its placeholder substitution was a third of building a cluster row: BENCHMARKS.md, issue 17). Made
 * again when the translation or the display locale changes: `l10n.t` without arguments gives the translated sentence
 * with its placeholders, which is compared first (the same string object while nothing changed).
 */
export function unitsSummary(totals: Pick<ClusterTotals, 'running' | 'stopped'>): string {
  const { running, stopped } = totals;
  const cacheable =
    Number.isInteger(running) &&
    Number.isInteger(stopped) &&
    running >= 0 &&
    stopped >= 0 &&
    running < COUNT_LIMIT &&
    stopped < COUNT_LIMIT;
  if (!cacheable) return formatSummary(running, stopped);
  const template = l10n.t('{0} running · {1} stopped in 24 h');
  const locale = formatLocale();
  if (summariesOf?.template !== template || summariesOf.locale !== locale || summaries.size >= MAX_SUMMARIES) {
    summaries.clear();
    summariesOf = { template, locale };
  }
  const key = running * COUNT_LIMIT + stopped;
  let summary = summaries.get(key);
  if (summary === undefined) {
    summary = formatSummary(running, stopped);
    summaries.set(key, summary);
  }
  return summary;
}

function formatSummary(running: number, stopped: number): string {
  return l10n.t('{0} running · {1} stopped in 24 h', formatCount(running), formatCount(stopped));
}

/** "1 cluster", "12 clusters" (the count formatted in the display language). */
export function clusterCount(n: number): string {
  return n === 1 ? l10n.t('{0} cluster', formatCount(n)) : l10n.t('{0} clusters', formatCount(n));
}

/** Groups the workloads of an EKS cluster's details by namespace (details without a namespace under ""). */
export function eksNamespaces(cluster: ClusterInfo): Map<string, EksClusterMetadata[]> {
  const byNamespace = new Map<string, EksClusterMetadata[]>();
  for (const d of cluster.details) {
    if (d.metadata.kind !== 'eks') continue;
    const ns = d.metadata.namespace ?? '';
    const list = byNamespace.get(ns) ?? [];
    list.push(d.metadata);
    byNamespace.set(ns, list);
  }
  return byNamespace;
}

/** Whether the image counts as "in use": units running now, or seen in the last 24 hours. */
export function isInUse(totals: ClusterTotals, now: Date = new Date()): boolean {
  if (totals.running > 0) return true;
  return totals.lastInUse !== undefined && now.getTime() - totals.lastInUse.getTime() <= 24 * 3600 * 1000;
}

/** A summary over many clusters (hover, in-use warning). */
export interface UsageSummary {
  readonly clusters: number;
  readonly ecs: number;
  readonly eks: number;
  readonly inUseClusters: number;
  /** Clusters with units running now (a subset of inUseClusters). */
  readonly runningClusters: number;
  readonly running: number;
  readonly stopped: number;
  readonly lastInUse?: Date;
}

export function summarizeClusters(clusters: readonly ClusterInfo[], now: Date = new Date()): UsageSummary {
  let ecs = 0;
  let eks = 0;
  let inUseClusters = 0;
  let runningClusters = 0;
  let running = 0;
  let stopped = 0;
  let lastInUse: Date | undefined;
  for (const c of clusters) {
    const kind = clusterKind(c);
    if (kind === 'ecs') ecs++;
    else if (kind === 'eks') eks++;
    const t = clusterTotals(c.details);
    running += t.running;
    stopped += t.stopped;
    if (isInUse(t, now)) inUseClusters++;
    if (t.running > 0) runningClusters++;
    if (t.lastInUse && (!lastInUse || t.lastInUse > lastInUse)) lastInUse = t.lastInUse;
  }
  return { clusters: clusters.length, ecs, eks, inUseClusters, runningClusters, running, stopped, lastInUse };
}
