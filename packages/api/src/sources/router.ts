import { accountCalls, sourceFreshness } from '@fleet/sync';
import { router, viewerProcedure } from '../trpc.ts';

export const sourcesRouter = router({
  /** When each source last synced, why it fails if it does, and the AWS calls of its last run. */
  list: viewerProcedure.query(({ ctx }) => sourceFreshness(ctx.prisma, ctx.config, ctx.now())),
  /** What the portal costs each AWS account: calls a minute at the pace its sources run now, and where AWS made it slow down. */
  awsCalls: viewerProcedure.query(async ({ ctx }) => accountCalls(await sourceFreshness(ctx.prisma, ctx.config, ctx.now()), ctx.config)),
});
