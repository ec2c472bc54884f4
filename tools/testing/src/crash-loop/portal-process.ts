/**
 * The portal's side of the crash loop, as a process of its own: it signs in as an operator and
 * keeps asking for refresh starts and cancels through the API's router (the code the portal's tRPC
 * handler runs, guard and executor included), now and then sending one request twice at once, as
 * a double click does. It prints one JSON line per answer. The crash loop kills it with SIGKILL.
 *
 *   node --import tsx portal-process.ts   (DATABASE_URL and FLEET_CONFIG set, AWS_* at the simulator)
 */
import { randomUUID } from 'node:crypto';
import { createCaller, createContext } from '@fleet/api';
import { readFleetConfig } from '@fleet/core/config-file';
import { createDatabase } from '@fleet/db';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const config = readFleetConfig();
const { prisma } = createDatabase(url);
/** Groups an operator may act on alone: the demo's production pool needs two admins. */
const groups = config.workerTypes.flatMap((w) => w.asgs).filter((name) => !name.endsWith('app-interface'));

function callerWith(cookie?: string) {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const resHeaders = new Headers();
  const caller = createCaller(() => createContext({ req: new Request('http://portal.crash-loop/api/trpc', { headers }), config, prisma, resHeaders }));
  return { caller, resHeaders };
}

async function signIn() {
  const anonymous = callerWith();
  await anonymous.caller.auth.signIn({ user: 'oscar', password: 'demo' });
  return callerWith((anonymous.resHeaders.get('set-cookie') ?? '').split(';')[0]).caller;
}

const say = (line: object) => process.stdout.write(`${JSON.stringify({ at: Date.now(), ...line })}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function act(oscar: Awaited<ReturnType<typeof signIn>>): Promise<void> {
  const target = pick(groups);
  const start = { preferences: { minHealthyPercentage: 50, skipMatching: false } };
  // Start where the group is idle, cancel where a refresh runs: the preview says which.
  const chosen = await oscar.actions
    .preview({ action: 'asg.refresh.start', target, input: start })
    .then(({ preview }) => ({ action: 'asg.refresh.start' as const, input: start, preview }))
    .catch(() => oscar.actions.preview({ action: 'asg.refresh.cancel', target, input: {} }).then(({ preview }) => ({ action: 'asg.refresh.cancel' as const, input: {}, preview })))
    .catch(() => null);
  if (!chosen) return;
  const request = { target, input: chosen.input, previewFingerprint: chosen.preview.fingerprint, confirmation: target, reason: 'crash loop: exercise the guard', idempotencyKey: randomUUID() };
  const send = () => (chosen.action === 'asg.refresh.start' ? oscar.asgs.startRefresh(request as Parameters<typeof oscar.asgs.startRefresh>[0]) : oscar.asgs.cancelRefresh(request as Parameters<typeof oscar.asgs.cancelRefresh>[0]));
  const twice = Math.random() < 0.25;
  const answers = await Promise.allSettled(twice ? [send(), send()] : [send()]);
  for (const answer of answers) {
    if (answer.status === 'fulfilled') say({ action: chosen.action, target, state: answer.value.state, journalId: answer.value.journalId, replayed: answer.value.replayed });
    else say({ action: chosen.action, target, refused: answer.reason instanceof Error ? answer.reason.message.slice(0, 200) : String(answer.reason) });
  }
}

const oscar = await signIn();
say({ ready: true, pid: process.pid });
for (;;) {
  await act(oscar).catch((error: unknown) => say({ error: error instanceof Error ? error.message.slice(0, 200) : String(error) }));
  await sleep(100 + Math.random() * 400);
}
