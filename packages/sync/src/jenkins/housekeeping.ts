import { createRecapParser, type JenkinsControllerConfig, type JsonValue, type RecapParser, summarizeAnsibleRun } from '@fleet/core';
import { instancesOfHosts, recordHousekeepingHosts, resolveHousekeepingHosts } from '@fleet/db';
import type { JenkinsClient } from '@fleet/jenkins';
import type { SyncJob } from '../job.ts';
import { type ActiveReader, type ConsoleReader, followJob } from './build-follower.ts';
import { jenkinsClientFor, requireClient } from './clients.ts';

export const HOUSEKEEPING_KIND = 'jenkins.housekeeping';

/** How often the housekeeping jobs are read while a run waits or runs. */
export const HOUSEKEEPING_FOLLOW_INTERVAL_MS = 3_000;

interface RecapReader extends ConsoleReader {
  parser: RecapParser;
}

/**
 * A run's console read by the recap parser as it streams: the summary says how far it got (hosts
 * ok, changed, failed, unreachable once the recap is read), bounded whatever the log's size.
 */
function recapReader(): RecapReader {
  const parser = createRecapParser();
  return {
    parser,
    push: (text) => parser.push(text),
    summary: () => {
      const result = parser.snapshot();
      return { ...summarizeAnsibleRun(result), recapSeen: result.recapSeen, errors: result.errors.slice(0, 5), omittedHosts: result.omittedHosts } as unknown as JsonValue;
    },
  };
}

export interface HousekeepingJobOptions {
  controller: JenkinsControllerConfig;
  intervalMs: number;
  env?: Readonly<Record<string, string | undefined>>;
  client?: JenkinsClient;
}

/**
 * A controller's housekeeping jobs: every run Jenkins lists (the nightly timer's, a person's, the
 * portal's), the queue items of the runs the portal started, each run's console stored line by
 * line, and, once a run's console is whole, its PLAY RECAP per host joined to the nodes by the
 * names the aws_ec2 inventory gives them.
 */
export function housekeepingJob(options: HousekeepingJobOptions): SyncJob | null {
  const { controller } = options;
  const housekeeping = controller.housekeeping;
  if (!housekeeping) return null;
  const client = options.client ?? jenkinsClientFor(controller, options.env ?? process.env);
  const followed = housekeeping.jobs.map((job) => ({
    job: {
      kind: 'housekeeping' as const,
      controller: controller.name,
      job: job.job,
      actionIdParameter: job.parameters.actionId,
      reader: recapReader,
      async onConsoleComplete(prisma: Parameters<typeof recordHousekeepingHosts>[0], row: { id: string }, reader: RecapReader) {
        const result = reader.parser.end();
        const recaps = result.hosts.flatMap((h) => (h.counts ? [{ host: h.host, counts: h.counts, failures: h.failures }] : []));
        const instances = await instancesOfHosts(prisma, recaps.map((r) => r.host), housekeeping.hostnames);
        await recordHousekeepingHosts(prisma, row.id, recaps, instances);
      },
    },
    readers: new Map<string, ActiveReader<RecapReader>>(),
  }));
  return {
    key: `${HOUSEKEEPING_KIND}:${controller.name}`,
    kind: HOUSEKEEPING_KIND,
    intervalMs: options.intervalMs,
    async run({ prisma, now }) {
      let builds = 0;
      let active = false;
      for (const { job, readers } of followed) {
        const pass = await followJob({ prisma, now, client: requireClient(client), job, readers });
        builds += pass.builds;
        active ||= pass.active || pass.ended.length > 0;
      }
      await resolveHousekeepingHosts(prisma, housekeeping.hostnames);
      return { itemCount: builds, nextIntervalMs: active ? HOUSEKEEPING_FOLLOW_INTERVAL_MS : options.intervalMs };
    },
  };
}
