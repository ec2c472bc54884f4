import { describe, expect, it } from 'vitest';
import { type CloudDiff, diffClouds, type LiveClouds } from './diff.ts';
import { type NormalizedEc2FleetCloud, normalizeCloud } from './normalize.ts';
import { type Ec2FleetCloudSpec, declaredEc2FleetCloudSchema, ec2FleetCloudSchema } from './spec.ts';

const ssh = { credentialsId: 'jenkins', port: 22, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' };

/** A declaration that spells every field, each with a value other than its default. */
const full = {
  name: 'ci-int-jenkins-worker-rhel8',
  awsCredentialsId: 'aws-fleet',
  region: 'us-east-1',
  endpoint: 'https://ec2.us-east-1.amazonaws.com',
  fleet: 'ci-int-jenkins-worker-rhel8',
  labelString: 'rhel8 builder',
  fsRoot: '/var/lib/jenkins',
  computerConnector: { sshConnector: { ...ssh, jvmOptions: '-Xmx1g' } },
  privateIpUsed: true,
  alwaysReconnect: true,
  idleMinutes: 30,
  minSize: 1,
  maxSize: 9,
  minSpareSize: 1,
  numExecutors: 2,
  addNodeOnlyIfRunning: true,
  restrictUsage: true,
  maxTotalUses: 100,
  disableTaskResubmit: true,
  initOnlineTimeoutSec: 300,
  initOnlineCheckIntervalSec: 20,
  cloudStatusIntervalSec: 30,
  noDelayProvision: true,
  scaleExecutorsByWeight: true,
  executorScaler: { nodeHardwareScaler: { vCpuPerExecutor: 2, memoryGiBPerExecutor: 4 } },
  environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Dfile.encoding=UTF-8' }],
};

const declare = (input: Record<string, unknown>) => declaredEc2FleetCloudSchema.parse(input);
const live = (fleetClouds: Record<string, unknown>[], otherClouds: LiveClouds['otherClouds'] = []): LiveClouds => ({
  fleetClouds: fleetClouds.map((cloud) => ec2FleetCloudSchema.parse(cloud)),
  otherClouds,
});
const changesOf = (diffs: CloudDiff[]) => diffs.flatMap((diff) => (diff.status === 'changed' ? diff.changes : []));

describe('diffClouds', () => {
  it('finds a declaration that spells the defaults in sync with an export that leaves them out', () => {
    const declared = declare({
      name: 'rhel8',
      region: 'us-east-1',
      fleet: 'asg-rhel8',
      labelString: 'rhel8',
      computerConnector: { sshConnector: { credentialsId: 'jenkins', port: 22, launchTimeoutSeconds: 60, maxNumRetries: 10, retryWaitTime: 15, sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } },
      idleMinutes: 0,
      numExecutors: 1,
      maxTotalUses: -1,
      initOnlineTimeoutSec: 180,
      initOnlineCheckIntervalSec: 15,
      cloudStatusIntervalSec: 10,
      executorScaler: 'noScaler',
      environmentVariables: [],
    });
    const exported = { name: 'rhel8', region: 'us-east-1', fleet: 'asg-rhel8', labelString: 'rhel8', computerConnector: { sSHConnector: { credentialsId: 'jenkins' } } };
    expect(diffClouds([declared], live([exported]))).toEqual([{ status: 'in-sync', name: 'rhel8' }]);
  });

  it('reports a declared cloud the controller lacks as added, one only it has as removed, and other kinds as unmanaged', () => {
    const diffs = diffClouds([declare(full)], live([{ name: 'old-fleet', fleet: 'asg-old' }], [{ kind: 'kubernetes', name: 'k8s' }]));
    expect(diffs.map(({ status, name }) => [status, name])).toEqual([
      ['added', full.name],
      ['removed', 'old-fleet'],
      ['unmanaged', 'k8s'],
    ]);
    expect(diffs[0]).toMatchObject({ declared: { maxSize: 9, initOnlineCheckIntervalSec: 20 } });
    expect(diffs[1]).toMatchObject({ live: { fleet: 'asg-old', numExecutors: 1 } });
  });

  it('covers every parameter of the plugin’s constructor and the environment variables setter', () => {
    // EC2FleetCloud's @DataBoundConstructor in ec2-fleet-plugin 4.3.0 (credentialsId is read
    // through awsCredentialsId, as getAwsCredentialsId does) plus setEnvironmentVariables.
    expect(Object.keys(normalizeCloud(declare(full)))).toEqual([
      'name', 'awsCredentialsId', 'region', 'endpoint', 'fleet', 'labelString', 'fsRoot', 'computerConnector', 'privateIpUsed',
      'alwaysReconnect', 'idleMinutes', 'minSize', 'maxSize', 'minSpareSize', 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage',
      'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec', 'initOnlineCheckIntervalSec', 'cloudStatusIntervalSec',
      'noDelayProvision', 'scaleExecutorsByWeight', 'executorScaler', 'environmentVariables', 'otherFields',
    ]);
  });

  // One change to each field, and the path the diff must name for it.
  const oneChangeEach = {
    awsCredentialsId: [{ awsCredentialsId: undefined }, 'awsCredentialsId'],
    region: [{ region: 'eu-west-1' }, 'region'],
    endpoint: [{ endpoint: undefined }, 'endpoint'],
    fleet: [{ fleet: 'other-asg' }, 'fleet'],
    labelString: [{ labelString: 'rhel8' }, 'labelString'],
    fsRoot: [{ fsRoot: '/home/jenkins' }, 'fsRoot'],
    computerConnector: [{ computerConnector: { sshConnector: { ...ssh, jvmOptions: '-Xmx2g' } } }, 'computerConnector.sshConnector.jvmOptions'],
    privateIpUsed: [{ privateIpUsed: false }, 'privateIpUsed'],
    alwaysReconnect: [{ alwaysReconnect: false }, 'alwaysReconnect'],
    idleMinutes: [{ idleMinutes: 0 }, 'idleMinutes'],
    minSize: [{ minSize: 0 }, 'minSize'],
    maxSize: [{ maxSize: 10 }, 'maxSize'],
    minSpareSize: [{ minSpareSize: 0 }, 'minSpareSize'],
    numExecutors: [{ numExecutors: 1 }, 'numExecutors'],
    addNodeOnlyIfRunning: [{ addNodeOnlyIfRunning: false }, 'addNodeOnlyIfRunning'],
    restrictUsage: [{ restrictUsage: false }, 'restrictUsage'],
    maxTotalUses: [{ maxTotalUses: '' }, 'maxTotalUses'],
    disableTaskResubmit: [{ disableTaskResubmit: false }, 'disableTaskResubmit'],
    initOnlineTimeoutSec: [{ initOnlineTimeoutSec: undefined }, 'initOnlineTimeoutSec'],
    initOnlineCheckIntervalSec: [{ initOnlineCheckIntervalSec: undefined }, 'initOnlineCheckIntervalSec'],
    cloudStatusIntervalSec: [{ cloudStatusIntervalSec: undefined }, 'cloudStatusIntervalSec'],
    noDelayProvision: [{ noDelayProvision: false }, 'noDelayProvision'],
    scaleExecutorsByWeight: [{ scaleExecutorsByWeight: false }, 'scaleExecutorsByWeight'],
    executorScaler: [{ executorScaler: { nodeHardwareScaler: { vCpuPerExecutor: 2, memoryGiBPerExecutor: 8 } } }, 'executorScaler.nodeHardwareScaler.memoryGiBPerExecutor'],
    environmentVariables: [{ environmentVariables: [{ name: 'JAVA_TOOL_OPTIONS', value: '' }] }, 'environmentVariables[JAVA_TOOL_OPTIONS]'],
  } satisfies Record<Exclude<keyof NormalizedEc2FleetCloud, 'name' | 'otherFields'>, [Record<string, unknown>, string]>;

  it.each(Object.entries(oneChangeEach))('names a change to %s and nothing else', (_field, [change, path]) => {
    const changes = changesOf(diffClouds([declare(full)], live([{ ...full, ...change }])));
    expect(changes.map((c) => c.field)).toEqual([path]);
  });

  it('gives both sides of a change, after defaults, and undefined for a side without the field', () => {
    const changes = changesOf(
      diffClouds(
        [declare({ ...full, maxTotalUses: '' })],
        live([{ ...full, maxTotalUses: 5, environmentVariables: [], someFutureField: 'on' }]),
      ),
    );
    expect(changes).toEqual([
      { field: 'maxTotalUses', declared: -1, live: 5 },
      { field: 'environmentVariables[JAVA_TOOL_OPTIONS]', declared: '-Dfile.encoding=UTF-8', live: undefined },
      { field: 'someFutureField', declared: undefined, live: 'on' },
    ]);
  });

  it('reports a Describable that changed kind as one change of the whole value', () => {
    const changes = changesOf(diffClouds([declare(full)], live([{ ...full, executorScaler: 'weightedScaler' }])));
    expect(changes).toEqual([{ field: 'executorScaler', declared: { nodeHardwareScaler: { vCpuPerExecutor: 2, memoryGiBPerExecutor: 4 } }, live: 'weightedScaler' }]);
  });

  it('names a changed host key strategy and connector settings the portal does not model', () => {
    const connector = { sSHConnector: { ...ssh, jvmOptions: '-Xmx1g', sshHostKeyVerificationStrategy: 'knownHostsFileKeyVerificationStrategy', workDir: '/w' } };
    const changes = changesOf(diffClouds([declare(full)], live([{ ...full, computerConnector: connector }])));
    expect(changes.map((c) => c.field)).toEqual(['computerConnector.sshConnector.sshHostKeyVerificationStrategy', 'computerConnector.sshConnector.workDir']);
  });

  it('reads labels as a set, as Jenkins does', () => {
    expect(diffClouds([declare(full)], live([{ ...full, labelString: ' builder  rhel8 ' }]))).toEqual([{ status: 'in-sync', name: full.name }]);
  });

  it('reports a second live cloud of a declared name as removed, since a resync replaces them all', () => {
    const diffs = diffClouds([declare(full)], live([full, { ...full, maxSize: 1 }]));
    expect(diffs.map((diff) => diff.status)).toEqual(['in-sync', 'removed']);
  });

  it('takes any cloud spec, declared or live, on the declared side', () => {
    const spec: Ec2FleetCloudSpec = declare(full);
    expect(diffClouds([spec], live([])).map((diff) => diff.status)).toEqual(['added']);
  });
});
