/** Amazon Inspector2: GetClustersForImage (`POST /cluster/get`) and ListCoverage (`POST /coverage/list`). */
import type { FaultSpec } from './faults';
import type { CoveredResourceWire, EcrImageRecord, EmulatorData } from './model';
import { imageResourceId, repositoryArn } from './model';
import { queryFingerprint } from './paging';
import type { Operation, OperationContext, ServiceDialect } from './service';
import { CALLER_ARN } from './service';
import type { Violation } from './validate';
import { InputChecker, validationMessage } from './validate';
import { AwsError } from './wire';

/** `ClusterForImageFilterCriteria.resourceId` (botocore, newest), anchored as the service matches it. */
export const CLUSTER_RESOURCE_ID_PATTERN =
  /^arn:.*:ecr:.*:\d{12}:repository\/[a-zA-Z0-9._/-]+(\/sha256:[a-z0-9]{64})?$/;
const CLUSTER_RESOURCE_ID_TEXT = 'arn:.*:ecr:.*:\\d{12}:repository\\/[a-zA-Z0-9._\\/-]+(\\/sha256:[a-z0-9]{64})?';

export const inspector2Dialect: ServiceDialect = {
  service: 'inspector2',
  validation(violations: readonly Violation[]): AwsError {
    return new AwsError(400, 'ValidationException', validationMessage(violations), {
      reason: 'FIELD_VALIDATION_FAILED',
      fields: violations.map((v) => ({ name: v.path, message: v.constraint })),
    });
  },
  cannotParse(detail: string): AwsError {
    return new AwsError(400, 'ValidationException', `Could not parse the request body: ${detail}`, {
      reason: 'CANNOT_PARSE',
    });
  },
  invalidToken(): AwsError {
    return new AwsError(400, 'ValidationException', 'Invalid pagination token: it was not issued for this request.', {
      reason: 'FIELD_VALIDATION_FAILED',
      fields: [{ name: 'nextToken', message: 'Invalid pagination token' }],
    });
  },
  fault(fault: FaultSpec, operation: string): AwsError {
    switch (fault.kind) {
      case 'throttle':
        return new AwsError(
          429,
          'ThrottlingException',
          'Rate exceeded',
          {},
          {
            'retry-after': String(fault.retryAfterSeconds ?? 1),
          },
        );
      case 'internal':
        return new AwsError(500, 'InternalServerException', 'An internal error occurred. Try again later.');
      case 'unavailable':
        return new AwsError(503, 'ServiceUnavailableException', 'Service Unavailable', {}, {}, false);
      case 'accessDenied':
        return new AwsError(
          403,
          'AccessDeniedException',
          `User: ${CALLER_ARN} is not authorized to perform: inspector2:${operation} because no identity-based policy allows the inspector2:${operation} action`,
        );
      default:
        return new AwsError(
          403,
          'ExpiredTokenException',
          'The security token included in the request is expired',
          {},
          {},
          false,
        );
    }
  },
};

// ---------------------------------------------------------------- GetClustersForImage

function readPageToken(ctx: OperationContext, token: string | undefined, query: string): number {
  if (token === undefined || token === '') return 0;
  const offset = ctx.paginator.read(token, query);
  if (offset === undefined) throw inspector2Dialect.invalidToken();
  return offset;
}

const getClustersForImage: Operation = {
  name: 'GetClustersForImage',
  service: 'inspector2',
  method: 'POST',
  path: '/cluster/get',
  handle(ctx) {
    const c = new InputChecker();
    const filter = c.object('filter', ctx.input.filter, true);
    const resourceId =
      filter &&
      c.string('filter.resourceId', filter.resourceId, {
        required: true,
        pattern: CLUSTER_RESOURCE_ID_PATTERN,
        patternText: CLUSTER_RESOURCE_ID_TEXT,
      });
    const maxResults = c.integer('maxResults', ctx.input.maxResults, { min: 1, max: 100 });
    const nextToken = c.string('nextToken', ctx.input.nextToken, { min: 1, max: 3000 });
    if (c.violations.length > 0) throw inspector2Dialect.validation(c.violations);

    const query = queryFingerprint({ op: 'GetClustersForImage', region: ctx.region, resourceId });
    const offset = readPageToken(ctx, nextToken, query);
    // Inspector is regional: an image of another region (or one it does not cover) has no clusters here.
    const image = ctx.data.images.find(
      (i) => i.covered && i.region === ctx.region && imageResourceId(i) === resourceId,
    );
    const page = ctx.paginator.page(image?.clusters ?? [], {
      query,
      offset,
      maxResults: maxResults ?? 100,
      token: nextToken,
      tokenLoop: ctx.tokenLoop,
    });
    return { cluster: page.items, ...(page.nextToken !== undefined && { nextToken: page.nextToken }) };
  },
};

// ---------------------------------------------------------------- ListCoverage

/** A covered resource with the values its filters compare against. */
interface CoverageEntry {
  readonly wire: Record<string, unknown>;
  readonly strings: Record<string, readonly string[]>;
  readonly dates: Record<string, number | undefined>;
  readonly numbers: Record<string, number | undefined>;
  readonly maps: Record<string, Record<string, string>>;
}

const STRING_FILTERS = [
  'scanStatusCode',
  'scanStatusReason',
  'accountId',
  'resourceId',
  'resourceType',
  'scanType',
  'ecrRepositoryName',
  'ecrImageTags',
  'lambdaFunctionName',
  'lambdaFunctionRuntime',
  'scanMode',
  'codeRepositoryProjectName',
  'codeRepositoryProviderType',
  'codeRepositoryProviderTypeVisibility',
  'lastScannedCommitId',
  'cloudProvider',
  'cloudProviderAccountId',
  'cloudProviderRegion',
  'cloudProviderOrgId',
  'cloudContainerImageTags',
  'cloudContainerRepositoryName',
  'cloudContainerRegistryName',
  'cloudServerlessFunctionName',
  'cloudServerlessFunctionRuntime',
] as const;
const MAP_FILTERS = [
  'ec2InstanceTags',
  'lambdaFunctionTags',
  'cloudVmInstanceTags',
  'cloudServerlessFunctionTags',
] as const;
const DATE_FILTERS = ['lastScannedAt', 'imagePulledAt', 'ecrImageLastInUseAt'] as const;
const NUMBER_FILTERS = ['ecrImageInUseCount'] as const;

function imageEntry(image: EcrImageRecord): CoverageEntry {
  let lastInUseAt: number | undefined;
  let inUseCount = 0;
  for (const cluster of image.clusters) {
    for (const d of cluster.clusterDetails) {
      if (lastInUseAt === undefined || d.lastInUse > lastInUseAt) lastInUseAt = d.lastInUse;
      inUseCount += d.runningUnitCount ?? 0;
    }
  }
  const resourceId = imageResourceId(image);
  return {
    wire: {
      resourceType: 'AWS_ECR_CONTAINER_IMAGE',
      resourceId,
      accountId: image.accountId,
      scanType: 'PACKAGE',
      scanStatus: { statusCode: image.scanStatus.status, reason: image.scanStatus.reason ?? 'SUCCESSFUL' },
      resourceMetadata: {
        ecrRepository: { name: image.repository, scanFrequency: 'CONTINUOUS_SCAN' },
        ecrImage: {
          tags: image.tags,
          ...(image.imagePulledAt !== undefined && { imagePulledAt: image.imagePulledAt }),
          ...(lastInUseAt !== undefined && { lastInUseAt }),
          inUseCount,
        },
      },
      ...(image.lastScannedAt !== undefined && { lastScannedAt: image.lastScannedAt }),
    },
    strings: {
      accountId: [image.accountId],
      resourceId: [resourceId],
      resourceType: ['AWS_ECR_CONTAINER_IMAGE'],
      scanType: ['PACKAGE'],
      scanStatusCode: [image.scanStatus.status],
      scanStatusReason: image.scanStatus.reason ? [image.scanStatus.reason] : [],
      ecrRepositoryName: [image.repository],
      ecrImageTags: image.tags,
    },
    dates: { lastScannedAt: image.lastScannedAt, imagePulledAt: image.imagePulledAt, ecrImageLastInUseAt: lastInUseAt },
    numbers: { ecrImageInUseCount: inUseCount },
    maps: {},
  };
}

function repositoryEntry(image: EcrImageRecord): CoverageEntry {
  const resourceId = repositoryArn(image.accountId, image.region, image.repository);
  return {
    wire: {
      resourceType: 'AWS_ECR_REPOSITORY',
      resourceId,
      accountId: image.accountId,
      scanType: 'PACKAGE',
      scanStatus: { statusCode: 'ACTIVE', reason: 'SUCCESSFUL' },
      resourceMetadata: { ecrRepository: { name: image.repository, scanFrequency: 'CONTINUOUS_SCAN' } },
    },
    strings: {
      accountId: [image.accountId],
      resourceId: [resourceId],
      resourceType: ['AWS_ECR_REPOSITORY'],
      scanType: ['PACKAGE'],
      scanStatusCode: ['ACTIVE'],
      scanStatusReason: ['SUCCESSFUL'],
      ecrRepositoryName: [image.repository],
    },
    dates: {},
    numbers: {},
    maps: {},
  };
}

function otherEntry(resource: CoveredResourceWire): CoverageEntry {
  const { region: _region, ...wire } = resource;
  const meta = resource.resourceMetadata ?? {};
  const ec2 = meta.ec2 as { tags?: Record<string, string> } | undefined;
  const lambda = meta.lambdaFunction as { functionName?: string; runtime?: string } | undefined;
  return {
    wire,
    strings: {
      accountId: [resource.accountId],
      resourceId: [resource.resourceId],
      resourceType: [resource.resourceType],
      scanType: [resource.scanType],
      scanStatusCode: resource.scanStatus ? [resource.scanStatus.statusCode] : [],
      scanStatusReason: resource.scanStatus ? [resource.scanStatus.reason] : [],
      scanMode: resource.scanMode ? [resource.scanMode] : [],
      lambdaFunctionName: lambda?.functionName ? [lambda.functionName] : [],
      lambdaFunctionRuntime: lambda?.runtime ? [lambda.runtime] : [],
    },
    dates: { lastScannedAt: resource.lastScannedAt },
    numbers: {},
    maps: { ec2InstanceTags: ec2?.tags ?? {} },
  };
}

const coverageCache = new WeakMap<EmulatorData, Map<string, CoverageEntry[]>>();

/** Inspector's coverage of one region: ECR images, their repositories, then the other resources. */
function coverageOf(data: EmulatorData, region: string): CoverageEntry[] {
  let byRegion = coverageCache.get(data);
  if (!byRegion) coverageCache.set(data, (byRegion = new Map()));
  let entries = byRegion.get(region);
  if (!entries) {
    const images = data.images.filter((i) => i.covered && i.region === region);
    const repositories = new Map<string, EcrImageRecord>();
    for (const image of images) repositories.set(`${image.accountId}/${image.repository}`, image);
    entries = [
      ...images.map(imageEntry),
      ...[...repositories.values()].map(repositoryEntry),
      ...data.otherCoverage.filter((r) => r.region === region).map(otherEntry),
    ];
    byRegion.set(region, entries);
  }
  return entries;
}

type Matcher = (entry: CoverageEntry) => boolean;

function readFilters(c: InputChecker, criteria: Record<string, unknown> | undefined): Matcher[] {
  if (!criteria) return [];
  const matchers: Matcher[] = [];
  const listRule = { min: 1, max: 10 };
  for (const field of STRING_FILTERS) {
    const list = c.list(`filterCriteria.${field}`, criteria[field], listRule);
    if (!list) continue;
    const equals: string[] = [];
    const notEquals: string[] = [];
    list.forEach((item, i) => {
      const p = `filterCriteria.${field}.${i + 1}.member`;
      const f = c.object(p, item, true);
      if (!f) return;
      const comparison = c.string(`${p}.comparison`, f.comparison, { required: true, enum: ['EQUALS', 'NOT_EQUALS'] });
      const value = c.string(`${p}.value`, f.value, { required: true, min: 1, max: 1024 });
      if (value === undefined) return;
      if (comparison === 'EQUALS') equals.push(value);
      if (comparison === 'NOT_EQUALS') notEquals.push(value);
    });
    matchers.push((e) => {
      const values = e.strings[field] ?? [];
      if (equals.length > 0 && !equals.some((v) => values.includes(v))) return false;
      return !notEquals.some((v) => values.includes(v));
    });
  }
  for (const field of MAP_FILTERS) {
    const list = c.list(`filterCriteria.${field}`, criteria[field], listRule);
    list?.forEach((item, i) => {
      const p = `filterCriteria.${field}.${i + 1}.member`;
      const f = c.object(p, item, true);
      if (!f) return;
      c.string(`${p}.comparison`, f.comparison, { required: true, enum: ['EQUALS'] });
      const key = c.string(`${p}.key`, f.key, { required: true, min: 1 });
      const value = c.string(`${p}.value`, f.value, { min: 1 });
      if (key !== undefined) {
        matchers.push((e) => {
          const tags = e.maps[field] ?? {};
          return key in tags && (value === undefined || tags[key] === value);
        });
      }
    });
  }
  for (const field of DATE_FILTERS) {
    const list = c.list(`filterCriteria.${field}`, criteria[field], listRule);
    list?.forEach((item, i) => {
      const p = `filterCriteria.${field}.${i + 1}.member`;
      const f = c.object(p, item, true);
      if (!f) return;
      const from = c.timestamp(`${p}.startInclusive`, f.startInclusive);
      const to = c.timestamp(`${p}.endInclusive`, f.endInclusive);
      matchers.push((e) => {
        const t = e.dates[field];
        return t !== undefined && (from === undefined || t >= from) && (to === undefined || t <= to);
      });
    });
  }
  for (const field of NUMBER_FILTERS) {
    const list = c.list(`filterCriteria.${field}`, criteria[field], listRule);
    list?.forEach((item, i) => {
      const p = `filterCriteria.${field}.${i + 1}.member`;
      const f = c.object(p, item, true);
      if (!f) return;
      const low = c.integer(`${p}.lowerInclusive`, f.lowerInclusive);
      const high = c.integer(`${p}.upperInclusive`, f.upperInclusive);
      matchers.push((e) => {
        const n = e.numbers[field];
        return n !== undefined && (low === undefined || n >= low) && (high === undefined || n <= high);
      });
    });
  }
  return matchers;
}

const listCoverage: Operation = {
  name: 'ListCoverage',
  service: 'inspector2',
  method: 'POST',
  path: '/coverage/list',
  handle(ctx) {
    const c = new InputChecker();
    const maxResults = c.integer('maxResults', ctx.input.maxResults, { min: 1, max: 200 });
    const nextToken = c.string('nextToken', ctx.input.nextToken, { min: 0, max: 1_000_000 });
    const criteria = c.object('filterCriteria', ctx.input.filterCriteria);
    const matchers = readFilters(c, criteria);
    if (c.violations.length > 0) throw inspector2Dialect.validation(c.violations);

    const query = queryFingerprint({ op: 'ListCoverage', region: ctx.region, criteria: criteria ?? {} });
    const offset = readPageToken(ctx, nextToken, query);
    const matching = coverageOf(ctx.data, ctx.region).filter((e) => matchers.every((m) => m(e)));
    const page = ctx.paginator.page(matching, {
      query,
      offset,
      maxResults: maxResults ?? 100,
      token: nextToken === '' ? undefined : nextToken,
      tokenLoop: ctx.tokenLoop,
    });
    return {
      coveredResources: page.items.map((e) => e.wire),
      ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    };
  },
};

export const inspector2Operations: readonly Operation[] = [getClustersForImage, listCoverage];
