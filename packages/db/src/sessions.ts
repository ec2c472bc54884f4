import type { Session } from './generated/prisma/client.ts';
import type { DbClient } from './sync-sources.ts';

export interface NewSession {
  /** The SHA-256 of the cookie's token, so a copy of the table signs nobody in. */
  id: string;
  user: string;
  groups: readonly string[];
  createdAt: Date;
  expiresAt: Date;
}

export async function createSession(db: DbClient, session: NewSession): Promise<Session> {
  return db.session.create({ data: { ...session, groups: [...session.groups] } });
}

/** The session, unless it expired by `now`. */
export async function findLiveSession(db: DbClient, id: string, now: Date): Promise<Session | null> {
  return db.session.findFirst({ where: { id, expiresAt: { gt: now } } });
}

export async function deleteSession(db: DbClient, id: string): Promise<void> {
  await db.session.deleteMany({ where: { id } });
}

export async function deleteExpiredSessions(db: DbClient, now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
