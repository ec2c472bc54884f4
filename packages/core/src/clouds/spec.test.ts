import { describe, expect, it } from 'vitest';
import { declaredEc2FleetCloudSchema, ec2FleetCloudSchema, isFleetCloudSymbol } from './spec.ts';

const declared = {
  name: 'ci-int-jenkins-worker-rhel8',
  region: 'us-east-1',
  fleet: 'ci-int-jenkins-worker-rhel8',
  labelString: 'rhel8',
  computerConnector: { sshConnector: { credentialsId: 'jenkins' } },
};

function issues(input: unknown): string[] {
  const result = declaredEc2FleetCloudSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the EC2 Fleet cloud schema', () => {
  it('reads symbols in any case, as JCasC matches them, and keeps the canonical spelling', () => {
    const cloud = declaredEc2FleetCloudSchema.parse({
      ...declared,
      computerConnector: { sSHConnector: { credentialsId: 'jenkins', sshHostKeyVerificationStrategy: 'NonVerifyingKeyVerificationStrategy' } },
      executorScaler: { WeightedScaler: {} },
    });
    expect(cloud.computerConnector).toEqual({ sshConnector: { credentialsId: 'jenkins', sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy' } });
    expect(cloud.executorScaler).toBe('weightedScaler');
  });

  it('keeps connector settings it does not know, so a newer plugin setting survives', () => {
    const cloud = declaredEc2FleetCloudSchema.parse({ ...declared, computerConnector: { sshConnector: { credentialsId: 'jenkins', workDir: '/w', someFutureSetting: [1] } } });
    expect(cloud.computerConnector).toEqual({ sshConnector: { credentialsId: 'jenkins', workDir: '/w', someFutureSetting: [1] } });
  });

  it('refuses an unknown field in a declaration but keeps it on a live cloud', () => {
    expect(issues({ ...declared, maxsize: 3 })).toEqual([': Unrecognized key: "maxsize"']);
    expect(ec2FleetCloudSchema.parse({ name: 'a', maxsize: 3 })).toEqual({ name: 'a', maxsize: 3 });
  });

  it('says which required field a declaration lacks and what it is', () => {
    expect(issues({ name: ' ', computerConnector: 'sshConnector' })).toEqual([
      'name: must not be blank (the cloud name Jenkins shows)',
      'region: is required (an AWS region such as us-east-1)',
      'fleet: is required (the Auto Scaling group name)',
      'labelString: is required (the Jenkins labels, separated by spaces)',
    ]);
  });

  it('points a bad nested setting at its field', () => {
    expect(issues({ ...declared, executorScaler: { nodeHardwareScaler: { vCpuPerExecutor: 'two' } } })).toEqual([
      'executorScaler.nodeHardwareScaler.vCpuPerExecutor: Invalid input: expected number, received string',
    ]);
    expect(issues({ ...declared, computerConnector: { sshConnector: { port: 70_000 } } })).toEqual(['computerConnector.sshConnector.port: must be a TCP port']);
  });

  it('refuses an executor scaler the plugin does not have, naming the ones it has', () => {
    expect(issues({ ...declared, executorScaler: 'cpuScaler' })).toEqual([
      'executorScaler: unknown executor scaler "cpuScaler"; use one of noScaler, weightedScaler, nodeHardwareScaler',
    ]);
  });

  it('refuses ranges the plugin would silently change in a declaration', () => {
    expect(issues({ ...declared, minSize: -1, numExecutors: 0, initOnlineTimeoutSec: 0 })).toEqual([
      'minSize: must be 0 or more',
      'numExecutors: must be 1 or more',
      'initOnlineTimeoutSec: must be 1 second or more',
    ]);
  });

  it('reads a key left empty in YAML as absent', () => {
    expect(declaredEc2FleetCloudSchema.parse({ ...declared, endpoint: null, fsRoot: null })).toEqual(declaredEc2FleetCloudSchema.parse(declared));
  });

  it('tells the EC2 Fleet cloud symbols from the label-based cloud and other kinds', () => {
    expect(['eC2Fleet', 'ec2Fleet', 'EC2FLEET', 'eC2FleetCloud'].map(isFleetCloudSymbol)).toEqual([true, true, true, true]);
    expect(['eC2FleetLabel', 'kubernetes', 'amazonEC2'].map(isFleetCloudSymbol)).toEqual([false, false, false]);
  });
});
