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

/** Partitions reachable from an ordinary network, in the order they are offered after the profile's own. */
const PUBLIC_PARTITIONS = ['aws', 'aws-us-gov', 'aws-cn', 'aws-eusc'];

/** The partition a region belongs to: listed in it, else matching its pattern, else undefined. */
export function partitionOf(region: string, partitions: readonly RegionPartition[]): RegionPartition | undefined {
  return (
    partitions.find((p) => p.regions.some((r) => r.id === region)) ??
    partitions.find((p) => new RegExp(p.regionPattern).test(region))
  );
}

/**
 * The groups the region picker shows: the partition of the profile's region first (a China or GovCloud profile sees
 * its own partition first: credentials of one partition do not work in another), then the other public partitions.
 * Isolated partitions appear only when the profile's region is in one.
 */
export function regionGroups(
  partitions: readonly RegionPartition[],
  profileRegion: string | undefined,
): readonly RegionPartition[] {
  const own = profileRegion ? partitionOf(profileRegion, partitions) : undefined;
  const others = PUBLIC_PARTITIONS.map((id) => partitions.find((p) => p.id === id)).filter(
    (p): p is RegionPartition => p !== undefined && p.id !== own?.id,
  );
  return (own ? [own, ...others] : others).filter((p) => p.regions.length > 0);
}
