/**
 * A local emulator of the AWS operations Image Footprint uses (Inspector2 GetClustersForImage and ListCoverage; Image
 * Builder ListLifecyclePolicies, ListLifecycleExecutions, GetLifecycleExecution, GetLifecyclePolicy,
 * ListLifecycleExecutionResources),
 * faithful enough that the real SDK clients cannot tell it from AWS. A development tool: never in the .vsix.
 * See README.md in this folder.
 */
import { buildDataset, DEFAULT_BIG_CLUSTERS, DEFAULT_SEED } from './datasets';
import type { DatasetName } from './datasets';
import type { FaultSpec } from './faults';
import { loadFixtureFile, readFixture } from './fixture';
import type { EmulatorData } from './model';
import type { RequestLogEntry } from './server';
import { EmulatorServer } from './server';

export type { DatasetName } from './datasets';
export { BIG_IMAGE, GENERATED_POLICY_REGION } from './generate';
export { DEMO, demoDigest } from './demo';
export { FAULT_KINDS, FAULT_SYNTAX, parseFault, parseFaultAssignment } from './faults';
export type { FaultKind, FaultSpec, FaultTable } from './faults';
export { FixtureError, loadFixtureFile, readFixture } from './fixture';
export * from './model';
export { CONTROL_PREFIX, OPERATION_NAMES, REQUEST_LOG_LIMIT } from './server';
export type { RequestLogEntry } from './server';

export interface EmulatorOptions {
  /** 0 or undefined = a free port. Always on 127.0.0.1. */
  port?: number;
  /** Seed of the generated data (default 7). The demo story does not depend on it. */
  seed?: number;
  /** Clusters of the big image `load/big-image:latest` (default 1000). */
  clusters?: number;
  /**
   * `demo` (default): the demo story (see `DEMO`) plus generated data (the big image, images in other accounts and
   * regions, lifecycle policies mostly in us-west-2). `generated`: the generated data only.
   */
  dataset?: DatasetName;
  /** A fixture (file path or object), served instead of the built data set. */
  data?: string | EmulatorData;
  /** Faults by operation name (or `*`), in force from the start. */
  faults?: Record<string, FaultSpec>;
  /** "Now" of the generated data, epoch seconds (default: the real time at start, in whole seconds). */
  now?: number;
  /** Share (0–1) of pages cut short while a token follows (default 0.2; fixtures default to their own, else 0). */
  shortPageRate?: number;
}

export interface Emulator {
  /** http://127.0.0.1:PORT — both services answer here. */
  readonly url: string;
  readonly endpoints: { readonly inspector2: string; readonly imagebuilder: string };
  /** Every request to an AWS operation, oldest first (a copy). */
  readonly requests: readonly RequestLogEntry[];
  clearRequests(): void;
  setFault(operation: string, fault: FaultSpec | undefined): void;
  clearFaults(): void;
  /** The data set being served, so tests can compute expected answers. */
  readonly data: EmulatorData;
  /** Serves another data set (checked like a fixture). */
  setData(data: EmulatorData): void;
  /** Clears faults and the request log and restores the data set the emulator started with. */
  reset(): void;
  /** Closes the server and every socket; the process can exit afterwards. */
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number, not ${seed}.`);
  const clusters = options.clusters ?? DEFAULT_BIG_CLUSTERS;
  if (!Number.isInteger(clusters) || clusters < 0 || clusters > 1_000_000) {
    throw new Error(`clusters must be a whole number from 0 to 1000000, not ${clusters}.`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be 0–65535, not ${port}.`);
  if (options.dataset !== undefined && options.dataset !== 'demo' && options.dataset !== 'generated') {
    throw new Error(`dataset must be 'demo' or 'generated', not '${String(options.dataset)}'.`);
  }

  let data: EmulatorData;
  let info: Record<string, unknown>;
  if (options.data !== undefined) {
    data = typeof options.data === 'string' ? loadFixtureFile(options.data) : readFixture(options.data);
    if (options.shortPageRate !== undefined) data = { ...data, shortPageRate: options.shortPageRate };
    info = { dataset: 'fixture', source: typeof options.data === 'string' ? options.data : 'object', seed };
  } else {
    const now = options.now ?? Math.floor(Date.now() / 1000);
    data = buildDataset({ dataset: options.dataset, seed, clusters, now, shortPageRate: options.shortPageRate });
    info = { dataset: options.dataset ?? 'demo', seed, clusters, now };
  }

  const server = new EmulatorServer({ data, tokenSecret: String(seed), faults: options.faults, info });
  const url = await server.listen(port);
  return {
    url,
    endpoints: { inspector2: url, imagebuilder: url },
    get requests() {
      return server.requests;
    },
    clearRequests: () => server.clearRequests(),
    setFault: (operation, fault) => server.setFault(operation, fault),
    clearFaults: () => server.clearFaults(),
    get data() {
      return server.data;
    },
    setData: (next) => server.setData(readFixture(next)),
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
