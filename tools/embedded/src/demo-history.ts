import { createHash } from 'node:crypto';
import type { FleetConfig } from '@fleet/core';
import {
  appendAuditEvent,
  approveJournalEntry,
  leaseFor,
  finishJournalEntry,
  moveJournalEntry,
  type NewAuditEvent,
  openJournalEntry,
  type PrismaClient,
} from '@fleet/db';
import type { World } from '@fleet/sim';

/**
 * A few weeks of what the demo's people did in the portal, written on a fresh demo's first start,
 * so `/audit` shows the review it is for: refreshes by several people (the ones the simulated
 * world's history really ran, with their ids), a four-eyes request approved and one rejected,
 * refusals, an action that failed at AWS, daily sign-ins and one evening of made-up names.
 * Written event by event, oldest first, through the same triggers as every append.
 */
interface Person {
  name: string;
  groups: string[];
  address: string;
}

const PEOPLE: Record<'oscar' | 'ada' | 'grace' | 'alice', Person> = {
  oscar: { name: 'oscar', groups: ['sre'], address: '10.20.4.17' },
  ada: { name: 'ada', groups: ['sre-admins'], address: '10.20.4.31' },
  grace: { name: 'grace', groups: ['sre-admins'], address: '10.20.7.9' },
  alice: { name: 'alice', groups: [], address: '10.20.9.44' },
};

const REASONS = [
  'roll the October base image out (CVE-2024-6387 in openssh)',
  'kernel update from the infra repo, CHG0031187',
  'pick up the new glibc build before the release train',
  'move the pool to the AMI the last rebuild produced',
  'replace the workers that kept losing their agents',
  'the gpu driver fix is in the new image, INC0087123',
];

const HOUR = 3_600_000;
/** Stable ids from the demo's own words, so a second look at the seed gives the same ids. */
const idOf = (...parts: (string | number)[]) => {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

class HistoryWriter {
  private readonly events: { at: Date; write: () => Promise<void> }[] = [];

  constructor(private readonly prisma: PrismaClient) {}

  event(person: Person | null, fields: Omit<NewAuditEvent, 'user' | 'groups' | 'sourceAddress' | 'parameters'> & { parameters?: NewAuditEvent['parameters'] }) {
    this.events.push({
      at: fields.at,
      write: async () => {
        await appendAuditEvent(this.prisma, { user: person?.name ?? null, groups: person?.groups ?? [], sourceAddress: person?.address ?? '203.0.113.77', parameters: {}, ...fields });
      },
    });
  }

  /** Anything else to write at its time (journal rows), in the same oldest-first order. */
  at(at: Date, write: () => Promise<void>) {
    this.events.push({ at, write });
  }

  async flush(): Promise<number> {
    const ordered = [...this.events].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const entry of ordered) await entry.write();
    return ordered.length;
  }
}

/** A refresh the world's history ran, started from the portal by `by` (and approved by `approver` where four-eyes). */
function refreshAttempt(history: HistoryWriter, prisma: PrismaClient, input: { group: string; refreshId: string; at: Date; by: Person; approver?: Person; reason: string }) {
  const correlationId = idOf('refresh', input.refreshId);
  const journalId = idOf('journal', input.refreshId);
  const requestedAt = new Date(input.at.getTime() - (input.approver ? 47 * 60_000 : 40_000));
  const approvedAt = new Date(input.at.getTime() - 20_000);
  const base = { action: 'asg.refresh.start', target: input.group, reason: input.reason, correlationId, journalId, parameters: { preferences: { minHealthyPercentage: 90 } } };
  history.at(requestedAt, async () => {
    const opened = await openJournalEntry(prisma, {
      id: journalId,
      action: 'asg.refresh.start',
      targetKind: 'asg',
      target: input.group,
      parameters: { preferences: { minHealthyPercentage: 90 } },
      requestedBy: input.by.name,
      reason: input.reason,
      idempotencyKey: `demo-${journalId}`,
      state: input.approver ? 'pending-approval' : 'queued',
      createdAt: requestedAt,
      correlationId,
      previewFingerprint: `demo:${input.refreshId}`,
      previewSummary: `replace the instances of ${input.group} on the launch template's newest version, 90 % kept healthy`,
    });
    if (opened.kind !== 'opened') return;
    await appendAuditEvent(prisma, { at: requestedAt, user: input.by.name, groups: input.by.groups, sourceAddress: input.by.address, ...base, outcome: input.approver ? 'pending-approval' : 'allowed', durationMs: 412 });
    if (input.approver) {
      const approver = input.approver;
      await approveJournalEntry(prisma, journalId, approvedAt, { approvedBy: approver.name, lease: leaseFor(`demo-history:${journalId}`, approvedAt) }, { at: approvedAt, user: approver.name, groups: approver.groups, sourceAddress: approver.address, ...base, reason: 'checked the canary pool first', outcome: 'approved', durationMs: 388 });
    }
    const started = await moveJournalEntry(prisma, journalId, ['queued'], 'running', input.at);
    if (!started) return;
    await finishJournalEntry(prisma, journalId, ['running'], { state: 'succeeded', at: new Date(input.at.getTime() + 900), result: { refreshId: input.refreshId } }, {
      at: new Date(input.at.getTime() + 900),
      user: (input.approver ?? input.by).name,
      groups: (input.approver ?? input.by).groups,
      sourceAddress: (input.approver ?? input.by).address,
      ...base,
      outcome: 'succeeded',
      durationMs: 1_310,
    });
  });
}

export async function seedDemoAuditHistory(prisma: PrismaClient, config: FleetConfig, world: World, now: Date): Promise<number> {
  if ((await prisma.auditEvent.count()) > 0) return 0;
  const history = new HistoryWriter(prisma);
  const { oscar, ada, grace, alice } = PEOPLE;
  const since = new Date(now.getTime() - 21 * 24 * HOUR);
  const production = new Set(config.access.policies.filter((p) => p.fourEyes).map((p) => p.target));

  // Sign-ins on working days: the people who use the portal, each morning.
  for (let day = 21; day >= 1; day--) {
    const morning = new Date(now.getTime() - day * 24 * HOUR);
    if ([0, 6].includes(morning.getUTCDay())) continue;
    [oscar, ada, grace, alice].forEach((person, i) => {
      if ((day + i) % 3 === 2) return;
      const at = new Date(Date.UTC(morning.getUTCFullYear(), morning.getUTCMonth(), morning.getUTCDate(), 7 + i, 5 + day * 2));
      history.event(person, { at, action: 'auth.signIn', target: person.name, reason: null, outcome: 'succeeded', correlationId: idOf('signin', person.name, day), durationMs: 85 });
    });
  }

  // The refreshes the simulated history ran these three weeks, started from the portal.
  const refreshes = world.fleet
    .groups()
    .flatMap((group) => world.fleet.refreshesOf(group.name))
    .filter((r) => r.createdAt >= since && r.createdAt < now && r.status !== 'Pending' && r.status !== 'InProgress')
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  refreshes.forEach((refresh, n) => {
    const fourEyes = production.has(refresh.groupName);
    const by = fourEyes ? ada : n % 2 === 0 ? oscar : grace;
    refreshAttempt(history, prisma, { group: refresh.groupName, refreshId: refresh.instanceRefreshId, at: refresh.createdAt, by, reason: REASONS[n % REASONS.length]!, ...(fourEyes ? { approver: grace } : {}) });
  });

  const groups = config.workerTypes.flatMap((w) => w.asgs);
  const ordinary = groups.find((g) => !production.has(g)) ?? groups[0]!;
  const prod = [...production][0] ?? groups[0]!;
  const at = (daysAgo: number, hour: number) => {
    const day = new Date(now.getTime() - daysAgo * 24 * HOUR);
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, 12));
  };

  // alice, a viewer, tries a refresh; the guard refuses and records it.
  history.event(alice, { at: at(16, 10), action: 'asg.refresh.start', target: ordinary, reason: 'the builds on this pool are slow, trying a refresh', outcome: 'denied', errorCode: 'role-too-low', errorMessage: 'operator role needed (you are a viewer); ask oscar, ada or grace (groups sre-admins, sre)', correlationId: idOf('alice-denied'), durationMs: 12 });
  // ada asks for the production pool during the release train: frozen.
  history.event(ada, { at: at(13, 14), action: 'asg.refresh.start', target: prod, reason: 'pick up the glibc fix before tonight', outcome: 'denied', errorCode: 'frozen', errorMessage: "frozen until 16:00 Europe/Madrid by 'release train'", correlationId: idOf('ada-frozen'), durationMs: 31 });
  // oscar cancels a refresh that had just finished: AWS has none to cancel, so it fails and nothing changed.
  history.event(oscar, { at: at(9, 11), action: 'asg.refresh.cancel', target: ordinary, reason: 'the new image breaks the gpu driver, stop the rollout', outcome: 'allowed', correlationId: idOf('oscar-cancel'), durationMs: 40 });
  history.event(oscar, { at: new Date(at(9, 11).getTime() + 1_200), action: 'asg.refresh.cancel', target: ordinary, reason: 'the new image breaks the gpu driver, stop the rollout', outcome: 'failed', errorCode: 'ActiveInstanceRefreshNotFound', errorMessage: `AWS has no instance refresh in progress on ${ordinary}: it had already finished`, correlationId: idOf('oscar-cancel'), durationMs: 1_240 });
  // A four-eyes request grace approves; AWS throttles the start past every retry, so nothing changed.
  history.event(ada, { at: at(11, 9), action: 'asg.refresh.start', target: prod, reason: 'app-interface workers onto the October image, CHG0031190', outcome: 'pending-approval', correlationId: idOf('approved'), durationMs: 377 });
  history.event(grace, { at: at(11, 10), action: 'asg.refresh.start', target: prod, reason: 'canary pool looked fine overnight', outcome: 'approved', correlationId: idOf('approved'), durationMs: 120 });
  history.event(grace, { at: new Date(at(11, 10).getTime() + 9_000), action: 'asg.refresh.start', target: prod, reason: null, outcome: 'failed', errorCode: 'throttled', errorMessage: `AutoScaling in account app-sre throttled the portal (Throttling) even after retries; ${prod} was not changed: request it again`, correlationId: idOf('approved'), durationMs: 8_900 });
  // A request grace turns down.
  history.event(ada, { at: at(6, 15), action: 'asg.refresh.start', target: prod, reason: 'refresh the app-interface workers onto the kernel update', outcome: 'pending-approval', correlationId: idOf('rejected'), durationMs: 402 });
  history.event(grace, { at: at(6, 16), action: 'asg.refresh.start', target: prod, reason: 'not while the app-interface deploy is running; tomorrow morning', outcome: 'rejected', correlationId: idOf('rejected'), durationMs: 96 });
  // One evening someone tries names and passwords: thirty failed sign-ins, folded away on /audit.
  for (let i = 0; i < 30; i++) {
    history.event(null, { at: new Date(at(4, 21).getTime() + i * 41_000), action: 'auth.signIn', target: i % 10 === 9 ? 'admin' : 'mallory', reason: null, outcome: 'denied', errorCode: 'not-signed-in', errorMessage: 'the user name or password is wrong', correlationId: idOf('mallory', i), durationMs: 240 });
  }
  return history.flush();
}
