/** What an emulated operation is, and how a service words its errors. */
import type { FaultSpec } from './faults';
import type { EmulatorData } from './model';
import type { Paginator } from './paging';
import type { Violation } from './validate';
import type { AwsError, ServiceName } from './wire';

export interface OperationContext {
  /** The region of the request's credential scope: it selects the data the request sees. */
  readonly region: string;
  /** The JSON body (POST) or the query parameters (GET). */
  readonly input: Record<string, unknown>;
  readonly data: EmulatorData;
  readonly paginator: Paginator;
  /** The token-loop fault is on for this request. */
  readonly tokenLoop: boolean;
}

export interface Operation {
  readonly name: string;
  readonly service: ServiceName;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Returns the response body (200) or throws an `AwsError`. */
  handle(ctx: OperationContext): unknown;
}

/** A service's own error names and wording. */
export interface ServiceDialect {
  readonly service: ServiceName;
  validation(violations: readonly Violation[]): AwsError;
  cannotParse(detail: string): AwsError;
  invalidToken(): AwsError;
  /** The error an injected fault produces (throttle, internal, unavailable, accessDenied, expiredToken). */
  fault(fault: FaultSpec, operation: string): AwsError;
}

/** The IAM principal named in access-denied messages. */
export const CALLER_ARN = 'arn:aws:iam::111122223333:user/emulator-user';
