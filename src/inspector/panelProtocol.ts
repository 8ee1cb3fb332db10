/**
 * The states and message ids of the Inspector panels (EKS workloads, ECS task definitions): what the host modules
 * (`eksWorkloadsPanel.ts`, `ecsTaskDefinitionPanel.ts`) send and the browser scripts in `ui/` render. The envelope
 * (state and action messages, their validation) is `webview/protocol.ts`. Plain, JSON-safe data only.
 */
import type { EpochMillis } from '../webview/protocol';

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

/** The Inspector panels by kind, for a typed `WebviewPanels<InspectorPanels>`. */
export interface InspectorPanels {
  readonly eksWorkloads: EksWorkloadsState;
  readonly ecsTaskDefinition: EcsTaskDefinitionState;
}
