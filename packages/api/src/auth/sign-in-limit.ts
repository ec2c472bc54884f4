import { type AuthConfig, formatDuration, type GuardDenial } from '@fleet/core';
import { type PrismaClient, recentSignInFailures } from '@fleet/db';

const SIGN_IN = 'auth.signIn';

/**
 * Too many wrong passwords for one user name: its sign-in is refused, before any password is
 * compared, until the oldest of those failures leaves the window. Counted from the audit trail, so
 * every replica agrees and a restart forgets nothing. A success starts the count again, and these
 * refusals do not count themselves, so hammering on never lengthens the wait. Any name counts the
 * same, so the answer does not tell which users exist.
 */
export async function signInLimitDenial(prisma: PrismaClient, local: AuthConfig['local'], user: string, now: Date): Promise<GuardDenial | null> {
  const windowStart = new Date(now.getTime() - local.failedSignInWindow);
  const failures = await recentSignInFailures(prisma, { action: SIGN_IN, user, windowStart, limit: local.maxFailedSignIns });
  if (failures.length < local.maxFailedSignIns) return null;
  const retryAt = new Date(failures.at(-1)!.getTime() + local.failedSignInWindow);
  return {
    check: 'authenticated',
    code: 'too-many-attempts',
    message: `${failures.length} failed sign-ins as ${user} within ${formatDuration(local.failedSignInWindow)}: refused for another ${formatDuration(Math.max(1000, retryAt.getTime() - now.getTime()))}`,
    retryAt,
  };
}
