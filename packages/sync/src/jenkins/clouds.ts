import { type Ec2FleetCloudSpec, type JenkinsControllerConfig, type UnmanagedCloud, fleetInstanceOfAgent } from '@fleet/core';
import { recordCloudState } from '@fleet/db';
import {
  type Ec2FleetStat,
  JenkinsFailure,
  type JenkinsClient,
  type OpaqueCloud,
  parseCascClouds,
  parseCloudReadOutput,
  pluginVersionAtLeast,
  renderCloudReadScript,
} from '@fleet/jenkins';
import type { SyncJob } from '../job.ts';
import { jenkinsClientFor, requireClient } from './clients.ts';

export const CLOUDS_KIND = 'jenkins.clouds';

/** How a controller's clouds are read and written: Configuration as Code when it has the plugin, else the Script Console. */
export type CloudMethod = 'casc' | 'script-console';

/** An agent whose EC2 Fleet cloud is gone: Jenkins keeps it, no cloud manages or replaces it. */
export interface OrphanAgent {
  agent: string;
  instanceId: string | null;
  /** The cloud it names, when its name tells; null when only the Script Console could tell. */
  cloud: string | null;
}

export interface ControllerClouds {
  method: CloudMethod;
  pluginVersion: string | null;
  cascVersion: string | null;
  fleetClouds: Ec2FleetCloudSpec[];
  otherClouds: UnmanagedCloud[];
  /** The other clouds as exported, to write back untouched (Configuration as Code only). */
  opaqueClouds: OpaqueCloud[];
  stats: Ec2FleetStat[];
  orphans: OrphanAgent[];
}

const FLEET_COMPUTER = /EC2FleetNodeComputer$|FleetNodeComputer$/;

export class CloudReadFailure extends Error {
  readonly code = 'bad-response';
}

/**
 * A controller's clouds as it has them now, by Configuration as Code's export where the plugin is
 * installed, else by the portal's read script in the Script Console; the EC2 Fleet plugin's stats
 * (from 4.2.0); and the fleet agents no live cloud manages. From ec2-fleet 3.0.0 an agent is shown
 * as `<cloud> <instance id>` and a cloud's nodes follow it by name; before, only the read script
 * can tell which cloud holds a node.
 */
export async function readControllerClouds(client: JenkinsClient): Promise<ControllerClouds> {
  const plugins = await client.plugins();
  const fleet = plugins.find((p) => p.shortName === 'ec2-fleet' && p.active);
  const casc = plugins.find((p) => p.shortName === 'configuration-as-code' && p.active);
  const stats = fleet && pluginVersionAtLeast(fleet.version, '4.2.0') ? await client.ec2FleetStats() : [];
  const byName = fleet !== undefined && pluginVersionAtLeast(fleet.version, '3.0.0') === true;
  if (casc) {
    const parsed = parseCascClouds(await client.casc.export());
    if (!parsed.ok) throw new CloudReadFailure(`the Configuration as Code export of ${client.url} cannot be read: ${parsed.problems.map((p) => `${p.line === null ? '' : `line ${p.line}: `}${p.message}`).join('; ')}`);
    const otherClouds = parsed.otherClouds.map(({ kind, name }) => ({ kind, name }));
    const orphans = byName ? await orphansByName(client, parsed.fleetClouds) : await orphansByScript(client);
    return { method: 'casc', pluginVersion: fleet?.version ?? null, cascVersion: casc.version, fleetClouds: parsed.fleetClouds, otherClouds, opaqueClouds: parsed.otherClouds, stats, orphans };
  }
  const answer = await readByScript(client);
  const orphans = (answer.nodes ?? []).filter((n) => n.cloud === null).map((n) => ({ agent: n.name, instanceId: fleetInstanceOfAgent(n.name), cloud: null }));
  return { method: 'script-console', pluginVersion: answer.pluginVersion ?? fleet?.version ?? null, cascVersion: null, fleetClouds: answer.fleetClouds, otherClouds: answer.otherClouds, opaqueClouds: [], stats, orphans };
}

async function readByScript(client: JenkinsClient) {
  const read = parseCloudReadOutput(await client.runScript(renderCloudReadScript()));
  if (!read.ok) throw new CloudReadFailure(`the Script Console of ${client.url} could not read the clouds: ${read.message}`);
  return read.value;
}

async function orphansByScript(client: JenkinsClient): Promise<OrphanAgent[]> {
  try {
    return ((await readByScript(client)).nodes ?? []).filter((n) => n.cloud === null).map((n) => ({ agent: n.name, instanceId: fleetInstanceOfAgent(n.name), cloud: null }));
  } catch (error) {
    // Without Administer the Script Console refuses; the clouds were still read.
    if (error instanceof JenkinsFailure && error.code === 'forbidden') return [];
    throw error;
  }
}

async function orphansByName(client: JenkinsClient, clouds: readonly Ec2FleetCloudSpec[]): Promise<OrphanAgent[]> {
  const live = new Set(clouds.map((c) => c.name));
  const { computers } = await client.computers();
  return computers.flatMap((computer) => {
    if (!computer.className || !FLEET_COMPUTER.test(computer.className)) return [];
    const instanceId = fleetInstanceOfAgent(computer.name);
    const shown = computer.name.replace(/\s+Builds left: \d+\s*$/, '').trim();
    const cloud = instanceId && shown !== instanceId ? shown.slice(0, shown.length - instanceId.length).trim() : null;
    return cloud !== null && !live.has(cloud) ? [{ agent: computer.name, instanceId, cloud }] : [];
  });
}

/** A controller's clouds, read on the interval: drift made by hand shows within one read. */
export function cloudsJob(options: { controller: JenkinsControllerConfig; intervalMs: number; env?: Readonly<Record<string, string | undefined>>; client?: JenkinsClient }): SyncJob | null {
  const { controller } = options;
  if (!controller.clouds) return null;
  const client = options.client ?? jenkinsClientFor(controller, options.env ?? process.env);
  return {
    key: `${CLOUDS_KIND}:${controller.name}`,
    kind: CLOUDS_KIND,
    intervalMs: options.intervalMs,
    async run({ prisma, now }) {
      const read = await readControllerClouds(requireClient(client));
      await recordCloudState(prisma, {
        controller: controller.name,
        method: read.method,
        pluginVersion: read.pluginVersion,
        cascVersion: read.cascVersion,
        fleetClouds: read.fleetClouds,
        otherClouds: read.otherClouds,
        stats: read.stats,
        orphans: read.orphans,
        at: now(),
      });
      return { itemCount: read.fleetClouds.length };
    },
  };
}
