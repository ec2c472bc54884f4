import { describe, expect, it } from 'vitest';
import { CA_CERTS_JOB, HOUSEKEEPING_JOB, housekeepingHostName } from './index.ts';
import { jenkinsClient, queueIdOf, runToEnd, type BuildJson } from './jenkins-test-client.ts';
import { nodeScenario, useFrozenFleet } from './test-fixture.ts';

const fleet = useFrozenFleet();
const client = () => jenkinsClient(fleet.sim);
const world = () => fleet.sim.world;
const hostOf = (instanceId: string | undefined) => housekeepingHostName(world().fleet.instances.require(instanceId ?? ''));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A PLAY RECAP line as ansible-core 2.14 pads it, trailing spaces included. */
const recap = (host: string, counts: { ok: number; changed: number; unreachable: number; failed: number }) =>
  `${host.padEnd(26)} : ok=${String(counts.ok).padEnd(4)} changed=${String(counts.changed).padEnd(4)} unreachable=${String(counts.unreachable).padEnd(4)} failed=${String(counts.failed).padEnd(4)} skipped=0    rescued=0    ignored=0   `;

async function run(job: string, query = ''): Promise<{ number: number; log: string; build: BuildJson }> {
  const number = await runToEnd(fleet.sim, queueIdOf(await client().post(`/job/${job}/buildWithParameters?${query}`)));
  return { number, log: await client().console(job, number), build: await client().build(job, number) };
}

const recapHosts = (log: string) => [...log.split('PLAY RECAP')[1]?.matchAll(/^(\d+\.\d+\.\d+\.\d+) +: ok=/gm) ?? []].map((match) => match[1]);

describe('the housekeeping job', () => {
  it('has three weeks of nightly runs, the last three failing on the same node', async () => {
    const stuck = world().scenario?.jenkins.housekeepingFailingNode;
    const nightly = world()
      .jenkins.requireJob(HOUSEKEEPING_JOB)
      .newestFirst()
      .filter((build) => build.origin.causes.some((cause) => cause.kind === 'timer'));
    expect(nightly.length).toBe(21);
    expect(stuck?.builds).toEqual(nightly.slice(0, 3).map((build) => build.number).reverse());
    for (const number of stuck?.builds ?? []) {
      const build = await client().build(HOUSEKEEPING_JOB, number);
      expect(build).toMatchObject({ result: 'FAILURE' });
      expect(build.actions[1]).toMatchObject({ causes: [{ _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause', shortDescription: 'Started by timer' }] });
      expect(await client().console(HOUSEKEEPING_JOB, number)).toContain(`\nfatal: [${stuck?.host}]: FAILED! => {"assertion"`);
    }
    const before = nightly[3]?.number ?? 0;
    expect(await client().console(HOUSEKEEPING_JOB, before)).not.toContain(`fatal: [${stuck?.host}]`);
  });
  it('runs over every running worker, hosts named by private IP, unreachable, failed, changed or ok as their nodes are', async () => {
    const nodes = nodeScenario(fleet.sim);
    const running = world().fleet.instances.all().filter((instance) => instance.state === 'running');
    const { log, build } = await run(HOUSEKEEPING_JOB, 'PORTAL_ACTION_ID=nightly-by-hand');
    expect(log).toContain('\n+ ansible-playbook -i ansible/hosts/aws_ec2.yaml ansible/housekeeping.yml\n\nPLAY [Jenkins worker housekeeping] *********************************************\n\nTASK [Gathering Facts] *********************************************************\n');
    expect(recapHosts(log)).toEqual(running.map(housekeepingHostName).sort());

    for (const gone of [nodes.instanceImpaired, nodes.agentDisconnected]) {
      const host = hostOf(gone);
      expect(log).toContain(`\nfatal: [${host}]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host ${host} port 22: Connection timed out", "unreachable": true}\n`);
      expect(log).toContain(`\n${recap(host, { ok: 0, changed: 0, unreachable: 1, failed: 0 })}\n`);
    }
    const full = hostOf(nodes.inodesExhausted);
    expect(log).toMatch(new RegExp(`\\nfatal: \\[${escape(full)}\\]: UNREACHABLE! => \\{"changed": false, "msg": "mkdir: cannot create directory ‘/home/(centos|ec2-user)/\\.ansible/tmp/ansible-tmp-[\\d.-]+’: No space left on device\\\\n", "unreachable": true\\}\\n`));

    const stuck = world().scenario?.jenkins.housekeepingFailingNode;
    expect(stuck?.instanceId).toBe(nodes.diskAlmostFull);
    expect(log).toMatch(new RegExp(`\\nfatal: \\[${escape(stuck?.host ?? '')}\\]: FAILED! => \\{"assertion": "root_used_percent \\| int < 90", "changed": false, "evaluated_to": false, "msg": "/ is 9\\d% full after cleanup: [^"]+"\\}\\n`));
    expect(log).toContain(`\n${recap(stuck?.host ?? '', { ok: 5, changed: 3, unreachable: 0, failed: 1 })}\n`);

    const healthy = hostOf(nodes.scheduledReboot);
    expect(log).toContain(`\nchanged: [${healthy}]\n`);
    expect(log).toContain(`\n${recap(healthy, { ok: 6, changed: 3, unreachable: 0, failed: 0 })}\n`);
    expect(build.result).toBe('FAILURE');
    expect(log.endsWith("\nBuild step 'Execute shell' marked build as failure\nFinished: FAILURE\n")).toBe(true);
    expect(build.duration).toBeGreaterThan(2 * 60_000);
    expect(build.duration).toBeLessThan(15 * 60_000);
  });

  it('frees the disk it cleans, as node-exporter then reports, and finds little to clean right after', async () => {
    const node = nodeScenario(fleet.sim).scheduledRetirement ?? '';
    world().nodes.set(node, { disk: { availBytes: world().nodes.require(node).disk.sizeBytes * 0.3, fillBytesPerSecond: 0 } });
    const before = world().nodes.require(node).disk.availBytes;
    const first = await run(HOUSEKEEPING_JOB, `LIMIT=${hostOf(node)}`);
    const after = world().nodes.require(node).disk.availBytes;
    expect(first.log).toContain(`\nchanged: [${hostOf(node)}]\n`);
    expect(after).toBeGreaterThan(before + 1024 ** 3);
    const metrics = await (await fetch(`${fleet.sim.exporterUrl}/node-exporter/${node}/metrics`)).text();
    const exported = /^node_filesystem_avail_bytes\{[^}]*mountpoint="\/"[^}]*\} (\S+)$/m.exec(metrics)?.[1];
    expect(Number(exported)).toBe(after);
    const again = await run(HOUSEKEEPING_JOB, `LIMIT=${hostOf(node)}`);
    expect(again.log).not.toContain('changed:');
    expect(again.log).toContain(`\n${recap(hostOf(node), { ok: 6, changed: 0, unreachable: 0, failed: 0 })}\n`);
    expect(again.build.result).toBe('SUCCESS');
  });

  it('limits the run to one host by its IP, or to a worker type with only the tagged tasks', async () => {
    const host = hostOf(nodeScenario(fleet.sim).exporterDown);
    const one = await run(HOUSEKEEPING_JOB, `LIMIT=${host}`);
    expect(one.log).toContain(`\n+ ansible-playbook -i ansible/hosts/aws_ec2.yaml ansible/housekeeping.yml --limit ${host}\n`);
    expect(recapHosts(one.log)).toEqual([host]);

    const gpu = world().fleet.instances.all().filter((instance) => instance.state === 'running' && instance.tags.get('worker_type') === 'rhel8-gpu');
    const tagged = await run(HOUSEKEEPING_JOB, 'LIMIT=worker_rhel8_gpu&TAGS=tmp');
    expect(recapHosts(tagged.log)).toEqual(gpu.map(housekeepingHostName).sort());
    expect([...tagged.log.matchAll(/^TASK \[(.+)\] \*+$/gm)].map((match) => match[1])).toEqual(['Gathering Facts', 'Remove files under /tmp older than a day', 'Measure free space on /', 'Check free space on /']);
  });

  it('fails without touching anything when the limit matches no host', async () => {
    const { log, build } = await run(HOUSEKEEPING_JOB, 'LIMIT=10.9.9.9');
    expect(log).toContain("\n+ ansible-playbook -i ansible/hosts/aws_ec2.yaml ansible/housekeeping.yml --limit 10.9.9.9\n[WARNING]: Could not match supplied host pattern, ignoring: 10.9.9.9\nERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.\nBuild step 'Execute shell' marked build as failure\nFinished: FAILURE\n");
    expect(build.result).toBe('FAILURE');
  });

});

describe('the CA bundle job', () => {
  it('installs the bundle where it is outdated, rebuilding the trust store only there, and finds nothing to do after', async () => {
    const { housekeeping } = world().jenkins;
    const running = world().fleet.instances.all().filter((instance) => instance.state === 'running' && instance.tags.get('worker_type') !== 'rhel7-builder');
    for (const instance of running.slice(0, 3)) housekeeping.setTrustsNewCa(instance.instanceId, false);
    const outdated = running.filter((instance) => !housekeeping.trustsNewCa(instance.instanceId));
    expect(outdated.length).toBeGreaterThanOrEqual(3);
    const first = await run(CA_CERTS_JOB, 'LIMIT=!worker_rhel7_builder');
    const reached = outdated.filter((instance) => first.log.includes(`\nchanged: [${housekeepingHostName(instance)}]\n`));
    expect(reached.length).toBeGreaterThan(0);
    expect(first.log).toMatch(/\nTASK \[Rebuild the CA trust store\] \*+\n(.*\n)*skipping: \[/);
    const second = await run(CA_CERTS_JOB, 'LIMIT=!worker_rhel7_builder');
    for (const instance of reached) expect(second.log).toContain(`\nok: [${housekeepingHostName(instance)}]\n`);
    expect(second.log).not.toContain('\nchanged: [');
  });
});
