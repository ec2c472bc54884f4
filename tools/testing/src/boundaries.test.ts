import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The arrows of DESIGN.md are lint rules; a rule that a later config block overrides protects
// nothing, so each arrow is proved here by linting a file that breaks it, where it would live.
const root = path.resolve(import.meta.dirname, '../../..');

interface Case {
  name: string;
  file: string;
  code: string;
}

const forbidden: Case[] = [
  { name: 'core imports the database package', file: 'packages/core/src/boundary-probe.ts', code: "import { migrate } from '@fleet/db';\nexport const probe = migrate;\n" },
  { name: 'core imports a Node module', file: 'packages/core/src/boundary-probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n" },
  { name: 'a core test imports the database package', file: 'packages/core/src/boundary-probe.test.ts', code: "import { migrate } from '@fleet/db';\nexport const probe = migrate;\n" },
  { name: 'core imports a Node module without the node: prefix', file: 'packages/core/src/boundary-probe.ts', code: "import { readFileSync } from 'fs';\nexport const probe = readFileSync;\n" },
  { name: 'an adapter imports the API', file: 'packages/jenkins/src/boundary-probe.ts', code: "import { appRouter } from '@fleet/api';\nexport const probe = appRouter;\n" },
  { name: 'an adapter imports another adapter', file: 'packages/aws/src/boundary-probe.ts', code: "import { createJenkinsClient } from '@fleet/jenkins';\nexport const probe = createJenkinsClient;\n" },
  { name: 'sync imports the API', file: 'packages/sync/src/boundary-probe.ts', code: "import { appRouter } from '@fleet/api';\nexport const probe = appRouter;\n" },
  { name: 'production code imports the simulator', file: 'packages/api/src/boundary-probe.ts', code: "import { startSimulator } from '@fleet/sim';\nexport const probe = startSimulator;\n" },
  { name: 'the worker imports the simulator', file: 'apps/worker/src/boundary-probe.ts', code: "import { startSimulator } from '@fleet/sim';\nexport const probe = startSimulator;\n" },
  { name: 'a router calls AWS', file: 'packages/api/src/nodes/boundary-probe.ts', code: "import { describeGroups } from '@fleet/aws';\nexport const probe = describeGroups;\n" },
  { name: 'a router queries Prisma directly', file: 'packages/api/src/nodes/boundary-probe.ts', code: 'export const probe = (ctx: { prisma: { node: { findMany(): unknown } } }) => ctx.prisma.node.findMany();\n' },
  { name: 'the worker queries Prisma directly', file: 'apps/worker/src/boundary-probe.ts', code: 'export const probe = (prisma: { asg: { count(): unknown } }) => prisma.asg.count();\n' },
];

const portalForbidden: Case[] = [
  { name: 'the portal imports AWS', file: 'src/boundary-probe.tsx', code: "import { describeGroups } from '@fleet/aws';\nexport const probe = describeGroups;\n" },
  { name: 'the portal imports the sync loops', file: 'src/boundary-probe.tsx', code: "import { syncJobsFor } from '@fleet/sync';\nexport const probe = syncJobsFor;\n" },
  { name: 'a portal page opens the database', file: 'src/nodes/boundary-probe.tsx', code: "import { getDatabase } from '@fleet/db';\nexport const probe = getDatabase;\n" },
  { name: 'the portal imports the simulator', file: 'app/boundary-probe.tsx', code: "import { startSimulator } from '@fleet/sim';\nexport const probe = startSimulator;\n" },
];

// The same rules let through what the design allows, so a ban that catches everything fails here.
const allowed: Case[] = [
  { name: 'core imports zod', file: 'packages/core/src/boundary-probe.ts', code: "import { z } from 'zod';\nexport const probe = z.string();\n" },
  { name: 'a core test runs a real tool', file: 'packages/core/src/housekeeping/boundary-probe.test.ts', code: "import { spawnSync } from 'node:child_process';\nexport const probe = spawnSync;\n" },
  { name: 'core’s Node entry reads a file', file: 'packages/core/node/boundary-probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n" },
  { name: 'an adapter imports core', file: 'packages/jenkins/src/boundary-probe.ts', code: "import { parseDuration } from '@fleet/core';\nexport const probe = parseDuration;\n" },
  { name: 'an adapter’s test drives the simulator', file: 'packages/jenkins/src/boundary-probe.test.ts', code: "import { startSimulator } from '@fleet/sim';\nexport const probe = startSimulator;\n" },
  { name: 'an action calls AWS', file: 'packages/api/src/asgs/actions/boundary-probe.ts', code: "import { describeGroups } from '@fleet/aws';\nexport const probe = describeGroups;\n" },
  { name: 'a router starts a transaction', file: 'packages/api/src/nodes/boundary-probe.ts', code: 'export const probe = (ctx: { prisma: { $transaction(): unknown } }) => ctx.prisma.$transaction();\n' },
  { name: 'sync calls Jenkins', file: 'packages/sync/src/boundary-probe.ts', code: "import { createJenkinsClient } from '@fleet/jenkins';\nexport const probe = createJenkinsClient;\n" },
];

const portalAllowed: Case[] = [
  { name: 'the portal imports the API’s types', file: 'src/boundary-probe.tsx', code: "import type { AppRouter } from '@fleet/api';\nexport type Probe = AppRouter;\n" },
  { name: 'the portal’s server opens the database', file: 'src/server/boundary-probe.ts', code: "import { getDatabase } from '@fleet/db';\nexport const probe = getDatabase;\n" },
];

const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

async function boundaryMessages(eslint: ESLint, cwd: string, c: Case): Promise<string[]> {
  const [result] = await eslint.lintText(c.code, { filePath: path.join(cwd, c.file) });
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

describe('the lint enforces the architecture’s arrows', () => {
  let workspace: ESLint;
  let portal: ESLint;
  const portalRoot = path.join(root, 'apps/portal');

  beforeAll(() => {
    workspace = new ESLint({ cwd: root });
    portal = new ESLint({ cwd: portalRoot });
  });

  it.each(forbidden)('refuses: $name', async (c) => {
    expect(await boundaryMessages(workspace, root, c)).not.toEqual([]);
  });

  it.each(portalForbidden)('refuses: $name', async (c) => {
    expect(await boundaryMessages(portal, portalRoot, c)).not.toEqual([]);
  });

  it.each(allowed)('lets through: $name', async (c) => {
    expect(await boundaryMessages(workspace, root, c)).toEqual([]);
  });

  it.each(portalAllowed)('lets through: $name', async (c) => {
    expect(await boundaryMessages(portal, portalRoot, c)).toEqual([]);
  });
});
