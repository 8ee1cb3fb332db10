/**
 * The AWS layer: the only code that loads the AWS SDK. Bundled on its own as `dist/aws.js` and loaded on the first
 * request (see src/aws/session.ts), so activation never pays for the SDK.
 *
 * One Inspector2 and one Image Builder client per (profile, region, endpoint, timeout), built on first use and reused;
 * one credential provider per profile shared by both services. Every call takes an AbortSignal. Errors are thrown as
 * the SDK raised them; src/aws/errors.ts turns them into messages.
 */
import {
  GetClustersForImageCommand,
  Inspector2Client,
  ListCoverageCommand,
  type ClusterInformation,
  type ClusterMetadata as SdkClusterMetadata,
  type CoveredResource,
  type CoverageFilterCriteria,
} from '@aws-sdk/client-inspector2';
import {
  GetLifecycleExecutionCommand,
  ImagebuilderClient,
  ListLifecycleExecutionResourcesCommand,
  ListLifecycleExecutionsCommand,
  ListLifecyclePoliciesCommand,
  type LifecycleExecution as SdkLifecycleExecution,
  type LifecycleExecutionResource,
} from '@aws-sdk/client-imagebuilder';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type {
  AwsApi,
  AwsLayerModule,
  AwsTarget,
  ClusterDetail,
  ClusterInfo,
  ClusterMetadata,
  CoveredImage,
  CoveredImageQuery,
  LifecycleExecution,
  LifecycleResource,
  Page,
} from './types';

/** ListCoverage may answer with empty pages that still carry a token; bound how far one lookup follows them. */
const MAX_COVERAGE_PAGES = 20;

type LogFn = (line: string) => void;

function optionalDate(value: Date | undefined): Date | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : undefined;
}

function toMetadata(metadata: SdkClusterMetadata | undefined): ClusterMetadata {
  if (metadata && 'awsEcsMetadataDetails' in metadata && metadata.awsEcsMetadataDetails) {
    const ecs = metadata.awsEcsMetadataDetails;
    return { kind: 'ecs', detailsGroup: ecs.detailsGroup ?? '', taskDefinitionArn: ecs.taskDefinitionArn ?? '' };
  }
  if (metadata && 'awsEksMetadataDetails' in metadata && metadata.awsEksMetadataDetails) {
    const eks = metadata.awsEksMetadataDetails;
    return {
      kind: 'eks',
      namespace: eks.namespace,
      workloads: (eks.workloadInfoList ?? []).map((w) => ({ name: w.name ?? '', type: w.type ?? '' })),
    };
  }
  const unknown = metadata && '$unknown' in metadata ? metadata.$unknown : undefined;
  return { kind: 'unknown', tag: Array.isArray(unknown) && typeof unknown[0] === 'string' ? unknown[0] : undefined };
}

function toClusterInfo(cluster: ClusterInformation): ClusterInfo {
  return {
    clusterArn: cluster.clusterArn ?? '',
    details: (cluster.clusterDetails ?? []).map((d): ClusterDetail => ({
      lastInUse: optionalDate(d.lastInUse),
      runningUnitCount: d.runningUnitCount,
      stoppedUnitCount: d.stoppedUnitCount,
      metadata: toMetadata(d.clusterMetadata),
    })),
  };
}

function toCoveredImage(r: CoveredResource): CoveredImage {
  const image = r.resourceMetadata?.ecrImage;
  return {
    resourceId: r.resourceId ?? '',
    accountId: r.accountId ?? '',
    repository: r.resourceMetadata?.ecrRepository?.name,
    tags: image?.tags ?? [],
    scanStatus: r.scanStatus?.statusCode,
    scanStatusReason: r.scanStatus?.reason,
    lastInUseAt: optionalDate(image?.lastInUseAt),
    inUseCount: image?.inUseCount,
  };
}

function toExecution(e: SdkLifecycleExecution): LifecycleExecution {
  return {
    lifecycleExecutionId: e.lifecycleExecutionId ?? '',
    lifecyclePolicyArn: e.lifecyclePolicyArn,
    hasImpactedResources: e.resourcesImpactedSummary?.hasImpactedResources ?? false,
    state: e.state ? { status: e.state.status, reason: e.state.reason } : undefined,
    startTime: optionalDate(e.startTime),
    endTime: optionalDate(e.endTime),
  };
}

function toResource(r: LifecycleExecutionResource): LifecycleResource {
  return {
    accountId: r.accountId,
    resourceId: r.resourceId,
    region: r.region,
    state: r.state ? { status: r.state.status, reason: r.state.reason } : undefined,
    action: r.action ? { name: r.action.name, reason: r.action.reason } : undefined,
    snapshots: (r.snapshots ?? []).map((s) => ({
      snapshotId: s.snapshotId,
      state: s.state ? { status: s.state.status, reason: s.state.reason } : undefined,
    })),
    imageUris: r.imageUris ?? [],
    startTime: optionalDate(r.startTime),
    endTime: optionalDate(r.endTime),
  };
}

function emptyToUndefined(token: string | undefined | null): string | undefined {
  return token ? token : undefined;
}

function keyOf(...parts: (string | number | undefined)[]): string {
  return JSON.stringify(parts);
}

class ClientCache {
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  private readonly inspector = new Map<string, Inspector2Client>();
  private readonly imagebuilder = new Map<string, ImagebuilderClient>();

  private credentialsFor(target: AwsTarget): AwsCredentialIdentityProvider {
    const key = keyOf(target.profile, target.region);
    let provider = this.credentials.get(key);
    if (!provider) {
      provider = fromNodeProviderChain({
        ...(target.profile ? { profile: target.profile } : {}),
        clientConfig: { region: target.region },
      });
      this.credentials.set(key, provider);
    }
    return provider;
  }

  private common(target: AwsTarget, endpoint: string | undefined) {
    return {
      region: target.region,
      credentials: this.credentialsFor(target),
      ...(endpoint ? { endpoint } : {}),
      ...(target.requestTimeoutMs
        ? {
            requestHandler: {
              connectionTimeout: target.requestTimeoutMs,
              requestTimeout: target.requestTimeoutMs,
            },
          }
        : {}),
    };
  }

  inspectorFor(target: AwsTarget): Inspector2Client {
    const endpoint = target.endpoints?.inspector2;
    const key = keyOf(target.profile, target.region, endpoint, target.requestTimeoutMs);
    let client = this.inspector.get(key);
    if (!client) {
      client = new Inspector2Client(this.common(target, endpoint));
      this.inspector.set(key, client);
    }
    return client;
  }

  imagebuilderFor(target: AwsTarget): ImagebuilderClient {
    const endpoint = target.endpoints?.imagebuilder;
    const key = keyOf(target.profile, target.region, endpoint, target.requestTimeoutMs);
    let client = this.imagebuilder.get(key);
    if (!client) {
      client = new ImagebuilderClient(this.common(target, endpoint));
      this.imagebuilder.set(key, client);
    }
    return client;
  }

  dispose(): void {
    for (const c of this.inspector.values()) c.destroy();
    for (const c of this.imagebuilder.values()) c.destroy();
    this.inspector.clear();
    this.imagebuilder.clear();
    this.credentials.clear();
  }
}

/** Runs one SDK call and logs it (operation, region, outcome, request id, attempts, time); never credentials. */
async function logged<T extends { $metadata?: { requestId?: string; attempts?: number } }>(
  log: LogFn | undefined,
  operation: string,
  target: AwsTarget,
  call: () => Promise<T>,
): Promise<T> {
  const started = Date.now();
  try {
    const out = await call();
    log?.(
      `${operation} ${target.region} ok in ${Date.now() - started} ms` +
        ` (request ${out.$metadata?.requestId ?? '-'}, ${out.$metadata?.attempts ?? 1} attempt(s))`,
    );
    return out;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number } };
    log?.(
      `${operation} ${target.region} failed in ${Date.now() - started} ms: ${e.name ?? 'Error'}` +
        ` (HTTP ${e.$metadata?.httpStatusCode ?? '-'}, request ${e.$metadata?.requestId ?? '-'},` +
        ` ${e.$metadata?.attempts ?? 1} attempt(s))`,
    );
    throw err;
  }
}

function coverageFilter(query: CoveredImageQuery): CoverageFilterCriteria {
  const eq = (value: string) => [{ comparison: 'EQUALS' as const, value }];
  const filter: CoverageFilterCriteria = {
    resourceType: eq('AWS_ECR_CONTAINER_IMAGE'),
    accountId: eq(query.accountId),
    ecrRepositoryName: eq(query.repository),
  };
  if (query.tag !== undefined) filter.ecrImageTags = eq(query.tag);
  return filter;
}

export const createAwsApi: AwsLayerModule['createAwsApi'] = (options) => {
  const clients = new ClientCache();
  const log = options?.log;
  const api: AwsApi = {
    async getClustersForImage(target, req, signal): Promise<Page<ClusterInfo>> {
      const out = await logged(log, 'GetClustersForImage', target, () =>
        clients.inspectorFor(target).send(
          new GetClustersForImageCommand({
            filter: { resourceId: req.resourceId },
            maxResults: req.maxResults,
            nextToken: req.nextToken,
          }),
          { abortSignal: signal },
        ),
      );
      return { items: (out.cluster ?? []).map(toClusterInfo), nextToken: emptyToUndefined(out.nextToken) };
    },

    async findCoveredImages(target, query, signal): Promise<CoveredImage[]> {
      const filterCriteria = coverageFilter(query);
      const found: CoveredImage[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_COVERAGE_PAGES; page++) {
        const out = await logged(log, 'ListCoverage', target, () =>
          clients
            .inspectorFor(target)
            .send(new ListCoverageCommand({ filterCriteria, maxResults: 200, nextToken }), { abortSignal: signal }),
        );
        for (const r of out.coveredResources ?? []) {
          const image = toCoveredImage(r);
          if (query.digest && !image.resourceId.endsWith(`/${query.digest}`)) continue;
          found.push(image);
        }
        const next = emptyToUndefined(out.nextToken);
        if (!next || next === nextToken || found.length > 0) break;
        nextToken = next;
      }
      return found;
    },

    async listLifecyclePolicies(target, req, signal) {
      const out = await logged(log, 'ListLifecyclePolicies', target, () =>
        clients
          .imagebuilderFor(target)
          .send(new ListLifecyclePoliciesCommand({ maxResults: req.maxResults, nextToken: req.nextToken }), {
            abortSignal: signal,
          }),
      );
      return {
        items: (out.lifecyclePolicySummaryList ?? []).map((p) => ({
          arn: p.arn ?? '',
          name: p.name,
          description: p.description,
          status: p.status,
          resourceType: p.resourceType,
          dateCreated: optionalDate(p.dateCreated),
          dateUpdated: optionalDate(p.dateUpdated),
          dateLastRun: optionalDate(p.dateLastRun),
        })),
        nextToken: emptyToUndefined(out.nextToken),
      };
    },

    async listLifecycleExecutions(target, req, signal) {
      const out = await logged(log, 'ListLifecycleExecutions', target, () =>
        clients.imagebuilderFor(target).send(
          new ListLifecycleExecutionsCommand({
            resourceArn: req.resourceArn,
            maxResults: req.maxResults,
            nextToken: req.nextToken,
          }),
          { abortSignal: signal },
        ),
      );
      return { items: (out.lifecycleExecutions ?? []).map(toExecution), nextToken: emptyToUndefined(out.nextToken) };
    },

    async getLifecycleExecution(target, lifecycleExecutionId, signal) {
      const out = await logged(log, 'GetLifecycleExecution', target, () =>
        clients
          .imagebuilderFor(target)
          .send(new GetLifecycleExecutionCommand({ lifecycleExecutionId }), { abortSignal: signal }),
      );
      if (!out.lifecycleExecution) {
        throw Object.assign(new Error(`Lifecycle execution ${lifecycleExecutionId} was not returned.`), {
          name: 'ResourceNotFoundException',
        });
      }
      return toExecution(out.lifecycleExecution);
    },

    async listLifecycleExecutionResources(target, req, signal) {
      const out = await logged(log, 'ListLifecycleExecutionResources', target, () =>
        clients.imagebuilderFor(target).send(
          new ListLifecycleExecutionResourcesCommand({
            lifecycleExecutionId: req.lifecycleExecutionId,
            parentResourceId: req.parentResourceId,
            maxResults: req.maxResults,
            nextToken: req.nextToken,
          }),
          { abortSignal: signal },
        ),
      );
      return {
        items: (out.resources ?? []).map(toResource),
        nextToken: emptyToUndefined(out.nextToken),
        executionState: out.lifecycleExecutionState
          ? { status: out.lifecycleExecutionState.status, reason: out.lifecycleExecutionState.reason }
          : undefined,
      };
    },

    dispose() {
      clients.dispose();
    },
  };
  return api;
};
