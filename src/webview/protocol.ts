/**
 * The typed message protocol between the extension host and the panel webviews, in ONE file that both sides import
 * (the host in `panelShell.ts` and the panel modules, the browser scripts in `ui/*.ts`).
 *
 * Everything here must survive `postMessage` (JSON-like): plain objects, strings, numbers, booleans, arrays. Dates are
 * epoch milliseconds. Every string that came from AWS is data: the webview sets it as text, never as markup.
 *
 * Copy and open actions carry only an id (`target`, `link`): the host keeps the values and URLs for the ids it handed
 * out and never copies or opens something the webview sends.
 */

/** Every panel this extension shows; each has its own browser bundle `dist/webview/<kind>.js`. */
export const PANEL_KINDS = ['eksWorkloads', 'ecsTaskDefinition', 'snapshotStates'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** Epoch milliseconds (a `Date` does not survive `postMessage`). */
export type EpochMillis = number;

export interface UnitCounts {
  readonly runningUnitCount?: number;
  /** Tasks or pods where the image was stopped in the last 24 hours. */
  readonly stoppedUnitCount?: number;
  readonly lastInUse?: EpochMillis;
}

// ---------------------------------------------------------------- EKS workloads

export interface EksWorkloadRow {
  readonly name: string;
  readonly type: string;
  readonly namespace?: string;
}

export interface EksNamespaceSummary extends UnitCounts {
  readonly namespace?: string;
  readonly workloadCount: number;
}

export interface EksWorkloadsState {
  readonly imageLabel: string;
  readonly resourceId: string;
  readonly clusterArn: string;
  /** The cluster's name, or the ARN when it has none. */
  readonly clusterName: string;
  /** Set when the panel shows one namespace only. */
  readonly namespace?: string;
  /** Summed counts and the latest last-in-use over the namespaces shown. */
  readonly totals: UnitCounts;
  /** One entry per `details` entry shown (one per namespace). */
  readonly namespaces: readonly EksNamespaceSummary[];
  readonly workloads: readonly EksWorkloadRow[];
  /** `details` entries that are not EKS metadata (ECS or unknown to this version); not shown. */
  readonly otherDetailCount: number;
  /** Whether the host holds a console URL for the cluster (link id `EKS_LINK_CONSOLE`). */
  readonly hasConsoleLink: boolean;
}

export const EKS_COPY = { clusterArn: 'clusterArn', resourceId: 'resourceId' } as const;
export const EKS_LINK_CONSOLE = 'console';

// ---------------------------------------------------------------- ECS task definitions

export interface EcsTaskDefinitionCard extends UnitCounts {
  /** Index of the card; the copy/link ids of this card are built from it (`ecsTaskDefinitionIds`). */
  readonly index: number;
  readonly taskDefinitionArn: string;
  readonly family?: string;
  readonly revision?: number;
  readonly detailsGroup: string;
  /** Whether the host holds a console URL for this task definition. */
  readonly hasConsoleLink: boolean;
}

export interface EcsTaskDefinitionState {
  readonly imageLabel: string;
  readonly resourceId: string;
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly totals: UnitCounts;
  readonly taskDefinitions: readonly EcsTaskDefinitionCard[];
  readonly otherDetailCount: number;
  readonly hasClusterConsoleLink: boolean;
}

export const ECS_COPY = { clusterArn: 'clusterArn', resourceId: 'resourceId' } as const;
export const ECS_LINK_CLUSTER = 'cluster';
/** The copy and link ids of one task definition card. */
export function ecsTaskDefinitionIds(index: number): { readonly copy: string; readonly link: string } {
  return { copy: `taskDefinitionArn:${index}`, link: `taskDefinition:${index}` };
}

// ---------------------------------------------------------------- Image Builder snapshot states

export interface SnapshotRow {
  /** Index in the resource's snapshot list; the copy id is `snapshotCopyId(index)`. */
  readonly index: number;
  readonly snapshotId?: string;
  readonly status?: string;
  readonly reason?: string;
}

export interface StatusCount {
  /** Undefined for snapshots that report no status. */
  readonly status?: string;
  readonly count: number;
}

export interface SnapshotStatesState {
  readonly lifecycleExecutionId: string;
  readonly resourceId?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly state?: { readonly status?: string; readonly reason?: string };
  readonly action?: { readonly name?: string; readonly reason?: string };
  readonly startTime?: EpochMillis;
  readonly endTime?: EpochMillis;
  readonly imageUris: readonly string[];
  readonly snapshots: readonly SnapshotRow[];
  /** Snapshot counts per status, most frequent first. */
  readonly statusCounts: readonly StatusCount[];
}

export const SNAPSHOT_COPY = { resourceId: 'resourceId', lifecycleExecutionId: 'lifecycleExecutionId' } as const;
export function snapshotCopyId(index: number): string {
  return `snapshot:${index}`;
}

// ---------------------------------------------------------------- messages

export interface PanelStates {
  readonly eksWorkloads: EksWorkloadsState;
  readonly ecsTaskDefinition: EcsTaskDefinitionState;
  readonly snapshotStates: SnapshotStatesState;
}
export type PanelStateOf<K extends PanelKind> = PanelStates[K];

/** Host → webview: the whole state of the panel (sent on `ready` and on every update). */
export type StateMessage<K extends PanelKind = PanelKind> = {
  readonly [P in K]: { readonly type: 'state'; readonly kind: P; readonly state: PanelStates[P] };
}[K];

/** Webview → host. */
export type WebviewMessage =
  /** The script has loaded and wants the state (after opening and after every reload of a hidden panel). */
  | { readonly type: 'ready' }
  /** Copy the value the host holds for `target`. */
  | { readonly type: 'copy'; readonly target: string }
  /** Open the URL the host holds for `link`. */
  | { readonly type: 'openLink'; readonly link: string }
  /** A state was rendered and the frame with it drawn (what the benchmark times a panel's open by). */
  | { readonly type: 'rendered' };

const MAX_ID_LENGTH = 200;

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** Validates a message from the webview; anything malformed gives undefined (the host logs and ignores it). */
export function parseWebviewMessage(data: unknown): WebviewMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; target?: unknown; link?: unknown };
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return { type: 'rendered' };
    case 'copy':
      return isId(m.target) ? { type: 'copy', target: m.target } : undefined;
    case 'openLink':
      return isId(m.link) ? { type: 'openLink', link: m.link } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host for a panel of `kind` (the webview ignores anything else). */
export function parseStateMessage<K extends PanelKind>(kind: K, data: unknown): PanelStates[K] | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as { type?: unknown; kind?: unknown; state?: unknown };
  if (m.type !== 'state' || m.kind !== kind || typeof m.state !== 'object' || m.state === null) return undefined;
  return m.state as PanelStates[K];
}
