import type { AnyTRPCProcedure, AnyTRPCRouter } from '@trpc/server';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './root.ts';
import { callerWith, signedIn, testConfig, testRouter, type Caller } from './test/harness.ts';
import type { ProcedureMeta } from './trpc.ts';

interface Mutation {
  path: string;
  meta: ProcedureMeta | undefined;
}

/** Every mutation of a router, found by walking its procedures: a new one cannot slip past this test. */
function mutationsOf(router: AnyTRPCRouter): Mutation[] {
  return Object.entries(router._def.procedures as Record<string, AnyTRPCProcedure>)
    .filter(([, procedure]) => procedure._def.type === 'mutation')
    .map(([path, procedure]) => ({ path, meta: procedure._def.meta as ProcedureMeta | undefined }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let node: unknown = caller.api;
  for (const part of path.split('.')) node = (node as Record<string, unknown>)[part];
  return (node as (input: unknown) => Promise<unknown>)(input);
}

/** Requests that would pass validation, so only who asks can be the reason for refusing them. */
const plausible: Record<string, unknown> = {
  'actions.approve': { journalId: 'j-1', confirmation: 'x' },
  'actions.reject': { journalId: 'j-1', reason: 'long enough reason' },
  'auth.signIn': { user: 'ada', password: 'not the password' },
  'test.touch': { target: 'pool', input: {}, previewFingerprint: 'pool@1', confirmation: 'pool', reason: 'long enough reason', idempotencyKey: 'key-123456' },
};

describe('the router’s mutations', () => {
  it('all start from a guarded kind of procedure', () => {
    for (const router of [appRouter, testRouter]) {
      for (const mutation of mutationsOf(router)) {
        expect(['action', 'approval', 'anyone'], `${mutation.path} must start from guardedAction, an approval or the sign-in procedures`).toContain(mutation.meta?.kind);
        expect(mutation.meta?.audit, `${mutation.path} must name the action its refusals are audited under`).toBeTruthy();
      }
    }
    expect(mutationsOf(appRouter).map((m) => m.path)).toEqual(expect.arrayContaining(['actions.approve', 'actions.reject', 'auth.signIn', 'auth.signOut']));
  });
});

describe.each(testDatabases())('every mutation refuses and audits anonymous callers and viewers, on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();
  let anonymous: Caller;
  let alice: Caller;
  const mutations = mutationsOf(testRouter);

  beforeAll(async () => {
    db = await target.open();
    anonymous = callerWith(db.prisma, config);
    alice = await signedIn(db.prisma, config, 'alice');
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  async function deniedAudits(action: string, user: string | null) {
    return db.prisma.auditEvent.count({ where: { action, user, outcome: 'denied' } });
  }

  it.each(mutations.filter((m) => m.path !== 'auth.signOut'))('$path', async ({ path, meta }) => {
    const action = meta!.audit!;
    for (const [caller, user] of [[anonymous, null], [alice, 'alice']] as const) {
      const before = await deniedAudits(action, user);
      await expect(call(caller, path, plausible[path]), `${path} as ${user ?? 'anonymous'}`).rejects.toMatchObject({
        code: expect.stringMatching(/^(UNAUTHORIZED|FORBIDDEN)$/),
      });
      expect(await deniedAudits(action, user), `${path} as ${user ?? 'anonymous'} is audited`).toBe(before + 1);
    }
  });

  it('auth.signOut: ends only one’s own session, and audits an anonymous attempt', async () => {
    await expect(anonymous.api.auth.signOut()).resolves.toEqual({ signedOut: false });
    expect(await deniedAudits('auth.signOut', null)).toBe(1);
  });
});
