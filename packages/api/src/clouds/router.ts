import { listCloudStates, listJournalEntries } from '@fleet/db';
import { CLOUDS_KIND, sourceFreshness } from '@fleet/sync';
import { type ApiContext, guardedAction, router, viewerProcedure } from '../trpc.ts';
import { resyncCloudsAction } from './actions/resync-clouds.ts';
import { type CloudRow, type CloudsStatus, cloudRows, driftOf, storedCloudState } from './cloud-view.ts';

/** Every controller of the config with its clouds: declared against the last read, stats, orphans, the last resync. */
export async function controllersView(ctx: ApiContext) {
  const controllers = ctx.config.jenkins?.controllers ?? [];
  const states = new Map((await listCloudStates(ctx.prisma)).map((row) => [row.controller, row]));
  const sources = new Map((await sourceFreshness(ctx.prisma, ctx.config, ctx.now())).filter((s) => s.kind === CLOUDS_KIND).map((s) => [s.key, s]));
  return Promise.all(
    controllers.map(async (controller) => {
      const row = states.get(controller.name);
      const stored = row ? storedCloudState(row) : null;
      const state = stored instanceof Error ? null : stored;
      const compared = controller.clouds && state ? cloudRows(controller.clouds, state) : null;
      const drift = compared ? driftOf(compared.diffs).length : 0;
      const status: CloudsStatus = !controller.clouds ? 'not-managed' : stored instanceof Error ? 'unreadable' : !state ? 'not-read' : drift > 0 ? 'drifted' : 'in-sync';
      const source = sources.get(`${CLOUDS_KIND}:${controller.name}`) ?? null;
      const lastResync = (await listJournalEntries(ctx.prisma, { action: resyncCloudsAction.name, target: controller.name, limit: 1 })).items[0] ?? null;
      return {
        controller: controller.name,
        url: controller.url,
        status,
        /** How many clouds need a resync: added, removed or changed. */
        drift,
        declaredCount: controller.clouds?.length ?? 0,
        problem: stored instanceof Error ? stored.message : null,
        read: state
          ? { method: state.method, pluginVersion: state.pluginVersion, cascVersion: state.cascVersion, readAt: state.readAt, changedAt: state.changedAt }
          : null,
        rows: compared?.rows ?? ([] as CloudRow[]),
        orphans: state?.orphans ?? [],
        source: source && {
          state: source.state,
          ageMs: source.ageMs,
          lastSuccessAt: source.lastSuccessAt,
          lastError: source.lastError,
          intervalMs: source.intervalMs,
        },
        lastResync: lastResync && {
          id: lastResync.id,
          state: lastResync.state,
          requestedBy: lastResync.requestedBy,
          createdAt: lastResync.createdAt,
          finishedAt: lastResync.finishedAt,
          dryRun: (lastResync.parameters as { dryRun?: boolean } | null)?.dryRun ?? true,
          errorMessage: lastResync.errorMessage,
          result: lastResync.result,
        },
      };
    }),
  );
}

export const cloudsRouter = router({
  /** Resync a controller's EC2 Fleet clouds with the config (a dry run unless `dryRun: false`), through the guard. */
  resync: guardedAction(resyncCloudsAction),

  /** Every controller: in sync, drifted field by field, not read yet, or not managed by the portal. */
  list: viewerProcedure.query(({ ctx }) => controllersView(ctx)),

});
