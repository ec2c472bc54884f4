import { type Fleet } from '../../fleet/fleet.ts';
import { type Nodes } from '../../nodes/nodes.ts';
import { type CloudsWorld } from './controller-clouds.ts';

/** What the EC2 Fleet plugin of every controller reads of the world: its agents and the Auto Scaling groups of the fleet. */
export function cloudsWorldOf(fleet: Fleet, nodes: Nodes, now: () => Date): CloudsWorld {
  return {
    agents: () => nodes.agents(),
    isStale: (name) => nodes.isStale(name),
    instance: (instanceId) => fleet.instances.get(instanceId),
    numExecutors: (instanceId) => nodes.get(instanceId)?.agent.numExecutors ?? 2,
    now,
    group: (name, region) => {
      const group = fleet.group(name);
      if (!group || group.region !== region) return undefined;
      // DescribeInstances of the group's instances, less those terminated or on their way out.
      const active = fleet.instancesOf(name).filter((instance) => instance.state === 'pending' || instance.state === 'running');
      return { desiredCapacity: group.desiredCapacity, activeInstances: active.length };
    },
  };
}
