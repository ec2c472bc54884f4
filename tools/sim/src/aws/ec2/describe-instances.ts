import { type InstanceRecord, privateDnsName } from '../../world/fleet/instances.ts';
import { type World } from '../../world/world.ts';
import { paginate } from '../pagination.ts';
import { reading, type Action } from '../service.ts';
import { maxResults } from './max-results.ts';
import { filterPredicates, single, type FilterValues } from './filters.ts';
import { invalidInstanceToken, visibleInstances } from './instance-lookup.ts';
import { reservationXml, STATE_CODES } from './instance-xml.ts';

const instance = single<InstanceRecord>;
const FILTERS: Record<string, FilterValues<InstanceRecord>> = {
  'availability-zone': instance((i) => i.availabilityZone),
  'iam-instance-profile.arn': instance((i) => (i.iamInstanceProfile ? `arn:aws:iam::${i.ownerId}:instance-profile/${i.iamInstanceProfile}` : undefined)),
  'image-id': instance((i) => i.imageId),
  'instance-id': instance((i) => i.instanceId),
  'instance-state-code': instance((i) => STATE_CODES[i.state]),
  'instance-state-name': instance((i) => i.state),
  'instance-type': instance((i) => i.instanceType),
  'launch-time': instance((i) => i.launchTime.toISOString()),
  'owner-id': instance((i) => i.ownerId),
  'private-dns-name': instance((i) => privateDnsName(i)),
  'private-ip-address': instance((i) => i.privateIpAddress),
  'reservation-id': instance((i) => i.reservationId),
  'subnet-id': instance((i) => i.subnetId),
  'vpc-id': instance((i) => i.vpcId),
};

/** The caller's own instances, one reservation each, paged by instance. */
export function describeInstances(world: World): Action {
  return reading(({ params, caller, region, now }) => {
    const ids = params.list('InstanceId');
    const size = maxResults(params, { min: 5, max: 1000, idsParameter: 'instancesSet', byIds: ids.length > 0 });
    const filters = filterPredicates(params, FILTERS);
    const matching = visibleInstances(world, caller, region, now, ids).filter((candidate) => filters.every((matches) => matches(candidate, candidate.tags)));
    const page = paginate(matching, {
      key: (candidate) => candidate.instanceId,
      token: params.string('NextToken'),
      size,
      invalidToken: invalidInstanceToken,
    });
    return { reservationSet: page.items.map((found) => reservationXml(found, world.images)), nextToken: page.nextToken };
  });
}
