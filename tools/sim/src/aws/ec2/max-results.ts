import { AwsError } from '../errors.ts';
import { type QueryParams } from '../query-params.ts';

/** MaxResults within the action's bounds; EC2 refuses it alongside an explicit list of ids. */
export function maxResults(params: QueryParams, bounds: { min: number; max: number; idsParameter?: string; byIds?: boolean }): number | undefined {
  const value = params.integer('MaxResults');
  if (value === undefined) return undefined;
  if (bounds.byIds) throw new AwsError('InvalidParameterCombination', `The parameter ${bounds.idsParameter ?? 'ids'} cannot be used with the parameter maxResults`);
  if (value < bounds.min || value > bounds.max) {
    throw new AwsError('InvalidParameterValue', `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`);
  }
  return value;
}
