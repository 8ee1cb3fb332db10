/**
 * Reading a data set given as JSON (`--data file.json`, `startEmulator({ data })`, `PUT /__emulator/data`). The format
 * is `EmulatorData` with defaults for most members (see README.md, "Fixture format"); every problem is reported with
 * its path, never as a crash later while serving.
 */
import { readFileSync } from 'node:fs';
import type {
  ClusterDetailsWire,
  ClusterInformationWire,
  CoveredResourceWire,
  EcrImageRecord,
  EmulatorData,
  LifecycleExecutionRecord,
  LifecyclePolicyDetailWire,
  LifecyclePolicyRecord,
  LifecycleResourceRecord,
  LifecycleSnapshotWire,
  WireStatus,
} from './model';
import { defaultPolicyDetails } from './model';
import { digestOf } from './random';

export class FixtureError extends Error {}

const HINT = 'See test/emulator/README.md ("Fixture format").';

type Json = Record<string, unknown>;

class Reader {
  constructor(
    private readonly source: string,
    private readonly now: number,
  ) {}

  fail(path: string, problem: string): never {
    throw new FixtureError(`${this.source}: ${path || '(top level)'}: ${problem}. ${HINT}`);
  }

  object(path: string, value: unknown): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'expected an object');
    return value as Json;
  }

  list(path: string, value: unknown, optional = true): unknown[] {
    if (value === undefined && optional) return [];
    if (!Array.isArray(value)) this.fail(path, 'expected an array');
    return value;
  }

  string(path: string, value: unknown): string {
    if (typeof value !== 'string' || value === '') this.fail(path, 'expected a non-empty string');
    return value;
  }

  optString(path: string, value: unknown): string | undefined {
    return value === undefined ? undefined : this.string(path, value);
  }

  count(path: string, value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.fail(path, 'expected a whole number');
    return value;
  }

  /** Epoch seconds, or an ISO-8601 string for convenience. */
  time(path: string, value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
    return this.fail(path, 'expected a time: epoch seconds (a number) or an ISO-8601 string');
  }

  account(path: string, value: unknown): string {
    const s = this.string(path, value);
    if (!/^\d{12}$/.test(s)) this.fail(path, `expected a 12-digit account id, got '${s}'`);
    return s;
  }

  status(path: string, value: unknown): WireStatus {
    const o = this.object(path, value);
    const reason = this.optString(`${path}.reason`, o.reason);
    return { status: this.string(`${path}.status`, o.status), ...(reason !== undefined && { reason }) };
  }

  stringMap(path: string, value: unknown): Record<string, string> | undefined {
    if (value === undefined) return undefined;
    const o = this.object(path, value);
    for (const [k, v] of Object.entries(o)) if (typeof v !== 'string') this.fail(`${path}.${k}`, 'expected a string');
    return o as Record<string, string>;
  }

  cluster(path: string, value: unknown): ClusterInformationWire {
    const o = this.object(path, value);
    const clusterArn = this.string(`${path}.clusterArn`, o.clusterArn);
    const clusterDetails = this.list(`${path}.clusterDetails`, o.clusterDetails, false).map(
      (d, i): ClusterDetailsWire => {
        const p = `${path}.clusterDetails[${i}]`;
        const detail = this.object(p, d);
        const lastInUse = this.time(`${p}.lastInUse`, detail.lastInUse) ?? this.fail(`${p}.lastInUse`, 'required');
        const metadata = this.object(`${p}.clusterMetadata`, detail.clusterMetadata);
        if (Object.keys(metadata).length !== 1) {
          this.fail(
            `${p}.clusterMetadata`,
            'expected exactly one member (awsEcsMetadataDetails, awsEksMetadataDetails, …)',
          );
        }
        const running = this.count(`${p}.runningUnitCount`, detail.runningUnitCount);
        const stopped = this.count(`${p}.stoppedUnitCount`, detail.stoppedUnitCount);
        return {
          lastInUse,
          ...(running !== undefined && { runningUnitCount: running }),
          ...(stopped !== undefined && { stoppedUnitCount: stopped }),
          clusterMetadata: metadata,
        };
      },
    );
    return { clusterArn, clusterDetails };
  }

  image(path: string, value: unknown): EcrImageRecord {
    const o = this.object(path, value);
    const accountId = this.account(`${path}.accountId`, o.accountId);
    const region = this.string(`${path}.region`, o.region);
    const repository = this.string(`${path}.repository`, o.repository);
    const tags = this.list(`${path}.tags`, o.tags).map((t, i) => this.string(`${path}.tags[${i}]`, t));
    const digest =
      this.optString(`${path}.digest`, o.digest) ??
      digestOf(`fixture/${accountId}/${region}/${repository}:${tags.join(',')}`);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) this.fail(`${path}.digest`, `expected sha256:<64 hex>, got '${digest}'`);
    if (o.covered !== undefined && typeof o.covered !== 'boolean') {
      this.fail(`${path}.covered`, 'expected true or false');
    }
    const covered = o.covered !== false;
    return {
      accountId,
      region,
      repository,
      digest,
      tags,
      covered,
      scanStatus:
        o.scanStatus === undefined
          ? { status: covered ? 'ACTIVE' : 'INACTIVE', reason: covered ? 'SUCCESSFUL' : 'SCAN_ELIGIBILITY_EXPIRED' }
          : this.status(`${path}.scanStatus`, o.scanStatus),
      pushedAt: this.time(`${path}.pushedAt`, o.pushedAt) ?? this.now,
      lastScannedAt: this.time(`${path}.lastScannedAt`, o.lastScannedAt),
      imagePulledAt: this.time(`${path}.imagePulledAt`, o.imagePulledAt),
      clusters: this.list(`${path}.clusters`, o.clusters).map((c, i) => this.cluster(`${path}.clusters[${i}]`, c)),
    };
  }

  coverage(path: string, value: unknown): CoveredResourceWire {
    const o = this.object(path, value);
    const scanStatus = o.scanStatus === undefined ? undefined : this.object(`${path}.scanStatus`, o.scanStatus);
    return {
      resourceType: this.string(`${path}.resourceType`, o.resourceType),
      resourceId: this.string(`${path}.resourceId`, o.resourceId),
      accountId: this.account(`${path}.accountId`, o.accountId),
      region: this.string(`${path}.region`, o.region),
      scanType: this.optString(`${path}.scanType`, o.scanType) ?? 'PACKAGE',
      ...(scanStatus && {
        scanStatus: {
          statusCode: this.string(`${path}.scanStatus.statusCode`, scanStatus.statusCode),
          reason: this.string(`${path}.scanStatus.reason`, scanStatus.reason),
        },
      }),
      ...(o.resourceMetadata !== undefined && {
        resourceMetadata: this.object(`${path}.resourceMetadata`, o.resourceMetadata),
      }),
      ...(o.lastScannedAt !== undefined && { lastScannedAt: this.time(`${path}.lastScannedAt`, o.lastScannedAt) }),
      ...(o.scanMode !== undefined && { scanMode: this.string(`${path}.scanMode`, o.scanMode) }),
    };
  }

  resource(path: string, value: unknown): LifecycleResourceRecord {
    const o = this.object(path, value);
    const action = this.object(`${path}.action`, o.action);
    const actionReason = this.optString(`${path}.action.reason`, action.reason);
    const snapshots =
      o.snapshots === undefined
        ? undefined
        : this.list(`${path}.snapshots`, o.snapshots).map((s, i): LifecycleSnapshotWire => {
            const p = `${path}.snapshots[${i}]`;
            const snap = this.object(p, s);
            return {
              snapshotId: this.string(`${p}.snapshotId`, snap.snapshotId),
              state: this.status(`${p}.state`, snap.state),
            };
          });
    const imageUris =
      o.imageUris === undefined
        ? undefined
        : this.list(`${path}.imageUris`, o.imageUris).map((u, i) => this.string(`${path}.imageUris[${i}]`, u));
    const startTime = this.time(`${path}.startTime`, o.startTime);
    const endTime = this.time(`${path}.endTime`, o.endTime);
    return {
      accountId: this.account(`${path}.accountId`, o.accountId),
      resourceId: this.string(`${path}.resourceId`, o.resourceId),
      region: this.string(`${path}.region`, o.region),
      state: this.status(`${path}.state`, o.state),
      action: {
        name: this.string(`${path}.action.name`, action.name),
        ...(actionReason !== undefined && { reason: actionReason }),
      },
      ...(snapshots && { snapshots }),
      ...(imageUris && { imageUris }),
      ...(startTime !== undefined && { startTime }),
      ...(endTime !== undefined && { endTime }),
      ...(o.associated !== undefined && {
        associated: this.list(`${path}.associated`, o.associated).map((r, i) =>
          this.resource(`${path}.associated[${i}]`, r),
        ),
      }),
    };
  }

  optFlag(path: string, value: unknown): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(path, 'expected true or false');
    return value;
  }

  policyDetail(path: string, value: unknown): LifecyclePolicyDetailWire {
    const o = this.object(path, value);
    const action = this.object(`${path}.action`, o.action);
    const filter = this.object(`${path}.filter`, o.filter);
    const include =
      action.includeResources === undefined
        ? undefined
        : this.object(`${path}.action.includeResources`, action.includeResources);
    const flags: { amis?: boolean; snapshots?: boolean; containers?: boolean } = {};
    for (const key of ['amis', 'snapshots', 'containers'] as const) {
      const v = this.optFlag(`${path}.action.includeResources.${key}`, include?.[key]);
      if (v !== undefined) flags[key] = v;
    }
    const value1 = this.count(`${path}.filter.value`, filter.value) ?? this.fail(`${path}.filter.value`, 'required');
    const unit = this.optString(`${path}.filter.unit`, filter.unit);
    const retainAtLeast = this.count(`${path}.filter.retainAtLeast`, filter.retainAtLeast);
    return {
      action: { type: this.string(`${path}.action.type`, action.type), ...(include && { includeResources: flags }) },
      filter: {
        type: this.string(`${path}.filter.type`, filter.type),
        value: value1,
        ...(unit !== undefined && { unit }),
        ...(retainAtLeast !== undefined && { retainAtLeast }),
      },
      ...(o.exclusionRules !== undefined && {
        exclusionRules: this.object(
          `${path}.exclusionRules`,
          o.exclusionRules,
        ) as LifecyclePolicyDetailWire['exclusionRules'],
      }),
    };
  }

  execution(path: string, value: unknown): LifecycleExecutionRecord {
    const o = this.object(path, value);
    const id = this.string(`${path}.lifecycleExecutionId`, o.lifecycleExecutionId);
    if (!/^lce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id)) {
      this.fail(`${path}.lifecycleExecutionId`, `expected lce-<uuid>, got '${id}'`);
    }
    const endTime = this.time(`${path}.endTime`, o.endTime);
    return {
      lifecycleExecutionId: id,
      state: this.status(`${path}.state`, o.state),
      startTime: this.time(`${path}.startTime`, o.startTime) ?? this.fail(`${path}.startTime`, 'required'),
      ...(endTime !== undefined && { endTime }),
      resources: this.list(`${path}.resources`, o.resources).map((r, i) => this.resource(`${path}.resources[${i}]`, r)),
    };
  }

  policy(path: string, value: unknown): LifecyclePolicyRecord {
    const o = this.object(path, value);
    const name = this.string(`${path}.name`, o.name);
    const accountId = this.account(`${path}.accountId`, o.accountId);
    const region = this.string(`${path}.region`, o.region);
    const created = this.time(`${path}.dateCreated`, o.dateCreated) ?? this.now;
    const lastRun = this.time(`${path}.dateLastRun`, o.dateLastRun);
    const description = this.optString(`${path}.description`, o.description);
    const tags = this.stringMap(`${path}.tags`, o.tags);
    const resourceType = this.string(`${path}.resourceType`, o.resourceType);
    const details =
      o.policyDetails === undefined
        ? defaultPolicyDetails(resourceType)
        : this.list(`${path}.policyDetails`, o.policyDetails).map((d, i) =>
            this.policyDetail(`${path}.policyDetails[${i}]`, d),
          );
    if (details.length < 1 || details.length > 3) this.fail(`${path}.policyDetails`, 'expected 1 to 3 rules');
    return {
      arn:
        this.optString(`${path}.arn`, o.arn) ??
        `arn:aws:imagebuilder:${region}:${accountId}:lifecycle-policy/${name.toLowerCase()}`,
      name,
      accountId,
      region,
      ...(description !== undefined && { description }),
      status: this.optString(`${path}.status`, o.status) ?? 'ENABLED',
      executionRole:
        this.optString(`${path}.executionRole`, o.executionRole) ??
        `arn:aws:iam::${accountId}:role/ImageBuilderLifecycleRole`,
      resourceType,
      dateCreated: created,
      dateUpdated: this.time(`${path}.dateUpdated`, o.dateUpdated) ?? created,
      ...(lastRun !== undefined && { dateLastRun: lastRun }),
      ...(tags && { tags }),
      policyDetails: details,
      ...(o.resourceSelection !== undefined && {
        resourceSelection: this.object(
          `${path}.resourceSelection`,
          o.resourceSelection,
        ) as LifecyclePolicyRecord['resourceSelection'],
      }),
      executions: this.list(`${path}.executions`, o.executions).map((e, i) =>
        this.execution(`${path}.executions[${i}]`, e),
      ),
    };
  }
}

/** Checks and completes a data set given as a plain object; `source` names it in messages. */
export function readFixture(value: unknown, source = 'data'): EmulatorData {
  const probe = new Reader(source, Date.now() / 1000);
  const top = probe.object('', value);
  const now = probe.time('now', top.now) ?? Math.floor(Date.now() / 1000);
  const r = new Reader(source, now);
  const rate = top.shortPageRate ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    return r.fail('shortPageRate', 'expected a number from 0 to 1');
  }
  const data: EmulatorData = {
    now,
    shortPageRate: rate,
    images: r.list('images', top.images).map((x, i) => r.image(`images[${i}]`, x)),
    otherCoverage: r.list('otherCoverage', top.otherCoverage).map((x, i) => r.coverage(`otherCoverage[${i}]`, x)),
    lifecyclePolicies: r
      .list('lifecyclePolicies', top.lifecyclePolicies)
      .map((x, i) => r.policy(`lifecyclePolicies[${i}]`, x)),
  };
  const ids = new Set<string>();
  data.lifecyclePolicies.forEach((p, i) =>
    p.executions.forEach((e, j) => {
      if (ids.has(e.lifecycleExecutionId)) {
        r.fail(
          `lifecyclePolicies[${i}].executions[${j}].lifecycleExecutionId`,
          `'${e.lifecycleExecutionId}' appears twice`,
        );
      }
      ids.add(e.lifecycleExecutionId);
    }),
  );
  return data;
}

/** Reads a fixture file. */
export function loadFixtureFile(path: string): EmulatorData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FixtureError(
      `Cannot read the data file '${path}': ${(e as Error).message}. Check the path given to --data.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FixtureError(`The data file '${path}' is not valid JSON: ${(e as Error).message}. ${HINT}`);
  }
  return readFixture(parsed, path);
}
