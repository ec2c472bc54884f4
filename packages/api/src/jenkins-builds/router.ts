import { findJenkinsBuild, readBuildLogLines, searchBuildLog } from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { type ApiContext, router, viewerProcedure } from '../trpc.ts';

/** How many lines a page of the log viewer asks for at most. */
const MAX_LOG_WINDOW = 5_000;
const buildId = z.string().min(1).max(200);

async function storedBuild(ctx: ApiContext, id: string) {
  const row = await findJenkinsBuild(ctx.prisma, id);
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `The portal knows no build ${id}.` });
  return row;
}

/**
 * The consoles of the builds the portal follows (bakes, housekeeping runs), as stored line by line:
 * a page reads a window of an hour-long log, never the whole of it.
 */
export const buildLogsRouter = router({
  /** Lines `from` to `from + count` (0-based), with how many there are so far and whether that is all. */
  read: viewerProcedure
    .input(z.strictObject({ id: buildId, from: z.number().int().min(0), count: z.number().int().min(1).max(MAX_LOG_WINDOW, `at most ${MAX_LOG_WINDOW} lines a request`) }))
    .query(async ({ ctx, input }) => {
      const row = await storedBuild(ctx, input.id);
      return { from: input.from, lines: await readBuildLogLines(ctx.prisma, input.id, input.from, input.count), total: row.logLines, complete: row.logComplete };
    }),

  /** The lines that contain the text (case-insensitive), first to last, at most `limit`. */
  search: viewerProcedure
    .input(z.strictObject({ id: buildId, query: z.string().trim().min(1, 'type something to search for').max(200), limit: z.number().int().min(1).max(1000).default(200) }))
    .query(async ({ ctx, input }) => {
      await storedBuild(ctx, input.id);
      return searchBuildLog(ctx.prisma, input.id, input.query, input.limit);
    }),
});
