import type { PrismaClient } from '@fleet/db';

/** What a kill left behind, and how long the survivors took to clean it up. */
export interface Recovery {
  round: number;
  killedAt: number;
  /** Unfinished actions (their targets locked) at the kill. */
  unfinished: string[];
  /** Sync sources a run held (an unexpired lease) at the kill. */
  leased: string[];
  /** Milliseconds until every action unfinished at the kill had its final state; null while waiting. */
  unlockMs: number | null;
  /** Milliseconds until every source leased at the kill had synced again; null while waiting. */
  freshMs: number | null;
}

const UNFINISHED = ['queued', 'running', 'reconciling'];

export async function recoveryAfterKill(prisma: PrismaClient, round: number, killedAt: number, victims: readonly string[]): Promise<Recovery> {
  const [rows, sources] = await Promise.all([
    prisma.actionJournal.findMany({ where: { state: { in: UNFINISHED } }, select: { id: true } }),
    victims.includes('worker') ? prisma.syncSource.findMany({ where: { leaseUntil: { gt: new Date() } }, select: { key: true } }) : Promise.resolve([]),
  ]);
  const unfinished = rows.map((r) => r.id);
  const leased = sources.map((s) => s.key);
  return { round, killedAt, unfinished, leased, unlockMs: unfinished.length === 0 ? 0 : null, freshMs: leased.length === 0 ? (victims.includes('worker') ? 0 : null) : null };
}

/** Notes the recoveries that finished since the last look. */
export async function observe(prisma: PrismaClient, recoveries: Recovery[]): Promise<void> {
  const now = Date.now();
  for (const recovery of recoveries) {
    if (recovery.unlockMs === null) {
      const open = await prisma.actionJournal.count({ where: { id: { in: recovery.unfinished }, state: { in: UNFINISHED } } });
      if (open === 0) recovery.unlockMs = now - recovery.killedAt;
    }
    if (recovery.freshMs === null && recovery.leased.length > 0) {
      const synced = await prisma.syncSource.count({ where: { key: { in: recovery.leased }, lastSuccessAt: { gt: new Date(recovery.killedAt) } } });
      if (synced === recovery.leased.length) recovery.freshMs = now - recovery.killedAt;
    }
  }
}

export function settled(recovery: Recovery): boolean {
  return recovery.unlockMs !== null && (recovery.leased.length === 0 || recovery.freshMs !== null);
}

/** "n 12, median 8.1 s, max 14.2 s" */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return 'n 0';
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `n ${sorted.length}, median ${seconds(median)}, max ${seconds(sorted.at(-1)!)}`;
}
