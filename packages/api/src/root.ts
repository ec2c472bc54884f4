import { actionsRouter } from './guard/router.ts';
import { asgsRouter } from './asgs/router.ts';
import { auditRouter } from './audit/router.ts';
import { bakesRouter } from './bakes/router.ts';
import { cloudsRouter } from './clouds/router.ts';
import { buildLogsRouter } from './jenkins-builds/router.ts';
import { authRouter } from './auth/router.ts';
import { fleetRouter } from './fleet/router.ts';
import { housekeepingRouter } from './housekeeping/router.ts';
import { lineageRouter } from './lineage/router.ts';
import { nodesRouter } from './nodes/router.ts';
import { overviewRouter } from './overview/router.ts';
import { sourcesRouter } from './sources/router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  actions: actionsRouter,
  audit: auditRouter,
  auth: authRouter,
  asgs: asgsRouter,
  bakes: bakesRouter,
  buildLogs: buildLogsRouter,
  clouds: cloudsRouter,
  fleet: fleetRouter,
  housekeeping: housekeepingRouter,
  overview: overviewRouter,
  lineage: lineageRouter,
  nodes: nodesRouter,
  sources: sourcesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
