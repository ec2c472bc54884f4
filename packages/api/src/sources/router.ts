import { sourceFreshness } from '@fleet/sync';
import { router, viewerProcedure } from '../trpc.ts';

export const sourcesRouter = router({
  /** When each source last synced, and why it fails if it does. */
  list: viewerProcedure.query(({ ctx }) => sourceFreshness(ctx.prisma, ctx.config, ctx.now())),
});
