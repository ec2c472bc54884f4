import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { autoScalingClientFor, ec2ClientFor } from '@fleet/aws';
import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import type { TestDatabase, TestDatabaseTarget } from '@fleet/db/testing';
import { type Simulator, type SimulatorOptions, startSimulator } from '@fleet/sim';
import { imagesJob, infraRepoJob, launchPermissionsJob, syncAutoScalingGroups, SyncScheduler } from '@fleet/sync';
import { simulatedImageClients } from '@fleet/sync/testing';
import { createContext } from '../context.ts';
import { createCaller } from '../root.ts';
import { newKey, testConfig } from './harness.ts';

/** A caller signed in through auth.signIn, with the portal's own actions. */
export async function signedInAs(prisma: PrismaClient, config: FleetConfig, user: string, now?: () => Date) {
  const call = (headers: Record<string, string>, resHeaders = new Headers()) =>
    createCaller(() => createContext({ req: new Request('http://portal.test/api/trpc', { headers }), config, prisma, resHeaders, ...(now ? { now } : {}) }));
  const resHeaders = new Headers();
  await call({}, resHeaders).auth.signIn({ user, password: 'demo' });
  return call({ cookie: (resHeaders.get('set-cookie') ?? '').split(';')[0]! });
}

export type PortalCaller = Awaited<ReturnType<typeof signedInAs>>;

/**
 * The refresh actions' world for a test file: a migrated database, the simulator as every
 * account's AWS (through the SDK's own endpoint settings, as in production), its groups synced,
 * and oscar (an operator) signed in. Call `close()` in afterAll.
 */
export interface RefreshWorld {
  db: TestDatabase;
  sim: Simulator;
  config: FleetConfig;
  oscar: PortalCaller;
  /** Reads the groups (or only these) into the database again, as the sync loop would. */
  resync(only?: string[]): Promise<unknown>;
  /** Reads the AMIs, their sharing and the infra repo's history into the database, as the sync loops would. */
  syncLineage(): Promise<void>;
  /** A confirmed request for an action on a group, with the preview's fingerprint and a fresh key. */
  request<I extends object>(group: string, action: string, input: I): Promise<{ target: string; input: I; previewFingerprint: string; confirmation: string; reason: string; idempotencyKey: string }>;
  close(): Promise<void>;
}

export async function openRefreshWorld(target: TestDatabaseTarget, simulator: Partial<SimulatorOptions> = {}, access: Partial<FleetConfig['access']> = {}): Promise<RefreshWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-actions-'));
  const saved = { ...process.env };
  const db = await target.open();
  const config = testConfig(access);
  const sim = await startSimulator({ config, dataDir, port: 0, ...simulator });
  config.infraRepo.localClone = sim.infraRepoPath;
  const build = sim.credentialsFor(config.aws.buildAccount.id);
  Object.assign(process.env, { AWS_ENDPOINT_URL: sim.url, AWS_ACCESS_KEY_ID: build.accessKeyId, AWS_SECRET_ACCESS_KEY: build.secretAccessKey, AWS_REGION: 'us-east-1' });
  const prod = config.aws.productionAccounts[0]!;
  const resync = (only?: string[]) =>
    syncAutoScalingGroups({
      prisma: db.prisma,
      config,
      now: () => new Date(),
      account: prod,
      region: 'us-east-1',
      clients: { autoScaling: autoScalingClientFor(prod, 'us-east-1'), ec2: ec2ClientFor(prod, 'us-east-1') },
      ...(only ? { only } : {}),
    });
  await resync();
  const oscar = await signedInAs(db.prisma, config, 'oscar');
  return {
    db,
    sim,
    config,
    oscar,
    resync,
    async syncLineage() {
      const build = config.aws.buildAccount;
      const clients = simulatedImageClients(sim, config);
      // An interval of 1 ms: the launch-permission check never finds its last pass recent enough to skip.
      const jobs = [imagesJob(build, 'us-east-1', 1, clients), launchPermissionsJob(build, 'us-east-1', 1, clients), infraRepoJob(sim.infraRepoPath, 1)];
      const scheduler = new SyncScheduler({ prisma: db.prisma, config, now: () => new Date() }, jobs);
      // In order: the sharing check reads the AMIs the image sync wrote.
      for (const job of jobs) {
        const outcome = await scheduler.runNow(job.key);
        if (!outcome?.ok) throw new Error(`${job.key} failed: ${outcome?.errorMessage ?? 'did not run'}`);
      }
    },
    async request(group, action, input) {
      const { preview } = await oscar.actions.preview({ action, target: group, input });
      return { target: group, input, previewFingerprint: preview.fingerprint, confirmation: group, reason: 'roll out the newest AMI', idempotencyKey: newKey() };
    },
    async close() {
      process.env = saved;
      await sim.close();
      await db.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
