import { commitUrl } from '@fleet/core';
import { listAmis, tagProblemsOf } from '@fleet/db';
import { sourceFreshness } from '@fleet/sync';
import { controllersView } from '../clouds/router.ts';
import { loadLineage, sharingOf } from '../lineage/load-lineage.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const overviewRouter = router({
  /** Per worker type: the newest AMI, the commit it carries and how far that is from the head. */
  get: viewerProcedure.query(async ({ ctx }) => {
    const [data, amis, sources, controllers] = await Promise.all([
      loadLineage(ctx.prisma, ctx.config),
      listAmis(ctx.prisma),
      sourceFreshness(ctx.prisma, ctx.config, ctx.now()),
      controllersView(ctx),
    ]);
    const head = data.history[0] ?? null;
    const positions = new Map(data.history.map((c) => [c.sha, c.position]));
    const workerTypes = ctx.config.workerTypes.map((type, column) => {
      const newest = amis.find((a) => a.workerType === type.key && a.deregisteredAt === null) ?? null;
      const headCell = data.rows[0]?.cells[column];
      const newestRow = newest ? data.rows.find((r) => r.cells[column]?.kind !== 'missing' && (r.cells[column] as { imageId: string }).imageId === newest.imageId) : undefined;
      const behind = newestRow && positions.has(newestRow.sha) ? positions.get(newestRow.sha)! : null;
      return {
        key: type.key,
        baseOs: type.baseOs,
        role: type.role,
        newestAmi: newest && {
          imageId: newest.imageId,
          name: newest.name,
          creationDate: newest.creationDate,
          currentCommit: newest.currentCommit,
          builtCommit: newest.builtCommit,
          currentCommitUrl: newest.currentCommit ? commitUrl(ctx.config, newest.currentCommit) : null,
          sharing: sharingOf(ctx.config, newest.sharedWith, newest.sharedCheckedAt),
        },
        headCell: headCell ?? null,
        commitsBehindHead: behind,
      };
    });
    const problemAmis = amis
      .filter((a) => a.deregisteredAt === null)
      .map((a) => ({ imageId: a.imageId, name: a.name, problems: tagProblemsOf(a) }))
      .filter((a) => a.problems.length > 0);
    return {
      head: head && { sha: head.sha, subject: head.subject, authoredAt: head.authoredAt, url: commitUrl(ctx.config, head.sha), touchesPacker: head.touchesPacker },
      workerTypes,
      problemAmis,
      sources,
      amiCount: amis.filter((a) => a.deregisteredAt === null).length,
      /** Each controller whose clouds the config declares: in sync or how many clouds drifted, and agents no cloud manages. */
      clouds: controllers
        .filter((c) => c.status !== 'not-managed')
        .map((c) => ({ controller: c.controller, status: c.status, drift: c.drift, orphans: c.orphans.length, changedAt: c.read?.changedAt ?? null })),
    };
  }),
});
