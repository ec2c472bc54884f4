import { describe, expect, it } from 'vitest';
import { parseWith as parse, problemsWith as problems } from './test-config.ts';

describe('access and auth defaults', () => {
  it('keep a config without them valid, signed-in users viewers, acting operator, nobody anonymous', () => {
    const config = parse('');
    expect(config.access).toEqual({ groups: { '*': 'viewer' }, defaultRole: 'operator', reasonMinLength: 10, approvalExpiry: 24 * 3_600_000, policies: [], freezeWindows: [] });
    expect(config.auth).toMatchObject({ mode: 'local', anonymousViewer: false, sessionTtl: 12 * 3_600_000, local: { demo: false, users: [], maxFailedSignIns: 5, failedSignInWindow: 15 * 60_000 } });
  });
});

describe('access', () => {
  it('reads groups, policies with glob targets, four-eyes and cool-downs', () => {
    const config = parse(`
access:
  groups: { sre-admins: admin, sre: operator, "*": viewer }
  policies:
    - { action: asg.refresh.start, target: "ci-int-*-prod*", role: admin, fourEyes: true, coolDown: 30m }
`);
    expect(config.access.groups).toEqual({ 'sre-admins': 'admin', sre: 'operator', '*': 'viewer' });
    expect(config.access.policies).toEqual([{ action: 'asg.refresh.start', target: 'ci-int-*-prod*', role: 'admin', fourEyes: true, coolDown: 1_800_000 }]);
  });

  it('refuses viewer as the role a policy asks for: viewers never act', () => {
    expect(problems('access: { policies: [{ action: "*", role: viewer }] }\n')).toEqual([
      { key: 'access.policies.0.role', message: 'must be operator or admin' },
    ]);
  });

  it('reads weekly windows in a time zone and one-off windows with offsets', () => {
    const config = parse(`
access:
  freezeWindows:
    - { name: weekend, weekly: { days: [sat, sun], from: "00:00", to: "24:00", timezone: Europe/Berlin } }
    - { name: release freeze, once: { from: "2026-12-20T00:00:00Z", to: "2027-01-04T08:00:00+01:00" }, actions: ["asg.*"], targets: ["*prod*"] }
`);
    expect(config.access.freezeWindows[0]).toEqual({
      name: 'weekend',
      weekly: { days: ['sat', 'sun'], from: '00:00', to: '24:00', timezone: 'Europe/Berlin' },
      actions: ['*'],
      targets: ['*'],
    });
    expect(config.access.freezeWindows[1]!.once!.to.toISOString()).toBe('2027-01-04T07:00:00.000Z');
  });

  it('names each mistake in a freeze window', () => {
    const found = problems(`
access:
  freezeWindows:
    - { name: a, weekly: { days: [friday], from: "18:00", to: "19:00", timezone: Mars/Olympus } }
    - { name: d, weekly: { days: [fri], from: "18:00", to: "18:00" } }
    - { name: b }
    - { name: c, once: { from: "2026-12-20", to: "2026-12-21T00:00:00Z" } }
`);
    expect(found.map((p) => p.key)).toEqual(
      expect.arrayContaining([
        'access.freezeWindows.0.weekly.days.0',
        'access.freezeWindows.0.weekly.timezone',
        'access.freezeWindows.1.weekly.to',
        'access.freezeWindows.2',
        'access.freezeWindows.3.once.from',
      ]),
    );
    expect(found).toHaveLength(5);
    expect(found.find((p) => p.key === 'access.freezeWindows.2')!.message).toMatch(/exactly one of `weekly`/);
  });
});

describe('auth', () => {
  it('needs a trusted proxy range or a shared secret in proxy mode', () => {
    expect(problems('auth: { mode: proxy }\n')).toEqual([{ key: 'auth.proxy', message: expect.stringContaining('is required when mode is proxy') }]);
    expect(problems('auth: { mode: proxy, proxy: {} }\n')[0]!.message).toMatch(/trustedProxies or name sharedSecretEnv/);
    const config = parse('auth: { mode: proxy, proxy: { trustedProxies: [10.0.0.0/8, "::1/128"], sharedSecretEnv: FLEET_PROXY_SECRET } }\n');
    expect(config.auth.proxy).toEqual({
      trustedProxies: ['10.0.0.0/8', '::1/128'],
      sharedSecretEnv: 'FLEET_PROXY_SECRET',
      userHeader: 'X-Forwarded-User',
      groupsHeader: 'X-Forwarded-Groups',
      secretHeader: 'X-Fleet-Proxy-Secret',
    });
  });

  it('refuses a proxy address that is not a CIDR range', () => {
    expect(problems('auth: { mode: proxy, proxy: { trustedProxies: [10.0.0.1] } }\n')[0]).toEqual({
      key: 'auth.proxy.trustedProxies.0',
      message: expect.stringContaining('CIDR notation'),
    });
  });

  it('takes the failed sign-in limit with a duration, and refuses a limit of none', () => {
    expect(parse('auth: { local: { maxFailedSignIns: 10, failedSignInWindow: 1h } }\n').auth.local).toMatchObject({ maxFailedSignIns: 10, failedSignInWindow: 3_600_000 });
    expect(problems('auth: { local: { maxFailedSignIns: 0 } }\n')).toEqual([{ key: 'auth.local.maxFailedSignIns', message: expect.stringContaining('at least 1') }]);
  });

  it('allows local users without a password variable only in demo mode', () => {
    expect(problems('auth: { local: { users: [{ name: ada, groups: [sre-admins] }] } }\n')).toEqual([
      { key: 'auth.local.users.0.passwordEnv', message: expect.stringContaining('unless local.demo is true') },
    ]);
    expect(parse('auth: { local: { demo: true, users: [{ name: ada }] } }\n').auth.local.users).toEqual([{ name: 'ada', groups: [] }]);
    expect(parse('auth: { local: { users: [{ name: ada, passwordEnv: ADA_PASSWORD }] } }\n').auth.local.users[0]!.passwordEnv).toBe('ADA_PASSWORD');
  });
});
