import { type CloudDiff, declaredEc2FleetCloudSchema, diffClouds } from '@fleet/core';
import {
  createJenkinsClient,
  JenkinsFailure,
  parseCascClouds,
  parseCloudReadOutput,
  parseCloudSyncOutput,
  renderCascClouds,
  renderCloudReadScript,
  renderCloudSyncScript,
} from '@fleet/jenkins';
import { describe, expect, it } from 'vitest';
import { DEMO_JENKINS_CONTROLLERS, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER } from './index.ts';
import { controllerUrl, useFrozenFleet } from './test-fixture.ts';

/*
 * The portal's own Jenkins client (packages/jenkins) resyncing the simulated controllers end to
 * end: Configuration as Code on ci-int, the Script Console on ci-ext.
 */
const fleet = useFrozenFleet({ jenkinsControllers: DEMO_JENKINS_CONTROLLERS });
const client = (controller: string) => createJenkinsClient({ url: controllerUrl(fleet.sim, controller), user: JENKINS_DEMO_USER, token: JENKINS_DEMO_TOKEN });
const declared = (controller: string) => (fleet.sim.world.scenario?.clouds.implied[controller] ?? []).map((cloud) => declaredEc2FleetCloudSchema.parse(cloud));
const statuses = (diffs: CloudDiff[]) => diffs.map((diff) => diff.status);

async function liveByExport(controller: string) {
  const parsed = parseCascClouds(await client(controller).casc.export());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed;
}

async function liveByScript(controller: string) {
  const read = parseCloudReadOutput(await client(controller).runScript(renderCloudReadScript()));
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

describe('resyncing the simulated controllers with the portal’s Jenkins client', () => {
  it('ci-int through Configuration as Code: the export shows the drift, the rendered clouds check, apply and export back in sync', async () => {
    const wanted = declared('ci-int');
    const before = await liveByExport('ci-int');
    const drift = diffClouds(wanted, before).filter((diff) => diff.status === 'changed');
    expect(drift).toEqual([{ status: 'changed', name: fleet.sim.world.scenario?.clouds.drift['ci-int']?.cloud, changes: [{ field: 'idleMinutes', declared: 30, live: 10 }] }]);

    const yaml = renderCascClouds({ declared: wanted, otherClouds: before.otherClouds });
    expect(await client('ci-int').casc.check(yaml)).toEqual({ valid: true, issues: [] });
    await client('ci-int').casc.apply(yaml);

    const after = await liveByExport('ci-int');
    expect(statuses(diffClouds(wanted, after))).toEqual([...wanted.map(() => 'in-sync'), 'unmanaged']);
    expect((await liveByScript('ci-int')).nodes?.filter((node) => node.cloud === null)).toEqual([]);
    expect((await client('ci-int').ec2FleetStats()).map((stat) => stat.fleet)).toEqual(wanted.map((cloud) => cloud.fleet));
  });

  it('ci-int refuses through check a declaration naming a group AWS does not have, and nothing is applied', async () => {
    const before = await client('ci-int').casc.export();
    const [first] = declared('ci-int');
    if (!first) throw new Error('ci-int has no clouds');
    const yaml = renderCascClouds({ declared: [{ ...first, name: 'nowhere', fleet: 'no-such-group' }], otherClouds: [] });
    const checked = await client('ci-int').casc.check(yaml);
    expect(checked.valid).toBe(false);
    expect(checked.issues[0]?.message).toContain('Failed to construct instance of class com.amazon.jenkins.ec2fleet.EC2FleetCloud');
    expect(await client('ci-int').casc.export()).toBe(before);
  });

  it('ci-ext through the Script Console: the script for ec2-fleet 2.7.1 applies, the read script reads back in sync', async () => {
    const wanted = declared('ci-ext');
    const plugin = (await client('ci-ext').plugins()).find((candidate) => candidate.shortName === 'ec2-fleet');
    expect(plugin?.version).toBe('2.7.1');
    expect(statuses(diffClouds(wanted, await liveByScript('ci-ext')))).toContain('changed');

    const rendered = renderCloudSyncScript(wanted, { pluginVersion: plugin?.version ?? '' });
    if (!rendered.ok) throw new Error(rendered.message);
    expect(parseCloudSyncOutput(await client('ci-ext').runScript(rendered.script))).toEqual({ ok: true, value: { applied: wanted.length } });

    const live = await liveByScript('ci-ext');
    expect(statuses(diffClouds(wanted, live))).toEqual(wanted.map(() => 'in-sync'));
    expect(live.nodes?.filter((node) => node.cloud === null)).toEqual([]);
    await expect(client('ci-ext').ec2FleetStats()).rejects.toBeInstanceOf(JenkinsFailure);
    await expect(client('ci-ext').casc.export()).rejects.toMatchObject({ code: 'not-found' });
  });
});
