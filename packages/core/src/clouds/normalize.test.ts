import { describe, expect, it } from 'vitest';
import { normalizeCloud } from './normalize.ts';
import { ec2FleetCloudSchema } from './spec.ts';

const normalized = (input: Record<string, unknown>) => normalizeCloud(ec2FleetCloudSchema.parse({ name: 'ec2-fleet', ...input }));

describe('normalizeCloud applies the plugin’s defaults', () => {
  // The values EC2FleetCloudConfigurationAsCodeTest.shouldCreateCloudFromMinConfiguration asserts
  // for a cloud configured with its name only (ec2-fleet-plugin 4.3.0).
  it('gives a cloud with only a name what the plugin’s own JCasC test asserts', () => {
    expect(normalized({})).toEqual({
      name: 'ec2-fleet',
      awsCredentialsId: null,
      region: null,
      endpoint: null,
      fleet: null,
      labelString: null,
      fsRoot: null,
      computerConnector: null,
      privateIpUsed: false,
      alwaysReconnect: false,
      idleMinutes: 0,
      minSize: 0,
      maxSize: 0,
      minSpareSize: 0,
      numExecutors: 1,
      addNodeOnlyIfRunning: false,
      restrictUsage: false,
      maxTotalUses: -1,
      disableTaskResubmit: false,
      initOnlineTimeoutSec: 180,
      initOnlineCheckIntervalSec: 15,
      cloudStatusIntervalSec: 10,
      noDelayProvision: false,
      scaleExecutorsByWeight: false,
      executorScaler: 'noScaler',
      environmentVariables: [],
      otherFields: {},
    });
  });

  it('clamps sizes and executors as the constructor does', () => {
    const cloud = normalized({ minSize: -3, minSpareSize: -1, numExecutors: 0, maxSize: 5 });
    expect([cloud.minSize, cloud.minSpareSize, cloud.numExecutors, cloud.maxSize]).toEqual([0, 0, 1, 5]);
  });

  it('reads maxTotalUses as Integer.parseInt does, blank meaning unlimited', () => {
    expect(['', '  ', '7', '+7', '-1', 'abc', '9999999999'].map((maxTotalUses) => normalized({ maxTotalUses }).maxTotalUses)).toEqual([
      -1, -1, 7, 7, -1, 'abc', '9999999999',
    ]);
  });

  it('takes the AWS credentials from the legacy credentialsId when awsCredentialsId is blank', () => {
    expect(normalized({ awsCredentialsId: '', credentialsId: 'old-aws' }).awsCredentialsId).toBe('old-aws');
    expect(normalized({ awsCredentialsId: 'aws', credentialsId: 'old-aws' }).awsCredentialsId).toBe('aws');
  });

  it('treats blank text like text left out, since an export cannot tell them apart', () => {
    expect(normalized({ endpoint: ' ', fsRoot: '' })).toEqual(normalized({}));
  });

  it('fills the SSH connector the way SSHConnector’s setters do and keeps settings it does not know', () => {
    const cloud = normalized({
      computerConnector: { sSHConnector: { credentialsId: 'jenkins', port: 0, launchTimeoutSeconds: 0, maxNumRetries: -1, retryWaitTime: -1, workDir: ' /w ', future: 'x' } },
    });
    expect(cloud.computerConnector).toEqual({
      sshConnector: {
        credentialsId: 'jenkins',
        port: 22,
        jvmOptions: null,
        javaPath: null,
        prefixStartSlaveCmd: null,
        suffixStartSlaveCmd: null,
        launchTimeoutSeconds: 60,
        maxNumRetries: 10,
        retryWaitTime: 15,
        sshHostKeyVerificationStrategy: 'nonVerifyingKeyVerificationStrategy',
        workDir: '/w',
        tcpNoDelay: true,
        future: 'x',
      },
    });
  });

  it('gives settings a Describable’s constructor requires the value JCasC passes when they are left out', () => {
    expect(normalized({ executorScaler: 'nodeHardwareScaler' }).executorScaler).toEqual({ nodeHardwareScaler: { vCpuPerExecutor: 0, memoryGiBPerExecutor: 0 } });
    const strategy = normalized({ computerConnector: { sshConnector: { sshHostKeyVerificationStrategy: 'manuallyTrustedKeyVerificationStrategy' } } }).computerConnector;
    expect(strategy?.sshConnector?.sshHostKeyVerificationStrategy).toEqual({ manuallyTrustedKeyVerificationStrategy: { requireInitialManualTrust: false } });
  });

  it('keeps environment variables as the plugin does: blank names dropped, the last value at the first place', () => {
    const cloud = normalized({ environmentVariables: [{ name: 'A', value: '1' }, { name: ' ', value: 'x' }, { name: 'B' }, { name: 'A', value: '2' }] });
    expect(cloud.environmentVariables).toEqual([{ name: 'A', value: '2' }, { name: 'B', value: '' }]);
  });

  it('keeps fields it does not know apart, and drops the 2.x id an export carries', () => {
    expect(normalized({ oldId: 'c6614118-b5dd-412d-bbb0-3b84a9dd9ac1', someFutureField: true }).otherFields).toEqual({ someFutureField: true });
  });
});
