import { initTRPC } from '@trpc/server';
import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import superjson from 'superjson';

export interface ApiContext {
  prisma: PrismaClient;
  config: FleetConfig;
  now: () => Date;
}

const t = initTRPC.context<ApiContext>().create({ transformer: superjson });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Reading the fleet: open to every viewer. Mutations start from guarded procedures only. */
export const viewerProcedure = t.procedure;
