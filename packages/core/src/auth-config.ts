import { z } from 'zod';
import { envVarName } from './config-fields.ts';
import { durationSchema } from './duration.ts';

const envName = envVarName('FLEET_PROXY_SECRET');
const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name such as X-Forwarded-User');
const cidr = z.union([z.cidrv4(), z.cidrv6()], {
  error: 'must be an address range in CIDR notation, such as 10.0.0.0/8, 127.0.0.1/32 or ::1/128',
});
const userName = z
  .string()
  .regex(/^[A-Za-z0-9][\w.@+-]{0,99}$/, 'must be a user name of letters, digits and . _ @ + - (up to 100 characters)');

const proxyAuth = z
  .strictObject({
    /** Addresses of the auth proxy; identity headers from anywhere else are ignored. */
    trustedProxies: z.array(cidr).default([]),
    /** The environment variable holding the secret the proxy sends in `secretHeader`. */
    sharedSecretEnv: envName.optional(),
    userHeader: headerName.default('X-Forwarded-User'),
    /** Comma-separated group names. */
    groupsHeader: headerName.default('X-Forwarded-Groups'),
    secretHeader: headerName.default('X-Fleet-Proxy-Secret'),
  })
  .refine((proxy) => proxy.trustedProxies.length > 0 || proxy.sharedSecretEnv !== undefined, {
    message: 'must list trustedProxies or name sharedSecretEnv: otherwise anyone could send the identity headers',
  });

const localUser = z.strictObject({
  name: userName,
  groups: z.array(z.string().min(1)).default([]),
  /** The environment variable holding this user's password. */
  passwordEnv: envName.optional(),
});

const localAuth = z.strictObject({
  /** Lets users without `passwordEnv` sign in with the fixed demo password. Never in production. */
  demo: z.boolean().default(false),
  users: z.array(localUser).default([]),
  /** Failed sign-ins of one user name within `failedSignInWindow` after which its sign-in is refused until the oldest ages out. */
  maxFailedSignIns: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(5),
  failedSignInWindow: durationSchema.default(15 * 60_000),
});

export const authConfigSchema = z
  .strictObject({
    /** `proxy`: an auth proxy in front says who the user is; `local`: the portal's own sign-in. */
    mode: z.enum(['local', 'proxy'], { error: 'must be local or proxy' }).default('local'),
    /** Lets anyone who is not signed in read as a viewer (the embedded demo); acting always needs sign-in. */
    anonymousViewer: z.boolean().default(false),
    /**
     * Lets anonymous viewers read the audit trail too: who did what, failed sign-in names and
     * addresses included. Off unless asked for, also where anonymousViewer is on.
     */
    anonymousAudit: z.boolean().default(false),
    /** How long a local sign-in lasts. */
    sessionTtl: durationSchema.default(12 * 3_600_000),
    proxy: proxyAuth.optional(),
    local: localAuth.prefault({}),
  })
  .superRefine((auth, ctx) => {
    if (auth.mode === 'proxy' && !auth.proxy) {
      ctx.addIssue({ code: 'custom', path: ['proxy'], message: 'is required when mode is proxy (trustedProxies and/or sharedSecretEnv)' });
    }
    const seen = new Set<string>();
    auth.local.users.forEach((user, index) => {
      if (seen.has(user.name)) ctx.addIssue({ code: 'custom', path: ['local', 'users', index, 'name'], message: `duplicate user "${user.name}"` });
      seen.add(user.name);
      if (!user.passwordEnv && !auth.local.demo) {
        ctx.addIssue({
          code: 'custom',
          path: ['local', 'users', index, 'passwordEnv'],
          message: 'is required unless local.demo is true (the fixed demo password is for the embedded demo only)',
        });
      }
    });
  });

export type LocalUserConfig = z.output<typeof localUser>;
export type ProxyAuthConfig = z.output<typeof proxyAuth>;
