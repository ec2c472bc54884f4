import { bakeControllerOf, createBakeProgressParser, type JenkinsConfig, type JsonValue } from '@fleet/core';
import type { JenkinsClient } from '@fleet/jenkins';
import type { SyncJob } from '../job.ts';
import { type ImageClients, syncImages } from '../aws/images.ts';
import { type ActiveReader, followJob } from './build-follower.ts';
import { jenkinsClientFor, requireClient } from './clients.ts';

export const BAKES_KIND = 'jenkins.bakes';

/** How often the bake job is read while a bake waits or runs, so its log and progress are seconds behind. */
export const BAKE_FOLLOW_INTERVAL_MS = 3_000;

export interface BakesJobOptions {
  jenkins: JenkinsConfig;
  workerTypes: string[];
  intervalMs: number;
  env?: Readonly<Record<string, string | undefined>>;
  /** A client of the bake controller, instead of one from the config (tests, the simulator). */
  client?: JenkinsClient;
  /** The build account's EC2 client per region, for the image sync a finished bake runs. */
  buildAccountClients?: (region: string) => Partial<ImageClients>;
}

/**
 * The AMI bake job: every build Jenkins lists (whoever started it), the queue items of the bakes
 * the portal started, and each running bake's console, stored line by line and read into each
 * worker type's progress. When a bake ends, the build account's AMIs are read again at once, so
 * the lineage shows what it made without waiting for the image sync.
 */
export function bakesJob(options: BakesJobOptions): SyncJob | null {
  const found = bakeControllerOf(options.jenkins);
  if (!found) return null;
  const { controller, bake } = found;
  const client = options.client ?? jenkinsClientFor(controller, options.env ?? process.env);
  const workerTypes = options.workerTypes;
  const intervalMs = options.intervalMs;
  const readers = new Map<string, ActiveReader>();
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
        for (const region of account.regions) await syncImages({ prisma, config: fleet, now, account, region, clients: options.buildAccountClients?.(region) });
      }
      return { itemCount: pass.builds, nextIntervalMs: pass.active || pass.ended.length > 0 ? BAKE_FOLLOW_INTERVAL_MS : intervalMs };
    },
  };
}
