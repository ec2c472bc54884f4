import { z } from 'zod';
import { type JenkinsTransport } from './transport.ts';

// What the portal reads of each computer; `tree` keeps the answer small on a controller with thousands.
const COMPUTER_FIELDS = '_class,displayName,offline,temporarilyOffline,offlineCauseReason,offlineCause[_class],idle,numExecutors,executors[idle]';
export const COMPUTERS_TREE = `busyExecutors,totalExecutors,computer[${COMPUTER_FIELDS}]`;

export const computerShape = z.object({
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

/** The URL segment of a computer: the built-in node is "(built-in)" (before 2.307, "(master)"). */
function computerPath(name: string): string {
  return `/computer/${encodeURIComponent(name)}`;
}

export async function readComputers(transport: JenkinsTransport): Promise<{ computers: JenkinsComputer[]; version: string | null }> {
  const { body, version } = await transport.json({ path: `/computer/api/json?tree=${encodeURIComponent(COMPUTERS_TREE)}`, subject: '/computer/api/json' }, computerSetShape);
  return { computers: body.computer.map(toComputer), version };
}

export async function readComputer(transport: JenkinsTransport, name: string): Promise<JenkinsComputer> {
  const { body } = await transport.json({ path: `${computerPath(name)}/api/json?tree=${encodeURIComponent(COMPUTER_FIELDS)}`, subject: `computer ${name}` }, computerShape);
  return toComputer(body);
}

/**
 * Flips a computer's temporary offline mark (POST toggleOffline; Jenkins redirects back to the computer):
 * an online computer goes offline with `message` as the reason, one already marked offline comes back
 * and the message is ignored. Read `temporarilyOffline` first to know which it will be.
 */
export async function toggleOffline(transport: JenkinsTransport, name: string, message: string): Promise<void> {
  const answer = await transport.send({
    method: 'POST',
    path: `${computerPath(name)}/toggleOffline?offlineMessage=${encodeURIComponent(message)}`,
    subject: `toggling computer ${name} offline`,
    accept: '*/*',
    alsoAccept: [302, 303],
  });
  await answer.discard();
}
