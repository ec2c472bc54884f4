import { createSession, deleteExpiredSessions, deleteSession } from '@fleet/db';
import { personText } from '@fleet/core';
import { z } from 'zod';
import { DEMO_PASSWORD, verifyLocalUser } from './local-users.ts';
import { signInLimitDenial } from './sign-in-limit.ts';
import { clearedSessionCookie, newSessionToken, sessionCookie } from './session-cookie.ts';
import { userViewer } from '../context.ts';
import { recordAudit, startAttempt } from '../guard/audit.ts';
import { refuse } from '../guard/refusal.ts';
import { anyoneProcedure, router } from '../trpc.ts';

const signInInput = z.strictObject({
  user: personText(100, 1),
  password: z.string().min(1).max(1_000),
});

export const authRouter = router({
  /** Who the portal takes the caller for, and how to sign in when they are nobody yet. */
  me: anyoneProcedure.query(({ ctx }) => {
    const { viewer, config } = ctx;
    const demo = config.auth.mode === 'local' && config.auth.local.demo;
    return {
      signedIn: viewer.kind === 'user',
      user: viewer.kind === 'user' ? viewer.name : null,
      groups: viewer.kind === 'user' ? viewer.groups : [],
      role: viewer.role,
      via: viewer.kind === 'user' ? viewer.via : null,
      anonymous: viewer.kind === 'anonymous',
      note: viewer.kind === 'anonymous' ? viewer.note : null,
      mode: config.auth.mode,
      canSignIn: config.auth.mode === 'local',
      /** In the embedded demo only: who one can sign in as, with which role, and the shared password. */
      demo: demo
        ? {
            password: DEMO_PASSWORD,
            users: config.auth.local.users.filter((u) => !u.passwordEnv).map((u) => ({ name: u.name, role: userViewer(config, u.name, u.groups, 'session').role })),
          }
        : null,
    };
  }),

  /** Local sign-in: sets an httpOnly, SameSite=Lax session cookie through the context's response. */
  signIn: anyoneProcedure.meta({ kind: 'anyone', audit: 'auth.signIn' }).input((raw: unknown) => raw as z.input<typeof signInInput>).mutation(async ({ ctx, input: raw }) => {
    const attempt = startAttempt('auth.signIn', { target: typeof raw?.user === 'string' ? raw.user : null });
    if (ctx.config.auth.mode !== 'local') {
      return refuse(ctx, attempt, { check: 'authenticated', code: 'not-signed-in', message: 'this portal signs in through its auth proxy; open it through the proxy instead' });
    }
    const input = signInInput.safeParse(raw);
    const limited = input.success ? await signInLimitDenial(ctx.prisma, ctx.config.auth.local, input.data.user, ctx.now()) : null;
    if (limited) return refuse(ctx, attempt, limited);
    const user = input.success ? verifyLocalUser(ctx.config.auth, input.data.user, input.data.password, process.env) : null;
    if (!user) return refuse(ctx, attempt, { check: 'authenticated', code: 'not-signed-in', message: 'the user name or password is wrong' });
    const { token, id } = newSessionToken();
    const now = ctx.now();
    // Sign-ins are rare, so this is the place to sweep the expired ones without a timer.
    await deleteExpiredSessions(ctx.prisma, now);
    await createSession(ctx.prisma, { id, user: user.name, groups: user.groups, createdAt: now, expiresAt: new Date(now.getTime() + ctx.config.auth.sessionTtl) });
    const viewer = userViewer(ctx.config, user.name, user.groups, 'session', id);
    // A sign-in the audit trail cannot record does not happen: the session goes, no cookie is set.
    await recordAudit({ ...ctx, viewer }, attempt, 'succeeded').catch(async (error: unknown) => {
      await deleteSession(ctx.prisma, id);
      throw error;
    });
    ctx.response.setCookie(sessionCookie(token, ctx.config.auth.sessionTtl / 1000, ctx.request.secure));
    return { user: viewer.name, groups: viewer.groups, role: viewer.role };
  }),

  /** Ends the local session, if any, and clears the cookie. */
  signOut: anyoneProcedure.meta({ kind: 'anyone', audit: 'auth.signOut' }).mutation(async ({ ctx }) => {
    const viewer = ctx.viewer;
    if (viewer.kind === 'user' && viewer.sessionId) await deleteSession(ctx.prisma, viewer.sessionId);
    ctx.response.setCookie(clearedSessionCookie(ctx.request.secure));
    const attempt = startAttempt('auth.signOut', { target: viewer.kind === 'user' ? viewer.name : null });
    if (viewer.kind === 'user') await recordAudit(ctx, attempt, 'succeeded');
    else await recordAudit(ctx, attempt, 'denied', { code: 'not-signed-in', message: 'nobody was signed in; the cookie was cleared anyway' });
    return { signedOut: viewer.kind === 'user' };
  }),
});
