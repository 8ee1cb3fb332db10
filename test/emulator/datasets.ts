import { demoData } from './demo';
import { bigImage, generatedImages, generatedPolicies } from './generate';
import type { EmulatorData } from './model';
import { Random } from './random';

export type DatasetName = 'demo' | 'generated';

export interface DatasetOptions {
  /** `demo` (default): the demo story plus the generated data; `generated`: the generated data only. */
  readonly dataset?: DatasetName;
  readonly seed: number;
  /** Clusters of the big image (`load/big-image:latest`). */
  readonly clusters: number;
  /** Epoch seconds. */
  readonly now: number;
  readonly shortPageRate?: number;
}

export const DEFAULT_SEED = 7;
export const DEFAULT_BIG_CLUSTERS = 1000;
export const DEFAULT_SHORT_PAGE_RATE = 0.2;

/** Builds a data set; the same options give the same data. */
export function buildDataset(o: DatasetOptions): EmulatorData {
  const random = new Random(o.seed);
  const big = bigImage(random, o.now, o.clusters);
  const images = generatedImages(random, o.now);
  const policies = generatedPolicies(random, o.now);
  const demo = o.dataset === 'generated' ? undefined : demoData(o.now);
  return {
    now: o.now,
    shortPageRate: o.shortPageRate ?? DEFAULT_SHORT_PAGE_RATE,
    images: [...(demo?.images ?? []), big, ...images],
    otherCoverage: demo?.otherCoverage ?? [],
    lifecyclePolicies: [...(demo?.lifecyclePolicies ?? []), ...policies],
  };
}
