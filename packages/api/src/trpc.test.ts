import { parseFleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { describe, expect, it } from 'vitest';
import { type ApiContext, anonymousViewer, responseCookies, userViewer } from './context.ts';
import { ActionRegistry } from './guard/action-definition.ts';
import { adminProcedure, createCallerFactory, operatorProcedure, router } from './trpc.ts';

const parsed = parseFleetConfig(`
infraRepo: { commitUrlTemplate: "https://git.example.com/{sha}" }
aws:
  buildAccount: { id: "111111111111", name: ci, regions: [us-east-1] }
  productionAccounts: [{ id: "222222222222", name: prod, regions: [us-east-1] }]
workerTypes: [{ key: rhel8-builder, baseOs: rhel8, role: builder }]
access: { groups: { sre: operator, sre-admins: admin, "*": viewer } }
`);
if (!parsed.ok) throw new Error('the test config must be valid');
const config = parsed.config;

const probe = router({
  forOperators: operatorProcedure.query(() => 'operator data'),
  forAdmins: adminProcedure.query(() => 'admin data'),
});
const createProbe = createCallerFactory(probe);

function as(viewer: ApiContext['viewer']) {
  // Role-gated reads touch nothing but the viewer; no database is needed to refuse or allow them.
  const ctx: ApiContext = { prisma: {} as PrismaClient, config, now: () => new Date(), viewer, request: { sourceAddress: null, secure: false }, response: responseCookies(), actions: new ActionRegistry() };
  return createProbe(ctx);
}

describe('role-gated procedures', () => {
  it('let the role and those above it in', async () => {
    await expect(as(userViewer(config, 'oscar', ['sre'], 'proxy')).forOperators()).resolves.toBe('operator data');
    await expect(as(userViewer(config, 'ada', ['sre-admins'], 'proxy')).forOperators()).resolves.toBe('operator data');
  });

  it('tell a viewer and an operator which role is needed and which groups have it, and an anonymous caller to sign in', async () => {
    await expect(as(userViewer(config, 'alice', [], 'proxy')).forOperators()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'operator role needed (you are a viewer); ask a member of groups sre, sre-admins',
    });
    await expect(as(userViewer(config, 'oscar', ['sre'], 'proxy')).forAdmins()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'admin role needed (you are an operator); ask a member of group sre-admins',
    });
    await expect(as(anonymousViewer(config)).forOperators()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'sign in as an operator' });
  });
});
