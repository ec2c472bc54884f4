import { type Ec2FleetRelease } from './ec2-fleet-release.ts';
import { type Describable, type FleetCloud, type FleetCloudFields, getterValue, type SshConnector } from './fleet-cloud.ts';

/** JCasC names the SSHConnector after its class, having no @Symbol: an export says `sSHConnector`. */
export const EXPORTED_SSH_CONNECTOR = 'sSHConnector';

/** A Describable as JCasC writes it: the symbol alone without settings, else a mapping of the symbol to them. */
export function describableAsCasc(value: Describable): string | Record<string, unknown> {
  return Object.keys(value.settings).length === 0 ? value.symbol : { [value.symbol]: value.settings };
}

export function sshConnectorAsCasc(connector: SshConnector, symbol: string): Record<string, unknown> {
  const settings: Record<string, unknown> = { port: connector.port, ...connector.settings };
  if (connector.credentialsId !== null) settings.credentialsId = connector.credentialsId;
  if (connector.sshHostKeyVerificationStrategy) settings.sshHostKeyVerificationStrategy = describableAsCasc(connector.sshHostKeyVerificationStrategy);
  return { [symbol]: settings };
}

const SCALAR_FIELDS: (keyof FleetCloudFields)[] = [
  'name', 'awsCredentialsId', 'region', 'endpoint', 'fleet', 'labelString', 'fsRoot', 'privateIpUsed', 'alwaysReconnect', 'idleMinutes', 'minSize', 'maxSize',
  'minSpareSize', 'numExecutors', 'addNodeOnlyIfRunning', 'restrictUsage', 'maxTotalUses', 'disableTaskResubmit', 'initOnlineTimeoutSec',
  'initOnlineCheckIntervalSec', 'cloudStatusIntervalSec', 'noDelayProvision', 'scaleExecutorsByWeight',
];

/**
 * A cloud's settings by their JCasC names, read through its getters as JCasC's export reads them
 * (DataBoundConfigurator.describe: every constructor parameter with a value, and setters that
 * differ from a fresh instance). `declaration` writes what the portal's config takes instead:
 * `sshConnector`, and neither oldId nor credentialsId.
 */
export function fleetCloudAsCasc(cloud: FleetCloud, release: Ec2FleetRelease, flavour: 'export' | 'declaration'): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of SCALAR_FIELDS) {
    const value = getterValue(cloud, field);
    if (value !== null && value !== '') settings[field] = value;
  }
  const { computerConnector, executorScaler, environmentVariables } = cloud.fields;
  if (computerConnector) settings.computerConnector = sshConnectorAsCasc(computerConnector, flavour === 'export' ? EXPORTED_SSH_CONNECTOR : 'sshConnector');
  if (executorScaler) settings.executorScaler = describableAsCasc(executorScaler);
  if (environmentVariables.length > 0) settings.environmentVariables = environmentVariables.map((variable) => ({ ...variable }));
  if (flavour === 'export' && release.nodesFollow === 'cloud-object') settings.oldId = cloud.oldId;
  return settings;
}
