import { commitUrl, newestRowCarrying } from '@fleet/core';
import { listAmis, listGroupsWithLatestRefresh, tagProblemsOf } from '@fleet/db';
import { driftByGroup } from '../asgs/drift.ts';
import { sourceFreshness } from '@fleet/sync';
import { controllersView } from '../clouds/router.ts';
import { loadLineage, newestAmis, sharingOf } from '../lineage/load-lineage.ts';
import { router, viewerProcedure } from '../trpc.ts';

export const overviewRouter = router({
  /** Per worker type: the newest AMI, the commit it carries and how far that is from the head. */
  get: viewerProcedure.query(async ({ ctx }) => {
    const [data, amis, sources, controllers, allGroups] = await Promise.all([
      loadLineage(ctx.prisma, ctx.config),
      listAmis(ctx.prisma),
      sourceFreshness(ctx.prisma, ctx.config, ctx.now()),
      controllersView(ctx),
      listGroupsWithLatestRefresh(ctx.prisma),
    ]);
    const groups = allGroups.filter((g) => g.goneAt === null);
    const live = amis.filter((a) => a.deregisteredAt === null);
    const newestByType = newestAmis(data, live);
    const drift = await driftByGroup(ctx.prisma, ctx.config, groups, { lineage: data, amis, newest: newestByType });
    const head = data.history[0] ?? null;
    const positions = new Map(data.history.map((c) => [c.sha, c.position]));
    const workerTypes = ctx.config.workerTypes.map((type, column) => {
      const newest = newestByType.get(type.key) ?? null;
      const headCell = data.rows[0]?.cells[column];
      const newestRow = newest ? newestRowCarrying(data.rows, column, newest.imageId) : undefined;
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
        /** What the fleet runs of this worker type: each group against the newest AMI, and its instances on older ones. */
        groups: groups
          .filter((g) => g.workerType === type.key)
          .map((g) => ({
            name: g.name,
            upToDate: drift.get(g.name)?.upToDate ?? null,
            commitsBehind: drift.get(g.name)?.commitsBehind ?? null,
            runsCommit: drift.get(g.name)?.runs?.currentCommit ?? null,
            instances: g.instances.length,
            onOlderAmi: newest ? g.instances.filter((i) => i.imageId !== null && i.imageId !== newest.imageId).length : null,
          })),
      };
    });
    const problemAmis = live
      .map((a) => ({ imageId: a.imageId, name: a.name, problems: tagProblemsOf(a) }))
      .filter((a) => a.problems.length > 0);
    const fleetGroups = workerTypes.flatMap((t) => t.groups);
    return {
      /** The fleet's drift: groups whose template is behind their newest AMI, instances not on it. */
      fleetDrift: {
        groups: fleetGroups.length,
        groupsBehind: fleetGroups.filter((g) => g.upToDate === false).length,
        instances: fleetGroups.reduce((n, g) => n + g.instances, 0),
        instancesOnOlderAmis: fleetGroups.reduce((n, g) => n + (g.onOlderAmi ?? 0), 0),
      },
      head: head && { sha: head.sha, subject: head.subject, authoredAt: head.authoredAt, url: commitUrl(ctx.config, head.sha), touchesPacker: head.touchesPacker },
      workerTypes,
      problemAmis,
      sources,
      amiCount: live.length,
      /** Each controller whose clouds the config declares: in sync or how many clouds drifted, and agents no cloud manages. */
      clouds: controllers
        .filter((c) => c.status !== 'not-managed')
        .map((c) => ({ controller: c.controller, status: c.status, drift: c.drift, orphans: c.orphans.length, changedAt: c.read?.changedAt ?? null })),
    };
  }),
});
