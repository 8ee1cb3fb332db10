/**
 * EC2 Image Builder: ListLifecyclePolicies, ListLifecycleExecutions, GetLifecycleExecution and GetLifecyclePolicy (GETs
 * with a query string) and ListLifecycleExecutionResources (with and without `parentResourceId`).
 */
import type { FaultSpec } from './faults';
import type { LifecycleExecutionRecord, LifecyclePolicyRecord, LifecycleResourceRecord } from './model';
import { defaultPolicyDetails } from './model';
import { queryFingerprint } from './paging';
import type { Operation, OperationContext, ServiceDialect } from './service';
import { CALLER_ARN } from './service';
import type { Violation } from './validate';
import { InputChecker, validationMessage } from './validate';
import { AwsError } from './wire';

export const LIFECYCLE_EXECUTION_ID_PATTERN =
  /^lce-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const IMAGE_BUILDER_ARN_PATTERN =
  /^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):(?:image-recipe|container-recipe|infrastructure-configuration|distribution-configuration|component|image|image-pipeline|lifecycle-policy|workflow\/(?:build|test|distribution))\/[a-z0-9-_]+(?:\/(?:(?:x|[0-9]+)\.(?:x|[0-9]+)\.(?:x|[0-9]+))(?:\/[0-9]+)?)?$/;
/** `LifecyclePolicyArn` (GetLifecyclePolicy's input; at most 1024 characters). */
export const LIFECYCLE_POLICY_ARN_PATTERN =
  /^arn:aws(?:-[a-z]+)*:imagebuilder:[a-z]{2,}(?:-[a-z]+)+-[0-9]+:(?:[0-9]{12}|aws):lifecycle-policy\/[a-z0-9-_]+$/;
const FILTER_NAME_PATTERN = /^[a-zA-Z]{1,1024}$/;
const FILTER_VALUE_PATTERN = /^[0-9a-zA-Z./_ :,{}"-]{1,1024}$/;
const MAX_RESULTS = { min: 1, max: 25 };
const TOKEN = { min: 1, max: 65535 };

export const imagebuilderDialect: ServiceDialect = {
  service: 'imagebuilder',
  validation(violations: readonly Violation[]): AwsError {
    return new AwsError(400, 'InvalidRequestException', validationMessage(violations));
  },
  cannotParse(detail: string): AwsError {
    return new AwsError(400, 'InvalidRequestException', `Could not parse the request body: ${detail}`);
  },
  invalidToken(): AwsError {
    return new AwsError(
      400,
      'InvalidPaginationTokenException',
      'The nextToken is not valid: it was not issued for this request.',
    );
  },
  fault(fault: FaultSpec, operation: string): AwsError {
    switch (fault.kind) {
      case 'throttle':
        return new AwsError(
          429,
          'CallRateLimitExceededException',
          'You have exceeded the permitted request rate for the specific operation.',
          {},
          { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        );
      case 'internal':
        return new AwsError(500, 'ServiceException', 'An internal error occurred. Try again later.');
      case 'unavailable':
        return new AwsError(503, 'ServiceUnavailableException', 'The service is unable to process your request now.');
      case 'accessDenied':
        // An IAM deny is answered before the service runs: AccessDeniedException, not the modeled ForbiddenException.
        return new AwsError(
          403,
          'AccessDeniedException',
          `User: ${CALLER_ARN} is not authorized to perform: imagebuilder:${operation} because no identity-based policy allows the imagebuilder:${operation} action`,
          {},
          {},
          false,
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

function readPageToken(ctx: OperationContext, token: string | undefined, query: string): number {
  if (token === undefined) return 0;
  const offset = ctx.paginator.read(token, query);
  if (offset === undefined) throw imagebuilderDialect.invalidToken();
  return offset;
}

function executionWire(policy: LifecyclePolicyRecord, e: LifecycleExecutionRecord): Record<string, unknown> {
  return {
    lifecycleExecutionId: e.lifecycleExecutionId,
    lifecyclePolicyArn: policy.arn,
    resourcesImpactedSummary: { hasImpactedResources: e.resources.length > 0 },
    state: e.state,
    startTime: e.startTime,
    ...(e.endTime !== undefined && { endTime: e.endTime }),
  };
}

function resourceWire(r: LifecycleResourceRecord): Record<string, unknown> {
  const { associated: _associated, ...wire } = r;
  return wire;
}

function findExecution(
  ctx: OperationContext,
  id: string,
): { policy: LifecyclePolicyRecord; execution: LifecycleExecutionRecord } {
  for (const policy of ctx.data.lifecyclePolicies) {
    if (policy.region !== ctx.region) continue;
    const execution = policy.executions.find((e) => e.lifecycleExecutionId === id);
    if (execution) return { policy, execution };
  }
  // GetLifecycleExecution does not model ResourceNotFoundException: a bad id is an invalid request.
  throw new AwsError(400, 'InvalidRequestException', `The lifecycle execution ${id} does not exist.`);
}

const newestFirst = (a: { execution: LifecycleExecutionRecord }, b: { execution: LifecycleExecutionRecord }): number =>
  b.execution.startTime - a.execution.startTime;

// ---------------------------------------------------------------- operations

const listLifecyclePolicies: Operation = {
  name: 'ListLifecyclePolicies',
  service: 'imagebuilder',
  method: 'POST',
  path: '/ListLifecyclePolicies',
  handle(ctx) {
    const c = new InputChecker();
    const filters: { name: string; values: string[] }[] = [];
    c.list('filters', ctx.input.filters, { min: 1, max: 10 })?.forEach((item, i) => {
      const p = `filters.${i + 1}.member`;
      const f = c.object(p, item, true);
      if (!f) return;
      const name = c.string(`${p}.name`, f.name, { pattern: FILTER_NAME_PATTERN });
      const values = (c.list(`${p}.values`, f.values, { min: 1, max: 10 }) ?? []).map((v, j) =>
        c.string(`${p}.values.${j + 1}.member`, v, { pattern: FILTER_VALUE_PATTERN }),
      );
      if (name !== undefined) filters.push({ name, values: values.filter((v): v is string => v !== undefined) });
    });
    const maxResults = c.integer('maxResults', ctx.input.maxResults, MAX_RESULTS);
    const nextToken = c.string('nextToken', ctx.input.nextToken, TOKEN);
    if (c.violations.length > 0) throw imagebuilderDialect.validation(c.violations);

    const fields: Record<string, (p: LifecyclePolicyRecord) => string> = {
      name: (p) => p.name,
      status: (p) => p.status,
    };
    for (const f of filters) {
      if (!fields[f.name.toLowerCase()]) {
        throw new AwsError(
          400,
          'InvalidRequestException',
          `The value supplied for parameter 'filters' is not valid. Filter name '${f.name}' is not supported; use name or status.`,
        );
      }
    }
    const query = queryFingerprint({ op: 'ListLifecyclePolicies', region: ctx.region, filters });
    const offset = readPageToken(ctx, nextToken, query);
    const policies = ctx.data.lifecyclePolicies.filter(
      (p) => p.region === ctx.region && filters.every((f) => f.values.includes(fields[f.name.toLowerCase()](p))),
    );
    const page = ctx.paginator.page(policies, {
      query,
      offset,
      maxResults: maxResults ?? 25,
      token: nextToken,
      tokenLoop: ctx.tokenLoop,
    });
    return {
      lifecyclePolicySummaryList: page.items.map((p) => ({
        arn: p.arn,
        name: p.name,
        ...(p.description !== undefined && { description: p.description }),
        status: p.status,
        executionRole: p.executionRole,
        resourceType: p.resourceType,
        dateCreated: p.dateCreated,
        dateUpdated: p.dateUpdated,
        ...(p.dateLastRun !== undefined && { dateLastRun: p.dateLastRun }),
        ...(p.tags !== undefined && { tags: p.tags }),
      })),
      ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    };
  },
};

const listLifecycleExecutions: Operation = {
  name: 'ListLifecycleExecutions',
  service: 'imagebuilder',
  method: 'POST',
  path: '/ListLifecycleExecutions',
  handle(ctx) {
    const c = new InputChecker();
    const resourceArn = c.string('resourceArn', ctx.input.resourceArn, {
      required: true,
      pattern: IMAGE_BUILDER_ARN_PATTERN,
    });
    const maxResults = c.integer('maxResults', ctx.input.maxResults, MAX_RESULTS);
    const nextToken = c.string('nextToken', ctx.input.nextToken, TOKEN);
    if (c.violations.length > 0) throw imagebuilderDialect.validation(c.violations);

    const query = queryFingerprint({ op: 'ListLifecycleExecutions', region: ctx.region, resourceArn });
    const offset = readPageToken(ctx, nextToken, query);
    // A policy ARN lists that policy's runs; any other ARN (an image) lists the runs that acted on it.
    const runs = ctx.data.lifecyclePolicies
      .filter((p) => p.region === ctx.region)
      .flatMap((policy) =>
        policy.executions
          .filter((e) => policy.arn === resourceArn || e.resources.some((r) => r.resourceId === resourceArn))
          .map((execution) => ({ policy, execution })),
      )
      .sort(newestFirst);
    const page = ctx.paginator.page(runs, {
      query,
      offset,
      maxResults: maxResults ?? 25,
      token: nextToken,
      tokenLoop: ctx.tokenLoop,
    });
    return {
      lifecycleExecutions: page.items.map((r) => executionWire(r.policy, r.execution)),
      ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    };
  },
};

const getLifecycleExecution: Operation = {
  name: 'GetLifecycleExecution',
  service: 'imagebuilder',
  method: 'GET',
  path: '/GetLifecycleExecution',
  handle(ctx) {
    const c = new InputChecker();
    const id = c.string('lifecycleExecutionId', ctx.input.lifecycleExecutionId, {
      required: true,
      pattern: LIFECYCLE_EXECUTION_ID_PATTERN,
    });
    if (c.violations.length > 0 || id === undefined) throw imagebuilderDialect.validation(c.violations);
    const { policy, execution } = findExecution(ctx, id);
    return { lifecycleExecution: executionWire(policy, execution) };
  },
};

const getLifecyclePolicy: Operation = {
  name: 'GetLifecyclePolicy',
  service: 'imagebuilder',
  method: 'GET',
  path: '/GetLifecyclePolicy',
  handle(ctx) {
    const c = new InputChecker();
    const arn = c.string('lifecyclePolicyArn', ctx.input.lifecyclePolicyArn, {
      required: true,
      max: 1024,
      pattern: LIFECYCLE_POLICY_ARN_PATTERN,
    });
    if (c.violations.length > 0 || arn === undefined) throw imagebuilderDialect.validation(c.violations);
    const policy = ctx.data.lifecyclePolicies.find((p) => p.region === ctx.region && p.arn === arn);
    // Like GetLifecycleExecution, the operation models no ResourceNotFoundException.
    if (!policy) throw new AwsError(400, 'InvalidRequestException', `The lifecycle policy ${arn} does not exist.`);
    return {
      lifecyclePolicy: {
        arn: policy.arn,
        name: policy.name,
        ...(policy.description !== undefined && { description: policy.description }),
        status: policy.status,
        executionRole: policy.executionRole,
        resourceType: policy.resourceType,
        policyDetails: policy.policyDetails ?? defaultPolicyDetails(policy.resourceType),
        ...(policy.resourceSelection !== undefined && { resourceSelection: policy.resourceSelection }),
        dateCreated: policy.dateCreated,
        dateUpdated: policy.dateUpdated,
        ...(policy.dateLastRun !== undefined && { dateLastRun: policy.dateLastRun }),
        ...(policy.tags !== undefined && { tags: policy.tags }),
      },
    };
  },
};

const listLifecycleExecutionResources: Operation = {
  name: 'ListLifecycleExecutionResources',
  service: 'imagebuilder',
  method: 'POST',
  path: '/ListLifecycleExecutionResources',
  handle(ctx) {
    const c = new InputChecker();
    const id = c.string('lifecycleExecutionId', ctx.input.lifecycleExecutionId, {
      required: true,
      pattern: LIFECYCLE_EXECUTION_ID_PATTERN,
    });
    const parentResourceId = c.string('parentResourceId', ctx.input.parentResourceId, { min: 1, max: 1024 });
    const maxResults = c.integer('maxResults', ctx.input.maxResults, MAX_RESULTS);
    const nextToken = c.string('nextToken', ctx.input.nextToken, TOKEN);
    if (c.violations.length > 0 || id === undefined) throw imagebuilderDialect.validation(c.violations);

    const query = queryFingerprint({ op: 'ListLifecycleExecutionResources', region: ctx.region, id, parentResourceId });
    const offset = readPageToken(ctx, nextToken, query);
    const { execution } = findExecution(ctx, id);
    const resources =
      parentResourceId === undefined
        ? execution.resources
        : (execution.resources.find((r) => r.resourceId === parentResourceId)?.associated ?? []);
    const page = ctx.paginator.page(resources, {
      query,
      offset,
      maxResults: maxResults ?? 25,
      token: nextToken,
      tokenLoop: ctx.tokenLoop,
    });
    return {
      lifecycleExecutionId: execution.lifecycleExecutionId,
      lifecycleExecutionState: execution.state,
      resources: page.items.map(resourceWire),
      ...(page.nextToken !== undefined && { nextToken: page.nextToken }),
    };
  },
};

export const imagebuilderOperations: readonly Operation[] = [
  listLifecyclePolicies,
  listLifecycleExecutions,
  getLifecycleExecution,
  getLifecyclePolicy,
  listLifecycleExecutionResources,
];
