import { createHash } from 'node:crypto';
import { diffClouds, type Ec2FleetCloudSpec, type JsonValue, normalizeCloud } from '@fleet/core';
import { findCloudState, type PrismaClient, recordCloudState, requestSync } from '@fleet/db';
import { type JenkinsClient, renderCascClouds, renderCloudSyncScript, parseCloudSyncOutput } from '@fleet/jenkins';
import { CLOUDS_KIND, type ControllerClouds, jenkinsClientFor, readControllerClouds, requireClient } from '@fleet/sync';
import { z } from 'zod';
import { ActionError, type ActionContext, defineAction } from '../../guard/action-definition.ts';
import { jenkinsActionError } from '../../jenkins-builds/actions/trigger.ts';
import { declaredCloudsOf, describeDrift, driftOf, storedCloudState } from '../cloud-view.ts';

export const resyncCloudsInput = z.strictObject({
  /** Check the declared clouds with the controller and change nothing: what the dialog sends unless the person unticks it. */
  dryRun: z.boolean().default(true),
});

/** How much of a rendered YAML or script the result keeps for the person reviewing it. */
const KEPT_TEXT = 64 * 1024;

function target(ctx: ActionContext, controller: string) {
  const found = declaredCloudsOf(ctx.config, controller);
  if (!found) {
    const known = ctx.config.jenkins?.controllers.some((c) => c.name === controller);
    throw new ActionError(
      known ? 'clouds-not-managed' : 'unknown-controller',
      known ? `The config declares no clouds for ${controller} (jenkins.controllers[].clouds), so the portal leaves its clouds alone.` : `No Jenkins controller ${controller} in jenkins.controllers.`,
    );
  }
  const client = jenkinsClientFor(found.controller, process.env);
  if (client instanceof Error) throw new ActionError('jenkins-config', client.message);
  return { ...found, client: requireClient(client) };
}

/** The EC2 Fleet clouds as one text, so two reads compare equal exactly when their clouds do. */
function cloudsKey(clouds: readonly Ec2FleetCloudSpec[]): string {
  return JSON.stringify(clouds.map(normalizeCloud));
}

async function storedState(prisma: PrismaClient, controller: string) {
  const row = await findCloudState(prisma, controller);
  if (!row) throw new ActionError('clouds-not-read', `The portal has not read ${controller}'s clouds yet; the clouds sync reads them within a minute of the worker starting.`);
  const state = storedCloudState(row);
  if (state instanceof Error) throw new ActionError('clouds-unreadable', state.message);
  return state;
}

async function recordRead(ctx: ActionContext, controller: string, read: ControllerClouds): Promise<void> {
  await recordCloudState(ctx.prisma, { controller, ...read, at: ctx.now() });
}

async function readLive(client: JenkinsClient): Promise<ControllerClouds> {
  try {
    return await readControllerClouds(client);
  } catch (error) {
    throw jenkinsActionError(error);
  }
}

/** A cloud as the audit keeps it: every field with the plugin's defaults filled in. */
function recorded(cloud: Ec2FleetCloudSpec): JsonValue {
  const { otherFields, ...fields } = normalizeCloud(cloud);
  return JSON.parse(JSON.stringify({ ...fields, ...otherFields })) as JsonValue;
}

/** What the journal and the audit keep of a resync: the clouds before and after, and the agents left without a cloud. */
export interface ResyncResult {
  [key: string]: JsonValue;
  dryRun: boolean;
  method: 'casc' | 'script-console';
  pluginVersion: string | null;
  /** The drift the resync set right, one line a cloud. */
  changes: string[];
  checkIssues: { line: number | null; message: string }[];
  /** The YAML or Groovy sent (cut at 64 KiB). */
  written: string;
  before: JsonValue[] | null;
  after: JsonValue[] | null;
  orphans: { agent: string; instanceId: string | null; cloud: string | null }[] | null;
}

interface Written {
  /** What was sent: the YAML for Configuration as Code, the Groovy for the Script Console (cut at 64 KiB). */
  text: string;
  /** Configuration as Code's check: the warnings it gave a configuration it accepted. */
  checkIssues: { line: number | null; message: string }[];
}

/** The controller's own check of the declared clouds, then (unless a dry run) the write. */
async function write(client: JenkinsClient, controller: string, declared: readonly Ec2FleetCloudSpec[], live: ControllerClouds, dryRun: boolean): Promise<Written> {
  if (live.method === 'casc') {
    const yaml = renderCascClouds({ declared, otherClouds: live.opaqueClouds });
    const check = await client.casc.check(yaml).catch((error: unknown) => {
      throw jenkinsActionError(error);
    });
    if (!check.valid) {
      const issues = check.issues.map((i) => `${i.line === null ? '' : `line ${i.line}: `}${i.message}`).join('; ');
      throw new ActionError('check-refused', `${controller}'s Configuration as Code check refused the declared clouds, so nothing was applied: ${issues || 'it gave no reason'}.`);
    }
    if (!dryRun) {
      // Apply's answer may be lost after Jenkins applied it: the outcome is then unknown and read back.
      await client.casc.apply(yaml).catch((error: unknown) => {
        throw new ActionError('apply-unanswered', `${controller} did not answer the Configuration as Code apply as expected (${(error as Error).message}); the clouds are read back to tell.`, 'unknown', { cause: error });
      });
    }
    return { text: yaml.slice(0, KEPT_TEXT), checkIssues: check.issues };
  }
  if (!live.pluginVersion) throw new ActionError('plugin-version-unknown', `${controller} does not say which ec2-fleet plugin it has, so no Script Console sync can be written for its constructor.`);
  const rendered = renderCloudSyncScript(declared, { pluginVersion: live.pluginVersion });
  if (!rendered.ok) throw new ActionError(rendered.code, `No Script Console sync can be written for ${controller}: ${rendered.message}.`);
  if (!dryRun) {
    const output = await client.runScript(rendered.script).catch((error: unknown) => {
      throw new ActionError('script-unanswered', `${controller} did not answer the Script Console sync as expected (${(error as Error).message}); the clouds are read back to tell.`, 'unknown', { cause: error });
    });
    const parsed = parseCloudSyncOutput(output);
    // The script builds every cloud before it replaces any, but a failure after the replace (saving) is possible: read back.
    if (!parsed.ok) throw new ActionError('script-failed', `${parsed.message}; the clouds are read back to tell whether anything changed.`, 'unknown');
  }
  return { text: rendered.script.slice(0, KEPT_TEXT), checkIssues: [] };
}

/**
 * Resyncs a controller's EC2 Fleet clouds with the config's declaration. The diff is the preview
 * and a dry run the default. With Configuration as Code the controller checks the YAML first and
 * applies it only when it passes; without it, a Groovy script written for the installed plugin's
 * constructor builds every cloud before replacing any. Only the EC2 Fleet clouds change, the
 * others are written back as read. The result is read back and compared with the declaration,
 * and every fleet agent is checked to still belong to a live cloud; orphans are named.
 */
export const resyncCloudsAction = defineAction({
  name: 'clouds.resync',
  targetKind: 'jenkins-controller',
  input: resyncCloudsInput,
  minimumRole: 'admin',
  async preview(ctx, { target: controller, input }) {
    const { declared } = target(ctx, controller);
    const state = await storedState(ctx.prisma, controller);
    const diffs = diffClouds(declared, state);
    const drift = driftOf(diffs);
    if (drift.length === 0 && !input.dryRun) {
      throw new ActionError('in-sync', `${controller} already has the declared clouds (read ${state.readAt.toISOString()}); there is nothing to resync.`);
    }
    if (state.method === 'script-console') {
      const rendered = renderCloudSyncScript(declared, { pluginVersion: state.pluginVersion ?? '' });
      if (!rendered.ok) throw new ActionError(rendered.code, `No Script Console sync can be written for ${controller}: ${rendered.message}.`);
    }
    const how = state.method === 'casc' ? `checked by ${controller}'s Configuration as Code, then applied` : `written for ec2-fleet ${state.pluginVersion} and run in ${controller}'s Script Console`;
    const others = state.otherClouds.length > 0 ? `; ${state.otherClouds.length} cloud${state.otherClouds.length === 1 ? '' : 's'} of other kinds stay as they are` : '';
    const lines = describeDrift(diffs);
    const what = lines.length === 0 ? 'in sync' : lines.join('; ');
    return {
      summary: input.dryRun
        ? `Dry run on ${controller}: ${state.method === 'casc' ? 'check the declared clouds with its Configuration as Code' : `write the Script Console sync for ec2-fleet ${state.pluginVersion}`}, change nothing (${what}).`
        : `Resync ${controller}'s EC2 Fleet clouds, ${how}: ${what}${others}.`,
      fingerprint: createHash('sha256').update(JSON.stringify([controller, input.dryRun, state.method, state.pluginVersion, cloudsKey(declared), cloudsKey(state.fleetClouds)])).digest('hex'),
      details: {
        controller,
        dryRun: input.dryRun,
        method: state.method,
        pluginVersion: state.pluginVersion,
        readAt: state.readAt.toISOString(),
        drift: lines,
        otherClouds: state.otherClouds,
      },
    };
  },
  async execute(ctx, { target: controller, input }) {
    const { declared, client } = target(ctx, controller);
    const previewed = await storedState(ctx.prisma, controller);
    const before = await readLive(client);
    await recordRead(ctx, controller, before);
    if (cloudsKey(before.fleetClouds) !== cloudsKey(previewed.fleetClouds)) {
      const since = describeDrift(diffClouds(previewed.fleetClouds, before));
      throw new ActionError('changed-since-preview', `${controller}'s clouds changed since the preview (${since.join('; ') || 'their order'}); nothing was written. Look at the new diff and confirm again.`);
    }
    const changes = describeDrift(diffClouds(declared, before));
    const written = await write(client, controller, declared, before, input.dryRun);
    if (input.dryRun) {
      return { dryRun: true, method: before.method, pluginVersion: before.pluginVersion, changes, checkIssues: written.checkIssues, written: written.text, before: null, after: null, orphans: null } satisfies ResyncResult;
    }
    const after = await readLive(client).catch((error: unknown) => {
      throw new ActionError('read-back-failed', `The clouds were written but could not be read back (${(error as Error).message}).`, 'unknown', { cause: error });
    });
    await recordRead(ctx, controller, after);
    const left = describeDrift(diffClouds(declared, after));
    if (left.length > 0) throw new ActionError('read-back-differs', `${controller}'s clouds read back differ from the declaration: ${left.join('; ')}.`, 'unknown');
    return {
      dryRun: false,
      method: before.method,
      pluginVersion: before.pluginVersion,
      changes,
      checkIssues: written.checkIssues,
      written: written.text,
      before: before.fleetClouds.map(recorded),
      after: after.fleetClouds.map(recorded),
      orphans: after.orphans.map((o) => ({ ...o })),
    } satisfies ResyncResult;
  },
  /** The clouds are read again at once, so /clouds and the overview show the outcome. */
  onCompleted: (ctx, journal) => requestSync(ctx.prisma, `${CLOUDS_KIND}:${journal.target}`, CLOUDS_KIND),
  /** Took effect when the controller now has the declared clouds; a dry run never changes anything, so it did not finish. */
  async reconcile(ctx, journal) {
    const input = resyncCloudsInput.safeParse(journal.parameters);
    if (!input.success) return 'unknown';
    if (input.data.dryRun) return 'failed';
    const { declared, client } = target(ctx, journal.target);
    const live = await readControllerClouds(client);
    await recordRead(ctx, journal.target, live);
    return driftOf(diffClouds(declared, live)).length === 0 ? 'succeeded' : 'failed';
  },
});
