/**
 * Regions for the picker, grouped by partition. The data comes from the SDK's partition table (read by
 * `src/aws/sdk/sharedConfig.ts`); this module only orders it. Pure.
 */

export interface RegionInfo {
  readonly id: string;
  /** "Asia Pacific (New Zealand)" */
  readonly description: string;
}

export interface RegionPartition {
  readonly id: string;
  /** "AWS", "AWS China", "AWS GovCloud (US)" */
  readonly name: string;
  /** The partition's `regionRegex`: a region not (yet) in the table still belongs to the partition it matches. */
  readonly regionPattern: string;
  readonly regions: readonly RegionInfo[];
}

/** Partitions reachable from an ordinary network, in the order they are offered when no region is known. */
const PUBLIC_PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc'];

/** The partition a region belongs to: listed in it, else matching its pattern, else undefined. */
export function partitionOf(region: string, partitions: readonly RegionPartition[]): RegionPartition | undefined {
  return (
    partitions.find((p) => p.regions.some((r) => r.id === region)) ??
    partitions.find((p) => new RegExp(p.regionPattern).test(region))
  );
}

/**
 * The groups the region picker shows: a profile whose region is known sees its own partition only (credentials of
 * one partition do not work in another: a China profile sees the China regions, a GovCloud profile GovCloud's);
 * without a known region, every public partition, AWS first. A region of another partition can still be typed.
 */
export function regionGroups(
  partitions: readonly RegionPartition[],
  profileRegion: string | undefined,
): readonly RegionPartition[] {
  const own = profileRegion ? partitionOf(profileRegion, partitions) : undefined;
  if (own && own.regions.length > 0) return [own];
  return PUBLIC_PARTITIONS.map((id) => partitions.find((p) => p.id === id)).filter(
    (p): p is RegionPartition => p !== undefined && p.regions.length > 0,
  );
}

/** A region's name in any partition ("Asia Pacific (New Zealand)"), for a region typed into the picker. */
export function regionDescription(region: string, partitions: readonly RegionPartition[]): string | undefined {
  for (const p of partitions) {
    const found = p.regions.find((r) => r.id === region);
    if (found) return `${found.description} · ${p.name}`;
  }
  return undefined;
}
