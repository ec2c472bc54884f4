import type { AnyTRPCProcedure } from '@trpc/server';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appRouter } from '../root.ts';
import { signedIn, testConfig } from '../test/harness.ts';
import { handleTrpcRequest } from './trpc-endpoint.ts';

const PORTAL = 'http://portal.test';
/** The fields a procedure's zod input names (through .prefault, .default and pipes), or none for a guarded raw input. */
function fieldsOf(schema: unknown, depth = 0): string[] {
  if (!schema || typeof schema !== 'object' || depth > 5) return [];
  const zod = schema as { shape?: Record<string, unknown>; _zod?: { def?: Record<string, unknown> } };
  if (zod.shape && typeof zod.shape === 'object') return Object.keys(zod.shape);
  const def = zod._zod?.def ?? {};
  for (const inner of ['innerType', 'in', 'out', 'schema']) {
    const found = fieldsOf(def[inner], depth + 1);
    if (found.length > 0) return found;
  }
  return [];
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>)
  // A subscription that is let through streams until the client leaves: its input is checked by the same parser as `get`.
  .filter(([, procedure]) => procedure._def.type !== 'subscription')
  .map(([path, procedure]) => ({ path, type: procedure._def.type as 'query' | 'mutation', fields: fieldsOf((procedure._def as { inputs?: unknown[] }).inputs?.[0]) }));

/** Something unstorable or misleading inside otherwise ordinary text; NUL (what PostgreSQL refuses) most often. */
const poison = fc.oneof({ weight: 4, arbitrary: fc.constant('\u0000') }, { weight: 3, arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDC00', '\u202E', '\u001b[2J', '%00', '%E0%A4%A', '\t//evil.example') });
const poisonedText = fc.tuple(fc.string({ maxLength: 12 }), poison, fc.string({ maxLength: 12 })).map(([before, bad, after]) => `${before}${bad}${after}`);

/** Text a hostile user sends: control characters, broken UTF-16, percent-encodings, direction overrides, sizes. */
const hostileText = fc.oneof(
  poisonedText,
  fc.string(),
  fc.fullUnicodeString({ maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDFFFx', '%', '%E0%A4%A', '%ZZ', '%00', '\u202Eevil', '\t//evil.example', '../../etc/passwd', "'; DROP TABLE audit_event; --", '<script>alert(1)</script>', '=HYPERLINK("x")', '__proto__', 'constructor'),
  fc.integer({ min: 256, max: 6_000 }).map((n) => 'x'.repeat(n)),
);
const hostileNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/**
 * A valid request of each procedure that takes a required field: one hostile field on top of it
 * reaches past the schema's first refusal to the code behind. Others start from `{}`.
 */
const PLAUSIBLE: Record<string, Record<string, unknown>> = {
  'actions.get': { journalId: 'j-1' },
  'actions.checks': { action: 'asg.refresh.start', target: 'ci-int-jenkins-worker-rhel8-gpu' },
  'actions.preview': { action: 'asg.refresh.start', target: 'ci-int-jenkins-worker-rhel8-gpu', input: { preferences: {} } },
  'actions.approve': { journalId: 'j-1', confirmation: 'pool' },
  'actions.reject': { journalId: 'j-1', reason: 'long enough reason' },
  'audit.attempt': { correlationId: 'c-1' },
  'auth.signIn': { user: 'ada', password: 'not the password' },
  'asgs.get': { name: 'ci-int-jenkins-worker-rhel8-gpu' },
  'asgs.startRefresh': { target: 'ci-int-jenkins-worker-rhel8-gpu', input: { preferences: {} }, previewFingerprint: 'f', confirmation: 'ci-int-jenkins-worker-rhel8-gpu', reason: 'long enough reason', idempotencyKey: 'key-123456' },
  'bakes.get': { id: 'b-1' },
  'buildLogs.read': { id: 'b-1' },
  'buildLogs.search': { id: 'b-1', query: 'error' },
  'lineage.ami': { imageId: 'ami-0123456789abcdef0' },
  'nodes.get': { instanceId: 'i-0123456789abcdef0' },
};
const KEYS = ['user', 'action', 'target', 'outcome', 'search', 'cursor', 'limit', 'name', 'instanceId', 'imageId', 'journalId', 'correlationId', 'from', 'to', 'reason', 'confirmation', 'comment', 'input', 'idempotencyKey', 'previewFingerprint', 'password', 'query', 'id', 'commit', 'sort', 'offset', 'includeNoise', 'source'];

function ownFields(path: string, fields: string[]): string[] {
  return [...new Set([...fields, ...Object.keys(PLAUSIBLE[path] ?? {})])];
}

/** Every field of the procedure with a NUL in it, and 5 kB of it: the vectors found by hand, always tried first. */
function knownVectors(path: string, fields: string[]): [unknown, boolean][] {
  const base = PLAUSIBLE[path] ?? {};
  return ownFields(path, fields).flatMap((field) => [
    [{ ...base, [field]: 'a\u0000b' }, true],
    [{ ...base, [field]: 'p'.repeat(5_000) }, false],
  ]);
}

/** Anything at all; or the plausible request with one of its fields (or a stray one) made hostile. */
function hostileInputFor(path: string, fields: string[]) {
  const base = PLAUSIBLE[path] ?? {};
  const own = ownFields(path, fields);
  const field = own.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...KEYS) }) : fc.constantFrom(...KEYS);
  const oneField = fc.tuple(field, fc.oneof({ weight: 3, arbitrary: poisonedText }, { weight: 2, arbitrary: hostileText }, { weight: 1, arbitrary: hostileValue })).map(([key, value]) => ({ ...base, [key]: value }));
  return fc.oneof({ weight: 1, arbitrary: hostileValue }, { weight: 4, arbitrary: oneField });
}

function request(path: string, type: 'query' | 'mutation', input: unknown, cookie: string | null): Request {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  // superjson's envelope, as the portal's client sends it; `undefined` has no JSON form.
  const body = JSON.stringify({ json: input === undefined ? null : input });
  if (type === 'query') return new Request(`${PORTAL}/api/trpc/${path}?input=${encodeURIComponent(body)}`, { headers });
  return new Request(`${PORTAL}/api/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
}

describe.each(testDatabases().filter((t) => t.name === 'postgres'))('every procedure against hostile input on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig({}, { anonymousViewer: true });
  let operator: string;

  beforeAll(async () => {
    db = await target.open();
    operator = (await signedIn(db.prisma, config, 'oscar')).cookie!;
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(() => db?.cleanup());

  it.each(procedures)('$path ($type) answers a 4xx or an answer, never a 500, and audits every refused change', async ({ path, type, fields }) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await fc.assert(
        fc.asyncProperty(hostileInputFor(path, fields), fc.boolean(), async (input, asOperator) => {
          const before = type === 'mutation' ? await db.prisma.auditEvent.count() : 0;
          const response = await handleTrpcRequest(request(path, type, input, asOperator ? operator : null), { config, prisma: db.prisma, peerAddress: '192.0.2.66' });
          const text = await response.text();
          expect(response.status, `${path} answered ${response.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
          expect(text).not.toMatch(/prisma|invocation|PostgreSQL|22P05|22021|btree/i);
          if (type === 'mutation') {
            // Every attempt at a change is recorded, refused or not (signing out included).
            expect(await db.prisma.auditEvent.count(), `${path} left no audit row for ${response.status}`).toBeGreaterThan(before);
          }
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 60), seed: Number(process.env.PROPERTY_SEED ?? 20261208), endOnFailure: true, examples: knownVectors(path, fields) },
      );
    } finally {
      logged.mockRestore();
    }
  }, 300_000);
});
