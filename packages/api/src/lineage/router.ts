import { builtAtOf, commitsGroupsRun, commitUrl, filterLineage, lastSeenOf } from '@fleet/core';
import { findAmi, groupsUsingImage, lastSuccessOf, listAmis, listGroupAmis, tagProblemsOf } from '@fleet/db';
import { IMAGES_KIND, LAUNCH_PERMISSIONS_KIND } from '@fleet/sync';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { recentBakeOfAmi } from '../bakes/recent-bakes.ts';
import { loadLineage, sharingOf } from './load-lineage.ts';
import { router, viewerProcedure } from '../trpc.ts';

const gridInput = z.object({
  workerTypes: z.array(z.string().max(64)).max(100).default([]),
  baseOs: z.array(z.string().max(64)).max(100).default([]),
  search: z.string().trim().toLowerCase().max(64).default(''),
  page: z.number().int().min(1).default(1),
  perPage: z.number().int().min(5).max(500).default(50),
});

export const lineageRouter = router({
  /** Commits (newest first) × worker types, filtered and paged. */
  grid: viewerProcedure.input(gridInput).query(async ({ ctx, input }) => {
    const data = await loadLineage(ctx.prisma, ctx.config);
    const view = filterLineage(data.columns, data.rows, input);
    const start = (input.page - 1) * input.perPage;
    const rows = view.rows.slice(start, start + input.perPage);
    const [amiRows, bakedBy, groups] = await Promise.all([listAmis(ctx.prisma), recentBakeOfAmi(ctx.prisma, ctx.now()), listGroupAmis(ctx.prisma)]);
    const marks = commitsGroupsRun(data.rows, data.columns.map((c) => c.key), groups);
    const onPage = new Set(rows.flatMap((r) => r.cells.flatMap((c) => (c.kind === 'missing' ? [] : [c.imageId, ...c.conflicts]))));
    const amis = Object.fromEntries(
      amiRows
        .filter((a) => onPage.has(a.imageId))
        .map((a) => [
          a.imageId,
          {
            imageId: a.imageId,
            name: a.name,
            deregistered: a.deregisteredAt !== null,
            sharing: sharingOf(ctx.config, a.sharedWith, a.sharedCheckedAt),
            /** The bake that made or re-tagged it lately: the lineage marks it new. */
            bake: bakedBy.get(a.imageId) ?? null,
          },
        ]),
    );
    return {
      columns: view.columns,
      rows: rows.map((r) => ({ ...r, url: commitUrl(ctx.config, r.sha) })),
      total: view.rows.length,
      page: input.page,
      perPage: input.perPage,
      amis,
      hasHistory: data.history.length > 0,
      head: data.history[0]?.sha ?? null,
      allColumns: data.columns,
      /** Per commit on the page and worker type, the groups whose launch template runs the AMI at that commit. */
      groupMarks: Object.fromEntries(rows.flatMap((r) => (marks[r.sha] ? [[r.sha, marks[r.sha]!]] : []))),
    };
  }),

  /** One AMI: what AWS says of it, every commit it carried, sharing, and what is off with its tags. */
  ami: viewerProcedure.input(z.object({ imageId: z.string().regex(/^ami-[0-9a-f]{8,17}$/, 'not an AMI id') })).query(async ({ ctx, input }) => {
    const row = await findAmi(ctx.prisma, input.imageId);
    if (!row) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `The portal has never seen ${input.imageId} in the build account.` });
    }
    const data = await loadLineage(ctx.prisma, ctx.config);
    const lineageAmi = data.amis.find((a) => a.imageId === row.imageId)!;
    const builtAt = builtAtOf(lineageAmi, data.history);
    const subjects = new Map(data.history.map((c) => [c.sha, c.subject]));
    const carried = data.rows.flatMap((r) => {
      const cell = r.cells.find((c) => c.kind !== 'missing' && (c.imageId === row.imageId || c.conflicts.includes(row.imageId)));
      if (!cell || cell.kind === 'missing') return [];
      return [{ sha: r.sha, subject: r.subject, url: commitUrl(ctx.config, r.sha), kind: cell.kind, evidence: cell.kind === 'carried' ? cell.evidence : 'observed' }];
    });
    const tags = (row.tags ?? {}) as Record<string, string>;
    const asgs = await groupsUsingImage(ctx.prisma, row.imageId);
    const source = { accountId: row.accountId, region: row.region };
    const live = row.deregisteredAt === null;
    const listedAt = await lastSuccessOf(ctx.prisma, { kind: IMAGES_KIND, ...source });
    const sharingCheckedAt = await lastSuccessOf(ctx.prisma, { kind: LAUNCH_PERMISSIONS_KIND, ...source });
    return {
      imageId: row.imageId,
      name: row.name,
      description: row.description,
      state: row.state,
      accountId: row.accountId,
      region: row.region,
      creationDate: row.creationDate,
      workerType: row.workerType,
      baseOs: row.baseOs,
      role: row.role,
      buildId: row.buildId,
      currentCommit: row.currentCommit,
      builtAt: builtAt && { ...builtAt, url: commitUrl(ctx.config, builtAt.sha) },
      tags: Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value })),
      problems: tagProblemsOf(row),
      observations: row.commits.map((c) => ({
        sha: c.commitSha,
        subject: subjects.get(c.commitSha) ?? null,
        url: commitUrl(ctx.config, c.commitSha),
        firstSeenAt: c.firstSeenAt,
        lastSeenAt: c.commitSha === row.currentCommit ? lastSeenOf(c.lastSeenAt, live, listedAt) : c.lastSeenAt,
      })),
      carried,
      sharing: sharingOf(ctx.config, row.sharedWith, row.sharedCheckedAt),
      asgs,
      sharedCheckedAt: row.sharedCheckedAt && lastSeenOf(row.sharedCheckedAt, live, sharingCheckedAt),
      firstSeenAt: row.firstSeenAt,
      lastSeenAt: lastSeenOf(row.lastSeenAt, live, listedAt),
      deregisteredAt: row.deregisteredAt,
    };
  }),
});
