import { z } from 'zod';

// What the portal reads of each computer; `tree` keeps the answer small on a controller with thousands.
export const COMPUTERS_TREE =
  'busyExecutors,totalExecutors,computer[_class,displayName,offline,temporarilyOffline,offlineCauseReason,offlineCause[_class],idle,numExecutors,executors[idle]]';

const computerShape = z.object({
  _class: z.string().optional(),
  displayName: z.string(),
  offline: z.boolean(),
  temporarilyOffline: z.boolean().default(false),
  offlineCauseReason: z.string().nullable().default(''),
  offlineCause: z.object({ _class: z.string().optional() }).nullable().optional(),
  idle: z.boolean().default(true),
  numExecutors: z.number().int().min(0),
  executors: z.array(z.object({ idle: z.boolean().optional() })).default([]),
});

export const computerSetShape = z.object({
  busyExecutors: z.number().int().optional(),
  totalExecutors: z.number().int().optional(),
  computer: z.array(computerShape),
});

export interface JenkinsComputer {
  name: string;
  className: string | null;
  offline: boolean;
  temporarilyOffline: boolean;
  /** "" when online, as Jenkins says it. */
  offlineCauseReason: string;
  offlineCauseClass: string | null;
  numExecutors: number;
  busyExecutors: number;
}

export function toComputer(raw: z.output<typeof computerShape>): JenkinsComputer {
  const known = raw.executors.filter((e) => e.idle !== undefined);
  // Executors say whether each is idle; without that, an idle computer has none busy and a busy one all.
  const busy = known.length > 0 ? known.filter((e) => e.idle === false).length : raw.idle ? 0 : raw.numExecutors;
  return {
    name: raw.displayName,
    className: raw._class ?? null,
    offline: raw.offline,
    temporarilyOffline: raw.temporarilyOffline,
    offlineCauseReason: raw.offlineCauseReason ?? '',
    offlineCauseClass: raw.offlineCause?._class ?? null,
    numExecutors: raw.numExecutors,
    busyExecutors: busy,
  };
}
