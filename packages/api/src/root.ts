import { actionsRouter } from './routers/actions.ts';
import { asgsRouter } from './routers/asgs.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { fleetRouter } from './routers/fleet.ts';
import { lineageRouter } from './routers/lineage.ts';
import { nodesRouter } from './routers/nodes.ts';
import { overviewRouter } from './routers/overview.ts';
import { sourcesRouter } from './routers/sources.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  actions: actionsRouter,
  audit: auditRouter,
  auth: authRouter,
  asgs: asgsRouter,
  fleet: fleetRouter,
  overview: overviewRouter,
  lineage: lineageRouter,
  nodes: nodesRouter,
  sources: sourcesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
