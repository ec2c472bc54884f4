import { FleetError } from '../../world/fleet/errors.ts';
import { AwsError } from '../errors.ts';
import { type Page, paginate } from '../pagination.ts';
import { type QueryParams } from '../query-params.ts';
import { type Action, type ActionContext } from '../service.ts';

/** awsQuery lists: `Name.member.1`, `Name.member.2`, … */
export const members = (params: QueryParams, name: string) => params.list(`${name}.member`);

export const validationError = (message: string) => new AwsError('ValidationError', message);

/** MaxRecords within AWS's bounds for the action, or its default. */
export function maxRecords(params: QueryParams, max: number, fallback: number): number {
  const value = params.integer('MaxRecords');
  if (value === undefined) return fallback;
  if (value < 1) throw validationError(`1 validation error detected: Value '${value}' at 'maxRecords' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  if (value > max) throw validationError(`1 validation error detected: Value '${value}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  return value;
}

export function page<T>(items: readonly T[], params: QueryParams, size: number, key: (item: T) => string): Page<T> {
  return paginate(items, {
    key,
    token: params.string('NextToken'),
    size,
    invalidToken: (token) => new AwsError('InvalidNextToken', `The token '${token}' is invalid.`),
  });
}

/** An AutoScaling action whose world-level refusals (FleetError) reach the caller as AWS errors. */
export function fleetAction(mutates: boolean, handle: Action['handle']): Action {
  return {
    mutating: mutates,
    handle: (context: ActionContext) => {
      try {
        return handle(context);
      } catch (error) {
        if (error instanceof FleetError) throw new AwsError(error.code, error.message);
        throw error;
      }
    },
  };
}
