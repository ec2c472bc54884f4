import type { ActionJournal, PrismaClient } from '../generated/prisma/client.ts';

/** What an attempt set going at its source, and how that ended so far. */
export interface AttemptConsequence {
  journalId: string;
  /** The journal's state: queued, running, succeeded, failed, … */
  state: string;
  previewSummary: string;
  /** An instance refresh the action started (its id from the action's result). */
  refresh: { id: string; asgName: string; status: string; percentageComplete: number | null; endTime: Date | null } | null;
  /** A Jenkins build the action started (the build carries the action's id). */
  build: { id: string; job: string; number: number | null; building: boolean; result: string | null; queueState: string | null } | null;
}

function refreshIdOf(journal: ActionJournal): string | null {
  const result = journal.result;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return null;
  const id = (result as Record<string, unknown>).refreshId;
  return typeof id === 'string' ? id : null;
}

/**
 * For a page of attempts: each journaled action's state, and the refresh or build it started with
 * how that went. Three queries whatever the page's size.
 */
export async function consequencesOf(prisma: PrismaClient, journalIds: readonly string[]): Promise<Map<string, AttemptConsequence>> {
  const ids = [...new Set(journalIds)];
  if (ids.length === 0) return new Map();
  const journals = await prisma.actionJournal.findMany({ where: { id: { in: ids } } });
  const refreshIds = journals.map(refreshIdOf).filter((id): id is string => id !== null);
  const [refreshes, builds] = await Promise.all([
    refreshIds.length === 0 ? [] : prisma.instanceRefresh.findMany({ where: { id: { in: refreshIds } }, select: { id: true, asgName: true, status: true, percentageComplete: true, endTime: true } }),
    prisma.jenkinsBuild.findMany({ where: { actionId: { in: ids } }, select: { id: true, job: true, number: true, building: true, result: true, queueState: true, actionId: true } }),
  ]);
  const refreshById = new Map(refreshes.map((r) => [r.id, r]));
  const buildByAction = new Map(builds.map(({ actionId, ...b }) => [actionId, b]));
  return new Map(
    journals.map((journal) => {
      const refreshId = refreshIdOf(journal);
      return [
        journal.id,
        {
          journalId: journal.id,
          state: journal.state,
          previewSummary: journal.previewSummary,
          refresh: refreshId ? (refreshById.get(refreshId) ?? { id: refreshId, asgName: journal.target, status: 'not synced yet', percentageComplete: null, endTime: null }) : null,
          build: buildByAction.get(journal.id) ?? null,
        },
      ];
    }),
  );
}

export async function findJournalOfAttempt(prisma: PrismaClient, journalId: string): Promise<ActionJournal | null> {
  return prisma.actionJournal.findUnique({ where: { id: journalId } });
}
