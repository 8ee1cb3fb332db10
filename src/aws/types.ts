/**
 * The contract between the extension and its AWS layer (`src/aws/layer.ts`, bundled per service as `dist/aws-<service>.js` and loaded on
 * first use). Plain data only: nothing here imports the SDK or `vscode`, so every part of the extension can use these
 * types without loading either.
 */
import type { SsoSignInConfig } from './profiles';

/** Where and as whom requests go: one client per distinct target and service is built and reused. */
export interface AwsTarget {
  /** Profile from the shared config/credentials files; undefined = the SDK's default credential chain. */
  readonly profile?: string;
  readonly region: string;
  /** Endpoint overrides (emulator, VPC endpoints). Undefined = the SDK's own resolution (incl. AWS_ENDPOINT_URL_*). */
  readonly endpoints?: { readonly inspector2?: string; readonly imagebuilder?: string };
  /** Per-request timeout in milliseconds (socket idle and connection); undefined = the SDK default. */
  readonly requestTimeoutMs?: number;
}

/** One page of a paged list: what every `loadPage` returns to the generic pager. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Token for the next page; undefined on the last page. */
  readonly nextToken?: string;
}

// ---------------------------------------------------------------- Inspector2

export interface EcsClusterMetadata {
  readonly kind: 'ecs';
  readonly detailsGroup: string;
  readonly taskDefinitionArn: string;
}

export interface EksWorkload {
  readonly name: string;
  readonly type: string;
}

export interface EksClusterMetadata {
  readonly kind: 'eks';
  readonly namespace?: string;
  readonly workloads: readonly EksWorkload[];
}

/** A `clusterMetadata` union member this version does not know (or an empty union). */
export interface UnknownClusterMetadata {
  readonly kind: 'unknown';
  /** The wire key of the unknown member, when the SDK reported one. */
  readonly tag?: string;
}

export type ClusterMetadata = EcsClusterMetadata | EksClusterMetadata | UnknownClusterMetadata;

export interface ClusterDetail {
  readonly lastInUse?: Date;
  readonly runningUnitCount?: number;
  /** Tasks or pods where the image was stopped in the last 24 hours. */
  readonly stoppedUnitCount?: number;
  readonly metadata: ClusterMetadata;
}

export interface ClusterInfo {
  readonly clusterArn: string;
  readonly details: readonly ClusterDetail[];
}

export interface GetClustersForImageRequest {
  readonly resourceId: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** Filter for finding an ECR image in Inspector's coverage (ListCoverage). */
export interface CoveredImageQuery {
  readonly accountId: string;
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` */
  readonly digest?: string;
  /** The image's Inspector resource id, when known (a digest lookup): filtered on exactly. */
  readonly resourceId?: string;
}

export interface CoveredImage {
  readonly resourceId: string;
  readonly accountId: string;
  readonly repository?: string;
  readonly tags: readonly string[];
  readonly scanStatus?: string;
  readonly scanStatusReason?: string;
  readonly lastInUseAt?: Date;
  readonly inUseCount?: number;
}

// ---------------------------------------------------------------- Image Builder

export type LifecycleExecutionStatus = 'IN_PROGRESS' | 'CANCELLED' | 'CANCELLING' | 'FAILED' | 'SUCCESS' | 'PENDING';
export type LifecycleResourceStatus = 'FAILED' | 'IN_PROGRESS' | 'SKIPPED' | 'SUCCESS';
export type LifecycleActionName = 'AVAILABLE' | 'DELETE' | 'DEPRECATE' | 'DISABLE';

export interface StatusWithReason<S extends string = string> {
  /** Known values are typed; the service may add others, which are kept as strings. */
  readonly status?: S | (string & {});
  readonly reason?: string;
}

export interface LifecyclePolicySummary {
  readonly arn: string;
  readonly name?: string;
  readonly description?: string;
  readonly status?: string;
  readonly resourceType?: string;
  readonly dateCreated?: Date;
  readonly dateUpdated?: Date;
  readonly dateLastRun?: Date;
}

export interface LifecycleExecution {
  readonly lifecycleExecutionId: string;
  readonly lifecyclePolicyArn?: string;
  readonly hasImpactedResources: boolean;
  readonly state?: StatusWithReason<LifecycleExecutionStatus>;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

export interface LifecycleSnapshot {
  readonly snapshotId?: string;
  readonly state?: StatusWithReason<LifecycleResourceStatus>;
}

export interface LifecycleResource {
  readonly accountId?: string;
  readonly resourceId?: string;
  readonly region?: string;
  readonly state?: StatusWithReason<LifecycleResourceStatus>;
  readonly action?: { readonly name?: LifecycleActionName | (string & {}); readonly reason?: string };
  readonly snapshots: readonly LifecycleSnapshot[];
  readonly imageUris: readonly string[];
  readonly startTime?: Date;
  readonly endTime?: Date;
}

/** What one rule of a lifecycle policy does (`policyDetails[].action`); the filter and exclusions are not needed. */
export interface LifecyclePolicyRule {
  readonly actionType?: string;
  /** `action.includeResources`: which distributed resources the action also applies to (undefined = not sent). */
  readonly includeResources: {
    readonly amis?: boolean;
    readonly snapshots?: boolean;
    readonly containers?: boolean;
  };
}

/** A lifecycle policy as GetLifecyclePolicy returns it (the parts the extension reads). */
export interface LifecyclePolicy {
  readonly arn: string;
  readonly name?: string;
  readonly status?: string;
  readonly resourceType?: string;
  readonly rules: readonly LifecyclePolicyRule[];
}

export interface LifecycleResourcesPage extends Page<LifecycleResource> {
  readonly executionState?: StatusWithReason<LifecycleExecutionStatus>;
}

export interface ListLifecycleExecutionResourcesRequest {
  readonly lifecycleExecutionId: string;
  readonly parentResourceId?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

// ---------------------------------------------------------------- the layer

/**
 * What `dist/aws-inspector2.js` and `dist/aws-imagebuilder.js` export (its default export `createAwsApi()` returns one). Every call takes an AbortSignal and
 * throws the SDK's own errors; `toFootprintError` in src/aws/errors.ts turns them into something a user can act on.
 */
export interface AwsApi {
  getClustersForImage(
    target: AwsTarget,
    req: GetClustersForImageRequest,
    signal?: AbortSignal,
  ): Promise<Page<ClusterInfo>>;
  /** ListCoverage for one ECR image: follows pages internally (bounded) and returns the matching images. */
  findCoveredImages(target: AwsTarget, query: CoveredImageQuery, signal?: AbortSignal): Promise<CoveredImage[]>;
  listLifecyclePolicies(
    target: AwsTarget,
    req: PageRequest,
    signal?: AbortSignal,
  ): Promise<Page<LifecyclePolicySummary>>;
  listLifecycleExecutions(
    target: AwsTarget,
    req: PageRequest & { readonly resourceArn: string },
    signal?: AbortSignal,
  ): Promise<Page<LifecycleExecution>>;
  getLifecycleExecution(
    target: AwsTarget,
    lifecycleExecutionId: string,
    signal?: AbortSignal,
  ): Promise<LifecycleExecution>;
  listLifecycleExecutionResources(
    target: AwsTarget,
    req: ListLifecycleExecutionResourcesRequest,
    signal?: AbortSignal,
  ): Promise<LifecycleResourcesPage>;
  getLifecyclePolicy(target: AwsTarget, lifecyclePolicyArn: string, signal?: AbortSignal): Promise<LifecyclePolicy>;
  /** Destroys every cached client (sockets included). */
  dispose(): void;
}

export interface AwsLayerModule {
  createAwsApi(options?: AwsApiOptions): AwsApi;
  /** The bundle's own `@vscode/l10n`, configured by `AwsSession` with the translations VS Code loaded. */
  configureL10n?(options: { contents: Record<string, string> }): void;
}

/** What `dist/awsSignIn.js` exports: the sign-in flow alone (SSO-OIDC), without either service's client. */
export interface AwsSignInModule {
  /** IAM Identity Center sign-in with SSO-OIDC (device authorization), writing the shared token cache. */
  createSsoSignIn(options?: SsoSignInOptions): SsoSignIn;
}

export interface AwsApiOptions {
  /** Receives one line per AWS call (operation, region, outcome, request id, attempts, time); no secrets. */
  readonly log?: (line: string) => void;
  /** Receives what the SDK itself warns or complains about (clock skew, a socket pool at capacity, …). */
  readonly warn?: (line: string) => void;
  /**
   * Credential providers by (profile, region), shared by the per-service bundles (dist/aws-<service>.js) so that
   * both services use one provider per profile. Opaque to the extension; a layer creates its own when absent.
   */
  readonly credentials?: Map<string, unknown>;
  /** Asked for the code of an MFA device when a profile assumes a role with `mfa_serial`. */
  readonly mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

// ---------------------------------------------------------------- IAM Identity Center sign-in

/** A device authorization waiting for the user: show `userCode`, open `verificationUriComplete`, then `complete()`. */
export interface SsoDeviceAuthorization {
  readonly verificationUri: string;
  /** The verification URL with the code filled in, when the service gives one. */
  readonly verificationUriComplete?: string;
  readonly userCode: string;
  readonly expiresAt: Date;
  /** Polls CreateToken (interval and slow_down honoured) until the user approves; writes the token cache. */
  complete(signal: AbortSignal): Promise<SsoSignInResult>;
}

export interface SsoSignInResult {
  /** `~/.aws/sso/cache/<sha1>.json`: the file the SDK and the AWS CLI read. */
  readonly cacheFile: string;
  readonly expiresAt: Date;
  /** How it was obtained. */
  readonly via: 'deviceAuthorization' | 'refreshToken';
}

export interface SsoSignIn {
  /** A new access token from the cached refresh token; undefined when there is none or it no longer works. */
  refresh(config: SsoSignInConfig, signal?: AbortSignal): Promise<SsoSignInResult | undefined>;
  /** RegisterClient (or the cached registration) and StartDeviceAuthorization. */
  startDeviceAuthorization(config: SsoSignInConfig, signal?: AbortSignal): Promise<SsoDeviceAuthorization>;
}

export interface SsoSignInOptions {
  readonly log?: (line: string) => void;
  /** Waits between polls; tests pass one that records the delays. Default: a timer that the signal cancels. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Request timeout per attempt, ms. */
  readonly requestTimeoutMs?: number;
}
