import { type DeclaredEc2FleetCloud, declaredEc2FleetCloudSchema, diffClouds, normalizeCloud } from '@fleet/core';
import { describe, expect, it } from 'vitest';
import { parseCloudReadOutput, renderCloudReadScript } from './read-script.ts';
import { parseCloudSyncOutput, renderCloudSyncScript } from './sync-script.ts';
import { constructorParameters, hasGroovy, PLUGIN_TAGS, runOnConsole } from './test-groovy-console.ts';

const HOSTILE_NAME = "it's ${Jenkins.instance} '''\n\"); Jenkins.instance.doSafeRestart(); // \\u0027 \\\\ é 🚀 \u0000";

function cloud(name: string, overrides: Record<string, unknown> = {}): DeclaredEc2FleetCloud {
  return declaredEc2FleetCloudSchema.parse({
    name,
    region: 'us-east-1',
    fleet: `asg-${name.length}`,
    labelString: 'rhel8 builder',
    computerConnector: { sshConnector: { credentialsId: 'jenkins', port: 2222, jvmOptions: "-Da='b c'", workDir: ' /var/lib/jenkins ' } },
    ...overrides,
  });
}

/** Values other than the defaults for every field the plugin at `tag` has. */
function richCloud(name: string, tag: string): DeclaredEc2FleetCloud {
  const has = (parameter: string) => constructorParameters(tag).some((p) => p.name === parameter);
  return cloud(name, {
    awsCredentialsId: 'aws-fleet',
    endpoint: 'https://ec2.us-east-1.amazonaws.com',
    fsRoot: HOSTILE_NAME,
    // Neighbouring parameters of one type get different values, so a swap shows.
    privateIpUsed: true,
    alwaysReconnect: false,
    idleMinutes: 30,
    minSize: 1,
    maxSize: 9,
    numExecutors: 3,
    addNodeOnlyIfRunning: true,
    restrictUsage: false,
    disableTaskResubmit: true,
    initOnlineTimeoutSec: 300,
    initOnlineCheckIntervalSec: 20,
    cloudStatusIntervalSec: 25,
    noDelayProvision: false,
    scaleExecutorsByWeight: !has('executorScaler'),
    ...(has('minSpareSize') ? { minSpareSize: 2 } : {}),
    ...(has('maxTotalUses') ? { maxTotalUses: 100 } : {}),
    ...(has('executorScaler') ? { executorScaler: { nodeHardwareScaler: { vCpuPerExecutor: 2, memoryGiBPerExecutor: 4 } } } : {}),
    ...(PLUGIN_TAGS[tag]?.setEnvironmentVariables ? { environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: HOSTILE_NAME }] } : {}),
    computerConnector: { sshConnector: { credentialsId: HOSTILE_NAME, port: 22, sshHostKeyVerificationStrategy: { manuallyTrustedKeyVerificationStrategy: { requireInitialManualTrust: true } } } },
  });
}

function sync(clouds: DeclaredEc2FleetCloud[], pluginVersion: string): string {
  const result = renderCloudSyncScript(clouds, { pluginVersion });
  if (!result.ok) throw new Error(result.message);
  return result.script;
}

type Received = Record<string, unknown>;
const argumentsOf = (record: Record<string, unknown>) => record.arguments as Received;

/** What the constructor must have been given for `cloud`, parameter by parameter, by Java's types. */
function expectedArgument(parameter: string, cloud: DeclaredEc2FleetCloud, previousId: string | null): unknown {
  const normalized = normalizeCloud(cloud) as unknown as Record<string, unknown>;
  if (parameter === 'credentialsId') return null;
  if (parameter === 'oldId') return previousId;
  if (parameter === 'maxTotalUses') return String(normalized.maxTotalUses);
  return normalized[parameter];
}

// One release of each constructor, and 3.0.1, whose 25 parameters are a deprecated constructor.
const RELEASES = [
  ['ec2-fleet-2.2.2', '2.2.2'],
  ['ec2-fleet-2.4.1', '2.4.1'],
  ['ec2-fleet-2.7.1', '2.7.1'],
  ['ec2-fleet-3.0.1', '3.0.1'],
  ['ec2-fleet-3.2.0', '3.2.0'],
  ['4.3.0.549.vf2a_da_a_d19b_5e', '4.3.0.549.vf2a_da_a_d19b_5e'],
] as const;

describe.skipIf(!hasGroovy)('the Script Console scripts run by Groovy 2.4.21 against EC2FleetCloud as released', () => {
  it.each(RELEASES)('on %s: replaces the fleet clouds through the constructor, keeps the other cloud, and reads them back in sync', async (tag, version) => {
    const first = [cloud('retired'), cloud('rhel8', { maxSize: 2 })];
    const second = [richCloud(HOSTILE_NAME, tag), cloud('rhel8', { maxSize: 9, minSize: 2 })];
    const run = await runOnConsole(tag, version, [sync(first, version), sync(second, version), renderCloudReadScript()]);

    expect(run.outputs.slice(0, 2).map(parseCloudSyncOutput)).toEqual([
      { ok: true, value: { applied: 2 } },
      { ok: true, value: { applied: 2 } },
    ]);
    expect(run.clouds.map((c) => [c.kind, argumentsOf(c)?.name ?? c.name])).toEqual([
      ['EC2FleetCloud', HOSTILE_NAME],
      ['EC2FleetCloud', 'rhel8'],
      ['KubernetesCloud', 'kubernetes'],
    ]);
    expect(run.warnings).toEqual([]);

    const ids = [null, PLUGIN_TAGS[tag]?.constructors.some((c) => c.some((p) => p.endsWith('oldId'))) ? 'id-of-rhel8' : null];
    second.forEach((declared, index) => {
      const received = argumentsOf(run.clouds[index] as Record<string, unknown>);
      const simple = constructorParameters(tag).filter((p) => !['computerConnector', 'executorScaler'].includes(p.name));
      expect(Object.fromEntries(simple.map((p) => [p.name, received[p.name]]))).toEqual(
        Object.fromEntries(simple.map((p) => [p.name, expectedArgument(p.name, declared, ids[index] ?? null)])),
      );
    });
    const hostile = argumentsOf(run.clouds[0] as Record<string, unknown>);
    expect(hostile.computerConnector).toMatchObject({ credentialsId: HOSTILE_NAME, port: 22, sshHostKeyVerificationStrategy: { ManuallyTrustedKeyVerificationStrategy: true } });
    expect(argumentsOf(run.clouds[1] as Record<string, unknown>).computerConnector).toMatchObject({ port: 2222, jvmOptions: "-Da='b c'", workDir: '/var/lib/jenkins' });

    const read = parseCloudReadOutput(run.outputs[2] ?? '');
    if (!read.ok) throw new Error(read.message);
    expect(read.value.pluginVersion).toBe(version);
    expect(diffClouds(second, read.value).map((diff) => diff.status)).toEqual(['in-sync', 'in-sync', 'unmanaged']);
  });

  it('reads each fleet node with the live cloud it belongs to, and none for a node whose cloud is gone', async () => {
    const version = '4.3.0.549.vf2a_da_a_d19b_5e';
    const nodes = 'Jenkins.instance.nodes.addAll([new com.amazon.jenkins.ec2fleet.EC2FleetNode("i-0a", "rhel8"), new com.amazon.jenkins.ec2fleet.EC2FleetNode("i-0b", "retired")])';
    const run = await runOnConsole(version, version, [sync([cloud('rhel8')], version), `import jenkins.model.Jenkins\n${nodes}`, renderCloudReadScript()]);
    const read = parseCloudReadOutput(run.outputs[2] ?? '');
    if (!read.ok) throw new Error(read.message);
    expect(read.value.nodes).toEqual([
      { name: 'i-0a', cloud: 'rhel8' },
      { name: 'i-0b', cloud: null },
    ]);
  });

  it('fails on a plugin whose constructor differs, and then changes nothing', async () => {
    const run = await runOnConsole('ec2-fleet-3.0.2', '3.0.2', [sync([cloud('rhel8')], '2.7.1')]);
    const result = parseCloudSyncOutput(run.outputs[0] ?? '');
    expect(result).toMatchObject({ ok: false, code: 'script-failed' });
    expect(result.ok ? '' : result.message).toContain('Could not find matching constructor for: com.amazon.jenkins.ec2fleet.EC2FleetCloud');
    expect([run.replacements, run.clouds.map((c) => c.kind)]).toEqual([0, ['KubernetesCloud']]);
  });

  it('leaves the clouds as they were when one declared cloud cannot be built', async () => {
    const version = '4.3.0.549.vf2a_da_a_d19b_5e';
    const broken = cloud('broken', { computerConnector: { sshConnector: { sshHostKeyVerificationStrategy: { manuallyProvidedKeyVerificationStrategy: { key: 'no-space' } } } } });
    const run = await runOnConsole(version, version, [sync([cloud('rhel8')], version), sync([cloud('rhel8', { maxSize: 5 }), broken], version)]);
    expect(parseCloudSyncOutput(run.outputs[1] ?? '')).toMatchObject({ ok: false, code: 'script-failed' });
    expect(run.replacements).toBe(1);
    expect(run.clouds.map((c) => [c.kind, argumentsOf(c)?.maxSize ?? null])).toEqual([
      ['EC2FleetCloud', 0],
      ['KubernetesCloud', null],
    ]);
  });
});
