import type { PrismaClient } from '@fleet/db';
import type { Simulator } from '@fleet/sim';

export interface Figures {
  journal: Record<string, number>;
  /** Why the failed ones failed, by error code. */
  failures: Record<string, number>;
  audit: Record<string, number>;
  refreshesStarted: number;
  problems: string[];
}

const countBy = <T>(items: readonly T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

/**
 * What must hold once every process has had time to recover: no action unfinished and no target
 * locked; each action with one final audit event that agrees with its journal; every refresh the
 * run started in AWS owned by exactly one action that succeeded, and no succeeded start without
 * its refresh in AWS.
 */
export async function checkInvariants(prisma: PrismaClient, sim: Simulator, since: Date): Promise<Figures> {
  const problems: string[] = [];
  const [rows, events, locks, owned] = await Promise.all([
    prisma.actionJournal.findMany(),
    prisma.auditEvent.findMany({ select: { journalId: true, outcome: true, errorCode: true } }),
    prisma.targetLock.count(),
    prisma.instanceRefresh.findMany({ where: { journalId: { not: null } }, select: { id: true, journalId: true } }),
  ]);
  const unfinished = rows.filter((r) => ['queued', 'running', 'reconciling'].includes(r.state));
  if (unfinished.length > 0) problems.push(`${unfinished.length} actions still unfinished: ${unfinished.map((r) => `${r.id} (${r.action} ${r.state})`).join(', ')}`);
  if (locks > 0) problems.push(`${locks} targets still locked`);

  for (const row of rows.filter((r) => r.state === 'succeeded' || r.state === 'failed')) {
    const final = events.filter((e) => e.journalId === row.id && (e.outcome === 'succeeded' || e.outcome === 'failed') && e.errorCode !== 'outcome-unknown');
    if (final.length !== 1) problems.push(`action ${row.id} (${row.action}, ${row.state}) has ${final.length} final audit events`);
    else if (final[0]!.outcome !== row.state) problems.push(`action ${row.id} is ${row.state} but its audit event says ${final[0]!.outcome}`);
  }

  const ownerOf = new Map(owned.map((r) => [r.id, r.journalId!]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const started = sim.world.fleet.groups().flatMap((g) => sim.world.fleet.refreshesOf(g.name)).filter((r) => r.createdAt >= since);
  for (const refresh of started) {
    const owner = byId.get(ownerOf.get(refresh.instanceRefreshId) ?? '');
    if (!owner) problems.push(`refresh ${refresh.instanceRefreshId} of ${refresh.groupName} was started in AWS but no action owns it`);
    else if (owner.state !== 'succeeded') problems.push(`refresh ${refresh.instanceRefreshId} is owned by action ${owner.id}, which says ${owner.state}`);
  }
  const startedIds = new Set(started.map((r) => r.instanceRefreshId));
  for (const row of rows.filter((r) => r.action === 'asg.refresh.start' && r.state === 'succeeded')) {
    const refreshId = (row.result as { refreshId?: string } | null)?.refreshId;
    if (!refreshId || !startedIds.has(refreshId)) problems.push(`start ${row.id} succeeded but AWS has no refresh ${refreshId ?? '(none named)'} from this run`);
    else if (ownerOf.get(refreshId) !== row.id) problems.push(`start ${row.id} names refresh ${refreshId}, which another action owns`);
  }
  const failures = countBy(rows.filter((r) => r.state === 'failed'), (r) => r.errorCode ?? 'none');
  return { journal: countBy(rows, (r) => `${r.action} ${r.state}`), failures, audit: countBy(events, (e) => e.outcome), refreshesStarted: started.length, problems };
}
