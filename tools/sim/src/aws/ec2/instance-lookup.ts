import { type InstanceRecord } from '../../world/fleet/instances.ts';
import { type World } from '../../world/world.ts';
import { AwsError } from '../errors.ts';
import { type Principal } from '../identities.ts';

const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** EC2 keeps showing a terminated instance for about an hour. */
const TERMINATED_VISIBLE_MS = 3_600_000;

/**
 * The caller's instances EC2 still shows in the region, narrowed to `ids` when some are asked
 * for: every id asked for must be well formed and exist, or the whole request fails.
 */
export function visibleInstances(world: World, caller: Principal, region: string, now: Date, ids: readonly string[]): InstanceRecord[] {
  for (const id of ids) if (!INSTANCE_ID.test(id)) throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  const visible = world.fleet.instances
    .all()
    .filter((candidate) => candidate.ownerId === caller.accountId && candidate.region === region)
    .filter((candidate) => !candidate.terminatedAt || now.getTime() - candidate.terminatedAt.getTime() < TERMINATED_VISIBLE_MS);
  const missing = ids.filter((id) => !visible.some((candidate) => candidate.instanceId === id));
  if (missing.length === 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance ID '${missing[0] ?? ''}' does not exist`);
  if (missing.length > 1) throw new AwsError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
  return visible.filter((candidate) => ids.length === 0 || ids.includes(candidate.instanceId));
}

export const invalidInstanceToken = () => new AwsError('InvalidParameterValue', 'Invalid value for parameter nextToken');
