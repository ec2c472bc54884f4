import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson, type HttpRequest } from './http.ts';
import { fleetCloudAsCasc } from './world/jenkins/clouds/casc-shape.ts';
import { type SimulatedJenkins } from './world/jenkins/simulated-jenkins.ts';
import { type World } from './world/world.ts';

const text = z.string().nullable().optional();
const count = z.number().int().optional();
const flag = z.boolean().optional();

/** The fields someone may change on a cloud's page, by their JCasC names. */
export const cloudChangeSchema = z.strictObject({
  name: z.string().min(1).optional(),
  awsCredentialsId: text,
  region: text,
  endpoint: text,
  fleet: text,
  labelString: text,
  fsRoot: text,
  privateIpUsed: flag,
  alwaysReconnect: flag,
  idleMinutes: z.number().int().nullable().optional(),
  minSize: count,
  maxSize: count,
  minSpareSize: count,
  numExecutors: count,
  addNodeOnlyIfRunning: flag,
  restrictUsage: flag,
  maxTotalUses: count,
  disableTaskResubmit: flag,
  initOnlineTimeoutSec: z.number().int().nullable().optional(),
  initOnlineCheckIntervalSec: z.number().int().nullable().optional(),
  cloudStatusIntervalSec: z.number().int().nullable().optional(),
  noDelayProvision: flag,
  scaleExecutorsByWeight: flag,
});

/** A controller's clouds and nodes as the control endpoint shows them. */
function describe(controller: SimulatedJenkins) {
  return {
    controller: controller.name,
    ec2FleetVersion: controller.release.version,
    clouds: controller.clouds.all().map((cloud) => (cloud.kind === 'other' ? { kind: cloud.symbol, name: cloud.name } : { kind: 'eC2Fleet', ...fleetCloudAsCasc(cloud, controller.release, 'declaration') })),
    orphans: controller.clouds.orphans().map((node) => ({ name: node.name, cloud: node.cloudName })),
  };
}

/**
 * `/_sim/jenkins/controllers/<controller>/clouds[/<cloud>]`: GET shows the controller's clouds
 * and orphaned nodes; POST to a cloud with JSON fields changes it as a save of its page in Jenkins
 * would (a new cloud object; `name` renames it); DELETE removes it.
 */
export function cloudControl(world: World, request: HttpRequest, response: ServerResponse, body: () => unknown): void {
  const match = /^\/_sim\/jenkins\/controllers\/([^/]+)\/clouds(?:\/([^/]+))?$/.exec(request.url.pathname);
  const controller = world.controllers.find((candidate) => candidate.name === decodeURIComponent(match?.[1] ?? ''));
  if (!match || !controller) return sendJson(response, 404, { error: `no controller at ${request.url.pathname} (controllers: ${world.controllers.map((candidate) => candidate.name).join(', ')})` });
  const cloud = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  if (request.method === 'GET' && cloud === undefined) return sendJson(response, 200, describe(controller));
  if (cloud === undefined) return sendJson(response, 405, { error: 'use GET on the clouds, POST or DELETE on one cloud' });
  try {
    if (request.method === 'DELETE') controller.clouds.remove(cloud);
    else if (request.method === 'POST') {
      const input = body();
      if (input === undefined) return;
      const changes = cloudChangeSchema.safeParse(input);
      if (!changes.success) return sendJson(response, 400, { error: z.prettifyError(changes.error) });
      controller.clouds.changeByHand(cloud, changes.data);
    } else return sendJson(response, 405, { error: `use POST or DELETE on ${request.url.pathname}` });
  } catch (error) {
    return sendJson(response, 400, { error: (error as Error).message });
  }
  sendJson(response, 200, describe(controller));
}
