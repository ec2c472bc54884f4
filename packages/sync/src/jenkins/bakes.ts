import { bakeControllerOf, createBakeProgressParser, type FleetConfig, type JenkinsConfig } from '@fleet/core';
import type { JsonValue } from '@fleet/core';
import type { SyncJob } from '../job.ts';
import { syncImages } from '../aws/images.ts';
import { followJob } from './build-follower.ts';
import { jenkinsClientFor, requireClient } from './clients.ts';

export const BAKES_KIND = 'jenkins.bakes';

/** How often the bake job is read while a bake waits or runs, so its log and progress are seconds behind. */
export const BAKE_FOLLOW_INTERVAL_MS = 3_000;

/**
 * The AMI bake job: every build Jenkins lists (whoever started it), the queue items of the bakes
 * the portal started, and each running bake's console, stored line by line and read into each
 * worker type's progress. When a bake ends, the build account's AMIs are read again at once, so
 * the lineage shows what it made without waiting for the image sync.
 */
export function bakesJob(jenkins: JenkinsConfig, config: Pick<FleetConfig, 'workerTypes'>, intervalMs: number, env: Readonly<Record<string, string | undefined>> = process.env): SyncJob | null {
  const found = bakeControllerOf(jenkins);
  if (!found) return null;
  const { controller, bake } = found;
  const client = jenkinsClientFor(controller, env);
  const workerTypes = config.workerTypes.map((w) => w.key);
  const readers = new Map();
  const job = {
    kind: 'bake' as const,
    controller: controller.name,
    job: bake.job,
    actionIdParameter: bake.parameters.actionId,
    reader: () => {
      const parser = createBakeProgressParser({ workerTypes });
      return { push: (text: string) => parser.push(text), summary: () => parser.snapshot() as unknown as JsonValue };
    },
  };
  return {
    key: `${BAKES_KIND}:${controller.name}`,
    kind: BAKES_KIND,
    intervalMs,
    async run({ prisma, config: fleet, now }) {
      const pass = await followJob({ prisma, now, client: requireClient(client), job, readers });
      if (pass.ended.length > 0) {
        const account = fleet.aws.buildAccount;
        for (const region of account.regions) await syncImages({ prisma, config: fleet, now, account, region });
      }
      return { itemCount: pass.builds, nextIntervalMs: pass.active || pass.ended.length > 0 ? BAKE_FOLLOW_INTERVAL_MS : intervalMs };
    },
  };
}
