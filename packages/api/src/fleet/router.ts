import { router, viewerProcedure } from '../trpc.ts';

export const fleetRouter = router({
  /** The parts of the config the pages need to draw filters and links. */
  config: viewerProcedure.query(({ ctx }) => ({
    workerTypes: ctx.config.workerTypes.map((w) => ({ key: w.key, baseOs: w.baseOs, role: w.role })),
    baseOses: [...new Set(ctx.config.workerTypes.map((w) => w.baseOs))],
    buildAccount: { id: ctx.config.aws.buildAccount.id, name: ctx.config.aws.buildAccount.name },
    productionAccounts: ctx.config.aws.productionAccounts.map((a) => ({ id: a.id, name: a.name })),
    commitUrlTemplate: ctx.config.infraRepo.commitUrlTemplate,
    hasInfraRepo: Boolean(ctx.config.infraRepo.localClone),
    /** The team's runbook per health reason (`health.runbooks`); a reason left out has none. */
    runbooks: ctx.config.health.runbooks,
  })),
});
