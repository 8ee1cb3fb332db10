/**
 * What features need from the AWS connection, as an interface: AwsSession implements it in the extension, tests and
 * benchmarks implement it over the AWS layer directly. No `vscode` import.
 */
import type { AwsService, FootprintError, OperationContext } from './errors';
import type { AwsApi, AwsTarget } from './types';

export interface AwsAccess {
  /** The AWS layer; the first use loads the SDK. */
  readonly api: AwsApi;
  /** Where requests go; `region` overrides the default region. Throws a FootprintError when no region is known. */
  target(region?: string): Promise<AwsTarget>;
  context(service: AwsService, operation: string, target?: AwsTarget): OperationContext;
  toError(err: unknown, context: OperationContext): FootprintError;
}
