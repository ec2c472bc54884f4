import { type FleetCloud, getterValue } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { describableAsCasc, EXPORTED_SSH_CONNECTOR } from '../../world/jenkins/clouds/casc-shape.ts';
import { sshConnectorGetters } from '../../world/jenkins/clouds/ssh-connector.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';

/** The first line of the portal's read script, and the prefix of the one line it prints. */
export const CLOUD_READ_MARKER = '// fleet-portal:clouds-read';
const CLOUD_READ_PREFIX = 'fleet-portal:clouds ';

/** The fields the read script asks each cloud for, in its order, through a getter where there is one. */
const READ_FIELDS = [
  'name', 'awsCredentialsId', 'region', 'endpoint', 'fleet', 'labelString', 'fsRoot', 'privateIpUsed', 'alwaysReconnect', 'idleMinutes', 'minSize', 'maxSize',
  'minSpareSize', 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec',
  'initOnlineCheckIntervalSec', 'cloudStatusIntervalSec', 'noDelayProvision', 'scaleExecutorsByWeight',
] as const;

function describeCloud(cloud: FleetCloud, controller: SimulatedJenkins): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(READ_FIELDS.map((field) => [field, getterValue(cloud, field)]));
  const connector = cloud.fields.computerConnector;
  const strategy = connector?.sshHostKeyVerificationStrategy;
  fields.computerConnector = connector ? { [EXPORTED_SSH_CONNECTOR]: { ...sshConnectorGetters(connector), sshHostKeyVerificationStrategy: strategy ? describableAsCasc(strategy) : null } } : null;
  // A release without the field or a getter for it answers null (valueOf finds neither).
  fields.executorScaler = cloud.fields.executorScaler ? describableAsCasc(cloud.fields.executorScaler) : null;
  fields.environmentVariables = controller.release.environmentVariables ? cloud.fields.environmentVariables.map((variable) => ({ ...variable })) : null;
  return fields;
}

/** groovy.json.JsonOutput.toJson: like JSON, with every character outside ASCII as a \\u escape. */
function groovyJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The read script's one line: the plugin's version, every EC2 Fleet cloud with its JCasC field
 * names, the clouds of other kinds, and every fleet node with the live cloud it belongs to (null
 * for an orphan, whose cloud is not in Jenkins.clouds any more).
 */
export function runCloudReadScript(controller: SimulatedJenkins): string {
  const answer = {
    pluginVersion: controller.release.version,
    fleetClouds: controller.clouds.fleetClouds().map((cloud) => describeCloud(cloud, controller)),
    otherClouds: controller.clouds.otherClouds().map((cloud) => ({ kind: cloud.className, name: cloud.name })),
    nodes: controller.clouds.nodes.bindings().map((node) => ({ name: node.name, cloud: node.liveCloud?.name ?? null })),
  };
  return `${CLOUD_READ_PREFIX}${groovyJson(answer)}\n`;
}
