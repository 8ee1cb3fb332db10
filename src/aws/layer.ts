/**
 * The AWS layer: the only code that loads the AWS SDK. Bundled once per service (`dist/aws-inspector2.js`,
 * `dist/aws-imagebuilder.js`, each without the other's client: esbuild.mjs) and loaded on the first request of that
 * service (see src/aws/session.ts), so activation never pays for the SDK and a request pays for its service only.
 *
 * One Inspector2 and one Image Builder client per (profile, region, endpoint, timeout), built on first use and reused;
 * one credential provider per profile shared by both services. Every call takes an AbortSignal. Errors are thrown as
 * the SDK raised them; src/aws/errors.ts turns them into messages.
 */
import {
  GetClustersForImageCommand,
  Inspector2Client,
  ListCoverageCommand,
  type CoverageFilterCriteria,
} from '@aws-sdk/client-inspector2';
import {
  GetLifecycleExecutionCommand,
  GetLifecyclePolicyCommand,
  ImagebuilderClient,
  ListLifecycleExecutionResourcesCommand,
  ListLifecycleExecutionsCommand,
  ListLifecyclePoliciesCommand,
  type LifecycleExecution as SdkLifecycleExecution,
} from '@aws-sdk/client-imagebuilder';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import * as l10n from '@vscode/l10n';
import type { AwsCredentialIdentityProvider, Logger } from '@aws-sdk/types';
import type {
  AwsApi,
  AwsApiOptions,
  AwsLayerModule,
  AwsTarget,
  ClusterInfo,
  CoveredImage,
  CoveredImageQuery,
  LifecyclePolicy,
  Page,
} from './types';

import {
  emptyToUndefined,
  object,
  optionalDate,
  status,
  text,
  toClusterInfo,
  toCoveredImage,
  toExecution,
  topList,
  toPolicyRule,
  toResource,
} from './sdk/wire';

/** ListCoverage may answer with empty pages that still carry a token; bound how far one lookup follows them. */
const MAX_COVERAGE_PAGES = 20;

type LogFn = (line: string) => void;

/** One line of what the SDK hands its logger (strings, errors, records), bounded. */
function sdkLogLine(content: readonly unknown[]): string {
  const part = (c: unknown): string => {
    if (typeof c === 'string') return c;
    if (c instanceof Error) return `${c.name}: ${c.message}`;
    try {
      return JSON.stringify(c) ?? String(c);
    } catch {
      return String(c);
    }
  };
  return content.map(part).join(' ').replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * The logger every client gets. The SDK's default (`NoOpLogger`) has every method, and the SDK asks whether one is
 * there, not whether it does anything: after every response the logger middleware passes the whole input and output
 * through the schema's sensitive-data filter for `logger.info?.()` (8.6 % of the samples of one page of clusters),
 * and endpoint resolution builds a debug string per rule condition for `logger.debug?.()`. This logger has no
 * `trace`, `debug` or `info`, so none of that work happens; what the SDK warns about (clock skew, a socket pool at
 * capacity, a setting it ignores) goes to our log. Its `error` is only called by the logger middleware with the
 * failed request, which `logged()` below already writes as one line: that record is not written twice.
 */
export function sdkLogger(warn: LogFn | undefined): Logger {
  const logger: Pick<Logger, 'warn' | 'error'> = {
    warn: (...content: unknown[]) => warn?.(`AWS SDK warning: ${sdkLogLine(content)}`),
    error: (...content: unknown[]) => {
      const first = content[0];
      if (content.length === 1 && typeof first === 'object' && first !== null && 'commandName' in first) return;
      warn?.(`AWS SDK error: ${sdkLogLine(content)}`);
    },
  };
  // The SDK's type says every method is there; the SDK calls info, debug and trace only when they are (`?.()`).
  return logger as Logger;
}

function keyOf(...parts: (string | number | undefined)[]): string {
  return JSON.stringify(parts);
}

/**
 * The logger of the credential providers and the clients they build (STS for assume-role and MFA, SSO for IAM
 * Identity Center): every method is there, because some of them call `logger?.debug()` and `logger?.info()` without
 * asking. Those run once per credential refresh, not per request, so the cost sdkLogger avoids does not apply here.
 */
export function credentialLogger(warn: LogFn | undefined): Logger {
  const quiet = (): void => undefined;
  return { ...sdkLogger(warn), debug: quiet, info: quiet, trace: quiet };
}

class ClientCache {
  private readonly credentials: Map<string, AwsCredentialIdentityProvider>;
  private readonly inspector = new Map<string, Inspector2Client>();
  private readonly imagebuilder = new Map<string, ImagebuilderClient>();
  private readonly logger: Logger;
  private readonly credentialLogger: Logger;

  constructor(private readonly options: AwsApiOptions) {
    this.logger = sdkLogger(options.warn);
    this.credentialLogger = credentialLogger(options.warn);
    // Shared with the other service's bundle when the session passes one (providers are plain functions).
    this.credentials = (options.credentials ?? new Map()) as Map<string, AwsCredentialIdentityProvider>;
  }

  private credentialsFor(target: AwsTarget): AwsCredentialIdentityProvider {
    const key = keyOf(target.profile, target.region);
    let provider = this.credentials.get(key);
    if (!provider) {
      provider = fromNodeProviderChain({
        ...(target.profile ? { profile: target.profile } : {}),
        // The SDK otherwise keeps the first read of ~/.aws/config, ~/.aws/credentials and the SSO token cache for
        // the life of the process: keys rotated or an "aws sso login" would never be seen until VS Code restarts.
        ignoreCache: true,
        // A logger of their own: without one, the chain and the STS and SSO clients it builds take the calling
        // client's (sdkLogger, which has no debug), and parts of it call `logger?.debug()` unguarded.
        logger: this.credentialLogger,
        clientConfig: { region: target.region, logger: this.credentialLogger },
        // A role with mfa_serial: the SDK asks for the code (an input box in VS Code) instead of failing.
        ...(this.options.mfaCodeProvider ? { mfaCodeProvider: this.options.mfaCodeProvider } : {}),
      });
      this.credentials.set(key, provider);
    }
    return provider;
  }

  private common(target: AwsTarget, endpoint: string | undefined) {
    return {
      region: target.region,
      credentials: this.credentialsFor(target),
      logger: this.logger,
      ...(endpoint ? { endpoint } : {}),
      ...(target.requestTimeoutMs
        ? {
            requestHandler: {
              connectionTimeout: target.requestTimeoutMs,
              requestTimeout: target.requestTimeoutMs,
              socketTimeout: target.requestTimeoutMs,
              // Without it the SDK only prints a warning when the time is up, and keeps waiting.
              throwOnRequestTimeout: true,
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
    const e = err as { name?: unknown; $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number } };
    // The error name may come from the endpoint (x-amzn-errortype): one line, bounded.
    const name = typeof e.name === 'string' ? e.name.replace(/[^\w.:-]+/g, '?').slice(0, 100) : 'Error';
    log?.(
      `${operation} ${target.region} failed in ${Date.now() - started} ms: ${name}` +
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
  if (query.resourceId !== undefined) filter.resourceId = eq(query.resourceId);
  return filter;
}

/** This bundle's own copy of `@vscode/l10n` (its not-found messages reach the user): `AwsSession` configures it. */
export { config as configureL10n } from '@vscode/l10n';

export const createAwsApi: AwsLayerModule['createAwsApi'] = (options) => {
  const clients = new ClientCache(options ?? {});
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
      return {
        items: topList('GetClustersForImage', 'cluster', out.cluster).map(toClusterInfo),
        nextToken: emptyToUndefined(out.nextToken),
      };
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
        for (const r of topList('ListCoverage', 'coveredResources', out.coveredResources)) {
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
        items: topList('ListLifecyclePolicies', 'lifecyclePolicySummaryList', out.lifecyclePolicySummaryList).map(
          (p) => ({
            arn: text(p.arn) ?? '',
            name: text(p.name),
            description: text(p.description),
            status: text(p.status),
            resourceType: text(p.resourceType),
            dateCreated: optionalDate(p.dateCreated),
            dateUpdated: optionalDate(p.dateUpdated),
            dateLastRun: optionalDate(p.dateLastRun),
          }),
        ),
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
      return {
        items: topList('ListLifecycleExecutions', 'lifecycleExecutions', out.lifecycleExecutions).map(toExecution),
        nextToken: emptyToUndefined(out.nextToken),
      };
    },

    async getLifecycleExecution(target, lifecycleExecutionId, signal) {
      const out = await logged(log, 'GetLifecycleExecution', target, () =>
        clients
          .imagebuilderFor(target)
          .send(new GetLifecycleExecutionCommand({ lifecycleExecutionId }), { abortSignal: signal }),
      );
      if (!object(out.lifecycleExecution)) {
        throw Object.assign(new Error(l10n.t('Lifecycle execution {0} was not returned.', lifecycleExecutionId)), {
          name: 'ResourceNotFoundException',
        });
      }
      return toExecution(out.lifecycleExecution as SdkLifecycleExecution);
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
        items: topList('ListLifecycleExecutionResources', 'resources', out.resources).map(toResource),
        nextToken: emptyToUndefined(out.nextToken),
        executionState: status(out.lifecycleExecutionState),
      };
    },

    async getLifecyclePolicy(target, lifecyclePolicyArn, signal): Promise<LifecyclePolicy> {
      const out = await logged(log, 'GetLifecyclePolicy', target, () =>
        clients
          .imagebuilderFor(target)
          .send(new GetLifecyclePolicyCommand({ lifecyclePolicyArn }), { abortSignal: signal }),
      );
      const policy = object(out.lifecyclePolicy);
      if (!policy) {
        throw Object.assign(new Error(l10n.t('Lifecycle policy {0} was not returned.', lifecyclePolicyArn)), {
          name: 'ResourceNotFoundException',
        });
      }
      return {
        arn: text(policy.arn) ?? lifecyclePolicyArn,
        name: text(policy.name),
        status: text(policy.status),
        resourceType: text(policy.resourceType),
        rules: topList('GetLifecyclePolicy', 'policyDetails', policy.policyDetails).flatMap(toPolicyRule),
      };
    },

    dispose() {
      clients.dispose();
    },
  };
  return api;
};
