/**
 * What a release of jenkinsci/ec2-fleet-plugin offers a client, read from its source at the tags
 * named below: EC2FleetCloud's public constructor (what a Script Console call must match, and what
 * Configuration as Code calls), and the features that came and went.
 */

export interface JavaParameter {
  name: string;
  /** As java.lang.reflect.Constructor#toString writes it. */
  type: string;
}

export interface Ec2FleetRelease {
  version: string;
  /** The @DataBoundConstructor's parameters. */
  parameters: readonly JavaParameter[];
  /** EC2FleetCloud.NoScaler and its siblings exist (3.2.0, #415). */
  executorScalers: boolean;
  /** setEnvironmentVariables and CloudEnvironmentVariable exist (4.3.0, #579). */
  environmentVariables: boolean;
  /** GET /ec2-fleet/stats answers (EC2FleetStatsApi, 4.2.0, #489). */
  statsApi: boolean;
  /**
   * How a node knows its cloud. Before 3.0.0 it holds the cloud object, and a newly constructed
   * cloud with the same fleet takes the nodes over (EC2FleetCloudAwareUtils.reassign); from 3.0.0
   * (#383) it holds the cloud's name and looks it up in Jenkins.clouds (EC2FleetNode.getCloud).
   */
  nodesFollow: 'cloud-object' | 'cloud-name';
}

const STRING = 'java.lang.String';
const INTEGER = 'java.lang.Integer';
const p = (name: string, type: string): JavaParameter => ({ name, type });

const HEAD = [
  p('awsCredentialsId', STRING),
  p('credentialsId', STRING),
  p('region', STRING),
  p('endpoint', STRING),
  p('fleet', STRING),
  p('labelString', STRING),
  p('fsRoot', STRING),
  p('computerConnector', 'hudson.slaves.ComputerConnector'),
  p('privateIpUsed', 'boolean'),
  p('alwaysReconnect', 'boolean'),
  p('idleMinutes', INTEGER),
  p('minSize', 'int'),
  p('maxSize', 'int'),
  p('minSpareSize', 'int'),
  p('numExecutors', 'int'),
  p('addNodeOnlyIfRunning', 'boolean'),
  p('restrictUsage', 'boolean'),
  p('maxTotalUses', STRING),
  p('disableTaskResubmit', 'boolean'),
  p('initOnlineTimeoutSec', INTEGER),
  p('initOnlineCheckIntervalSec', INTEGER),
];

/** ec2-fleet-2.5.0 … ec2-fleet-2.7.1 (2.7.1 at 2feafcee1d117ead4bae2060902030089c09ad4d). */
const WITH_OLD_ID = [p('name', STRING), p('oldId', STRING), ...HEAD, p('scaleExecutorsByWeight', 'boolean'), p('cloudStatusIntervalSec', INTEGER), p('noDelayProvision', 'boolean')];
/** ec2-fleet-3.2.0 (52d4d75859b496c44e68538b64c467114d4a30c4) … 4.3.0.549.vf2a_da_a_d19b_5e (f2adaad19b5ee57a0f78c31cf65d59e6013a3680). */
const WITH_EXECUTOR_SCALER = [
  p('name', STRING),
  ...HEAD,
  p('cloudStatusIntervalSec', INTEGER),
  p('noDelayProvision', 'boolean'),
  p('scaleExecutorsByWeight', 'boolean'),
  p('executorScaler', 'com.amazon.jenkins.ec2fleet.EC2FleetCloud$ExecutorScaler'),
];

export const EC2_FLEET_CLOUD_CLASS = 'com.amazon.jenkins.ec2fleet.EC2FleetCloud';
export const EC2_FLEET_NODE_CLASS = 'com.amazon.jenkins.ec2fleet.EC2FleetNode';

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]|$)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

const atLeast = (version: Version, major: number, minor: number) => version[0] > major || (version[0] === major && version[1] >= minor);

/** The release the simulator plays for a plugin version: 2.5.0 … 2.7.x, or 3.2.0 and later. */
export function ec2FleetRelease(versionText: string): Ec2FleetRelease {
  const version = parseVersion(versionText);
  const old = version && atLeast(version, 2, 5) && !atLeast(version, 3, 0);
  const current = version && atLeast(version, 3, 2);
  if (!version || (!old && !current)) {
    throw new Error(`the simulator plays ec2-fleet 2.5.0 … 2.7.x or 3.2.0 and later, not "${versionText}"`);
  }
  return {
    version: versionText,
    parameters: old ? WITH_OLD_ID : WITH_EXECUTOR_SCALER,
    executorScalers: !old,
    environmentVariables: atLeast(version, 4, 3),
    statsApi: atLeast(version, 4, 2),
    nodesFollow: old ? 'cloud-object' : 'cloud-name',
  };
}

/** `public com.amazon.jenkins.ec2fleet.EC2FleetCloud(java.lang.String,…)`, as Constructor#toString writes it. */
export function constructorSignature(release: Ec2FleetRelease): string {
  return `public ${EC2_FLEET_CLOUD_CLASS}(${release.parameters.map((parameter) => parameter.type).join(',')})`;
}
