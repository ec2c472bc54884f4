import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type FleetConfig, type JsonValue, parseFleetConfig } from '@fleet/core';
import { moveJournalEntry, openJournalEntry, type PrismaClient } from '@fleet/db';
import { createContext } from '../context.ts';
import { ActionRegistry } from '../guard/action-definition.ts';
import { appRouter } from '../root.ts';
import { createCallerFactory, guardedAction, router } from '../trpc.ts';
import { touchAction } from './touch-action.ts';

/** The portal's router plus the test action, as the lead's real actions will sit beside the rest. */
export const testRouter = router({ ...appRouter._def.record, test: router({ touch: guardedAction(touchAction) }) });
export const testActions = new ActionRegistry([touchAction]);
const createTestCaller = createCallerFactory(testRouter);

/** The demo config with the test's own access rules. */
export function testConfig(access: Partial<FleetConfig['access']> = {}, auth: Partial<FleetConfig['auth']> = {}): FleetConfig {
  const parsed = parseFleetConfig(readFileSync(path.resolve(import.meta.dirname, '../../../../config/demo.yaml'), 'utf8'));
  if (!parsed.ok) throw new Error('the demo config must be valid');
  return { ...parsed.config, access: { ...parsed.config.access, policies: [], freezeWindows: [], ...access }, auth: { ...parsed.config.auth, ...auth } };
}

export interface Caller {
  api: ReturnType<typeof createTestCaller>;
  /** The Set-Cookie headers the calls wrote. */
  resHeaders: Headers;
  /** The session cookie (`fleet_session=…`) it sends, when signed in. */
  cookie?: string;
}

export function callerWith(prisma: PrismaClient, config: FleetConfig, headers: Record<string, string> = {}, now?: () => Date, signal?: AbortSignal): Caller {
  const resHeaders = new Headers();
  const req = new Request('http://portal.test/api/trpc', { headers });
  const api = createTestCaller(() => createContext({ req, config, prisma, resHeaders, peerAddress: '192.0.2.10', actions: testActions, ...(now ? { now } : {}) }), signal ? { signal } : {});
  return { api, resHeaders };
}

/** Signs in through auth.signIn with the demo password and returns a caller carrying the cookie. */
export async function signedIn(prisma: PrismaClient, config: FleetConfig, user: string, now?: () => Date): Promise<Caller> {
  const anonymous = callerWith(prisma, config, {}, now);
  await anonymous.api.auth.signIn({ user, password: 'demo' });
  const cookie = (anonymous.resHeaders.get('set-cookie') ?? '').split(';')[0]!;
  return { ...callerWith(prisma, config, { cookie }, now), cookie };
}

let keys = 0;
/** A fresh idempotency key, as the confirmation dialog makes one. */
export function newKey(): string {
  keys += 1;
  return `test-key-${process.pid}-${Date.now()}-${keys}`;
}

/** A complete, valid request for the test action on `target`. */
export function touchRequest(target: string, fingerprintVersion = 1, overrides: Record<string, unknown> = {}) {
  return {
    target,
    input: {},
    previewFingerprint: `${target}@${fingerprintVersion}`,
    confirmation: target,
    reason: 'testing the guard end to end',
    idempotencyKey: newKey(),
    ...overrides,
  };
}

/** A journal row left `running` as a process that died mid-action leaves it: what reconciliation must settle. */
export async function openCrashedAction(prisma: PrismaClient, row: { action: string; targetKind: string; target: string; parameters: Record<string, JsonValue>; requestedBy: string; reason: string }): Promise<string> {
  const id = randomUUID();
  const opened = await openJournalEntry(prisma, {
    id,
    ...row,
    idempotencyKey: newKey(),
    state: 'queued',
    createdAt: new Date(),
    correlationId: randomUUID(),
    previewFingerprint: 'x',
    previewSummary: 'x',
  });
  if (opened.kind !== 'opened') throw new Error('the test row must open');
  await moveJournalEntry(prisma, id, ['queued'], 'running', new Date());
  return id;
}
