import { bakeControllerOf, type FleetConfig } from '@fleet/core';
import { type PrismaClient, requestSync } from '@fleet/db';
import { BAKES_KIND, jenkinsClientFor, requireClient } from '@fleet/sync';
import { ActionError } from '../../guard/action-definition.ts';

/** The controller with the bake job, its job and a client, or the refusal that says what to configure. */
export function bakeTarget(config: FleetConfig) {
  const found = bakeControllerOf(config.jenkins);
  if (!found) throw new ActionError('no-bake-job', 'No Jenkins controller in jenkins.controllers has a bake job: add `bake: { job: … }` to the controller that runs build_images.sh.');
  const client = jenkinsClientFor(found.controller, process.env);
  if (client instanceof Error) throw new ActionError('jenkins-config', client.message);
  return { ...found, client: requireClient(client) };
}

/** Asks the worker to read the bake job at once. */
export function requestBakeFollow(prisma: PrismaClient, controller: string): Promise<void> {
  return requestSync(prisma, `${BAKES_KIND}:${controller}`, BAKES_KIND);
}
