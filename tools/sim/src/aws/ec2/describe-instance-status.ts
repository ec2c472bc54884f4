import { type InstanceRecord } from '../../world/fleet/instances.ts';
import { type CheckStatus, type NodeState } from '../../world/nodes/node-state.ts';
import { type World } from '../../world/world.ts';
import { paginate } from '../pagination.ts';
import { reading, type Action } from '../service.ts';
import { type XmlObject } from '../xml.ts';
import { zoneId } from './availability-zones.ts';
import { filterPredicates, single, type FilterValues } from './filters.ts';
import { invalidInstanceToken, visibleInstances } from './instance-lookup.ts';
import { STATE_CODES } from './instance-xml.ts';
import { maxResults } from './max-results.ts';

interface Status {
  instance: InstanceRecord;
  node: NodeState;
}

/** The one detail EC2 gives of a check: whether the instance or its host answered. */
const REACHABILITY: Record<CheckStatus, string | undefined> = { ok: 'passed', impaired: 'failed', initializing: 'initializing', 'insufficient-data': 'insufficient-data', 'not-applicable': undefined };

const status = single<Status>;
const events = (read: (event: NodeState['events'][number]) => string): FilterValues<Status> => (item) => item.node.events.map(read);
const FILTERS: Record<string, FilterValues<Status>> = {
  'availability-zone': status((s) => s.instance.availabilityZone),
  'event.code': events((event) => event.code),
  'event.description': events((event) => event.description),
  'event.instance-event-id': events((event) => event.instanceEventId),
  'event.not-after': events((event) => event.notAfter?.toISOString() ?? ''),
  'event.not-before': events((event) => event.notBefore.toISOString()),
  'instance-state-code': status((s) => STATE_CODES[s.instance.state]),
  'instance-state-name': status((s) => s.instance.state),
  'instance-status.reachability': status((s) => REACHABILITY[s.node.statusChecks.instance]),
  'instance-status.status': status((s) => s.node.statusChecks.instance),
  'system-status.reachability': status((s) => REACHABILITY[s.node.statusChecks.system]),
  'system-status.status': status((s) => s.node.statusChecks.system),
};

/**
 * The status checks and scheduled events of the caller's instances; only running ones unless
 * IncludeAllInstances, paged by instance.
 */
export function describeInstanceStatus(world: World): Action {
  return reading(({ params, caller, region, now }) => {
    const ids = params.list('InstanceId');
    const size = maxResults(params, { min: 5, max: 1000, idsParameter: 'instancesSet', byIds: ids.length > 0 });
    const filters = filterPredicates(params, FILTERS, { tags: false });
    const includeAll = params.boolean('IncludeAllInstances') ?? false;
    const matching = visibleInstances(world, caller, region, now, ids)
      .filter((instance) => includeAll || instance.state === 'running')
      .map((instance): Status => ({ instance, node: world.nodes.require(instance.instanceId) }))
      .filter((item) => filters.every((matches) => matches(item, new Map())));
    const page = paginate(matching, { key: (item) => item.instance.instanceId, token: params.string('NextToken'), size, invalidToken: invalidInstanceToken });
    return { instanceStatusSet: page.items.map(instanceStatusXml), nextToken: page.nextToken };
  });
}

function instanceStatusXml({ instance, node }: Status): XmlObject {
  const { statusChecks } = node;
  return {
    instanceId: instance.instanceId,
    availabilityZone: instance.availabilityZone,
    availabilityZoneId: zoneId(instance.availabilityZone) || undefined,
    eventsSet: node.events.length > 0 ? node.events.map((event) => ({ ...event })) : undefined,
    instanceState: { code: STATE_CODES[instance.state], name: instance.state },
    systemStatus: summary(statusChecks.system, statusChecks.impairedSince),
    instanceStatus: summary(statusChecks.instance, statusChecks.impairedSince),
    attachedEbsStatus: summary(statusChecks.system === 'not-applicable' ? 'not-applicable' : 'ok', undefined),
  };
}

function summary(check: CheckStatus, impairedSince: Date | undefined): XmlObject {
  const reachability = REACHABILITY[check];
  return {
    status: check,
    details: reachability === undefined ? undefined : [{ name: 'reachability', status: reachability, impairedSince: check === 'impaired' ? impairedSince : undefined }],
  };
}
