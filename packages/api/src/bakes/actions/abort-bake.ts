import { formatDuration, shortSha } from '@fleet/core';
import { findJenkinsBuild } from '@fleet/db';
import { z } from 'zod';
import { ActionError, type ActionContext, defineAction } from '../../guard/action-definition.ts';
import { buildStateOf } from '../../jenkins-builds/build-state.ts';
import { jenkinsActionError } from '../../jenkins-builds/actions/trigger.ts';
import { bakeTarget, requestBakeFollow } from './bake-controller.ts';

/** A running bake as a person names it: the job and the build number, e.g. `build-worker-amis#42`. */
export function bakeBuildTarget(job: string, number: number): string {
  return `${job}#${number}`;
}

async function runningBake(ctx: ActionContext, target: string, bakeId: string) {
  const row = await findJenkinsBuild(ctx.prisma, bakeId);
  if (!row || row.kind !== 'bake') throw new ActionError('unknown-bake', `The portal knows no bake ${bakeId}.`);
  if (row.number === null) throw new ActionError('not-started', 'The bake is still in the queue; it can be aborted once Jenkins starts it.');
  if (bakeBuildTarget(row.job, row.number) !== target) throw new ActionError('target-mismatch', `Bake ${bakeId} is ${bakeBuildTarget(row.job, row.number)}, not ${target}.`);
  if (buildStateOf(row) !== 'running') throw new ActionError('not-running', `${target} is not running: it ended ${row.result ?? ''}.`.replace(' .', '.'));
  return { row, number: row.number };
}

/** Stops a running bake (Jenkins's stop): AMIs already made stay, those packer is still making are not made. */
export const abortBakeAction = defineAction({
  name: 'bake.abort',
  targetKind: 'bake-build',
  input: z.strictObject({ bakeId: z.string().min(1).max(200) }),
  minimumRole: 'operator',
  async preview(ctx, { target, input }) {
    const { row } = await runningBake(ctx, target, input.bakeId);
    const commit = (row.parameters as Record<string, string>)[bakeTarget(ctx.config).bake.parameters.commit];
    const ran = row.startedAt ? `, ${formatDuration(ctx.now().getTime() - row.startedAt.getTime())} in` : '';
    return {
      summary: `Abort ${target}${commit ? ` (the bake of ${shortSha(commit)})` : ''}${ran}: packer stops and cleans up; AMIs it already made stay, the others are not made.`,
      fingerprint: `${row.id}|${row.number}`,
      details: { bakeId: row.id, number: row.number, commit: commit ?? null },
    };
  },
  async execute(ctx, { target, input }) {
    const { number } = await runningBake(ctx, target, input.bakeId);
    const { client, bake } = bakeTarget(ctx.config);
    try {
      await client.stopBuild(bake.job, number);
      return { bakeId: input.bakeId, number };
    } catch (error) {
      throw jenkinsActionError(error);
    }
  },
  onCompleted: (ctx) => requestBakeFollow(ctx.prisma, bakeTarget(ctx.config).controller.name),
  async reconcile(ctx, journal) {
    const parsed = z.object({ bakeId: z.string() }).safeParse(journal.parameters);
    if (!parsed.success) return 'unknown';
    const row = await findJenkinsBuild(ctx.prisma, parsed.data.bakeId);
    if (!row || row.number === null) return 'unknown';
    const { client } = bakeTarget(ctx.config);
    const build = await client.build(row.job, row.number);
    if (build.building) return 'failed';
    return build.result === 'ABORTED' ? 'succeeded' : 'failed';
  },
});
