import { z } from 'zod';
import { JenkinsFailure } from './failure.ts';
import { type JenkinsTransport } from './transport.ts';

const pluginsShape = z.object({
  plugins: z.array(z.object({ shortName: z.string(), version: z.string(), active: z.boolean(), enabled: z.boolean() })).default([]),
});

export interface JenkinsPlugin {
  shortName: string;
  version: string;
  active: boolean;
  enabled: boolean;
}

export async function readPlugins(transport: JenkinsTransport): Promise<JenkinsPlugin[]> {
  const tree = encodeURIComponent('plugins[shortName,version,active,enabled]');
  const { body } = await transport.json({ path: `/pluginManager/api/json?tree=${tree}`, subject: 'the plugin list' }, pluginsShape);
  return body.plugins;
}

/**
 * One EC2 Fleet cloud's view of its fleet, from the plugin's EC2FleetStatsApi (GET /ec2-fleet/stats):
 * a JSON array with one object per EC2FleetCloud that has stats yet.
 */
export interface Ec2FleetStat {
  /** The Auto Scaling group name, Spot Fleet request or EC2 Fleet id. */
  fleet: string | null;
  /** FleetStateStats.State's detailed text: "active", or the group's own status. */
  state: string;
  label: string | null;
  numActive: number;
  numDesired: number;
}

const ec2FleetStatsShape = z.array(
  z.object({
    fleet: z.string().nullable(),
    state: z.string(),
    label: z.string().nullable(),
    numActive: z.number().int(),
    numDesired: z.number().int(),
  }),
);

export async function readEc2FleetStats(transport: JenkinsTransport): Promise<Ec2FleetStat[]> {
  try {
    const { body } = await transport.json({ path: '/ec2-fleet/stats', subject: 'the EC2 Fleet stats' }, ec2FleetStatsShape);
    return body;
  } catch (error) {
    if (error instanceof JenkinsFailure && error.code === 'not-found') {
      throw new JenkinsFailure('not-found', `Jenkins at ${transport.base} has no /ec2-fleet/stats: install ec2-fleet plugin 4.2.0 or later, which added it`, 404, { cause: error });
    }
    throw error;
  }
}

/** Who Jenkins takes the client for (hudson.security.WhoAmI; details and toString are no longer exported). */
export interface JenkinsIdentity {
  name: string;
  authenticated: boolean;
  anonymous: boolean;
  authorities: string[];
  /** X-Jenkins: the controller's version. */
  version: string | null;
}

const whoAmIShape = z.object({
  name: z.string(),
  authenticated: z.boolean(),
  anonymous: z.boolean(),
  authorities: z.array(z.string()).default([]),
});

export async function readWhoAmI(transport: JenkinsTransport): Promise<JenkinsIdentity> {
  const { body, version } = await transport.json({ path: '/whoAmI/api/json', subject: '/whoAmI' }, whoAmIShape);
  return { ...body, version };
}
