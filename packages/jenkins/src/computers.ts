import { z } from 'zod';
import { type JenkinsTransport } from './transport.ts';

// What the portal reads of each computer; `tree` keeps the answer small on a controller with thousands.
const COMPUTER_FIELDS = '_class,displayName,offline,temporarilyOffline,offlineCauseReason,offlineCause[_class],idle,numExecutors,executors[idle]';
export const COMPUTERS_TREE = `busyExecutors,totalExecutors,computer[${COMPUTER_FIELDS}]`;

/** More executors than any agent has: a number like this is a fault in the answer, not a machine. */
const MOST_EXECUTORS = 1_000;

export const computerShape = z.object({
  _class: z.string().optional(),
  displayName: z.string(),
  offline: z.boolean(),
  temporarilyOffline: z.boolean().default(false),
  offlineCauseReason: z.string().nullable().default(''),
  offlineCause: z.object({ _class: z.string().optional() }).nullable().optional(),
  idle: z.boolean().default(true),
  numExecutors: z.number().int().min(0).max(MOST_EXECUTORS),
  executors: z.array(z.object({ idle: z.boolean().optional() })).max(MOST_EXECUTORS).default([]),
});

/** Each computer is read on its own: one Jenkins cannot describe sensibly does not hide the others. */
export const computerSetShape = z.object({
  busyExecutors: z.number().int().optional(),
  totalExecutors: z.number().int().optional(),
  computer: z.array(z.unknown()),
});

/** A computer in Jenkins's answer that the portal refused, with its name when it has a readable one. */
export interface UnreadableComputer {
  name: string | null;
  problem: string;
}

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

export interface ComputerList {
  computers: JenkinsComputer[];
  unreadable: UnreadableComputer[];
  version: string | null;
}

const nameOf = (raw: unknown) => {
  const name = raw !== null && typeof raw === 'object' ? (raw as { displayName?: unknown }).displayName : undefined;
  return typeof name === 'string' && name.length > 0 ? name.slice(0, 255) : null;
};

export async function readComputers(transport: JenkinsTransport): Promise<ComputerList> {
  const { body, version } = await transport.json({ path: `/computer/api/json?tree=${encodeURIComponent(COMPUTERS_TREE)}`, subject: '/computer/api/json' }, computerSetShape);
  const computers: JenkinsComputer[] = [];
  const unreadable: UnreadableComputer[] = [];
  body.computer.forEach((raw, index) => {
    const parsed = computerShape.safeParse(raw);
    if (parsed.success) return void computers.push(toComputer(parsed.data));
    const issue = parsed.error.issues[0];
    unreadable.push({ name: nameOf(raw), problem: `computer.${index}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a computer'}` });
  });
  return { computers, unreadable, version };
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
