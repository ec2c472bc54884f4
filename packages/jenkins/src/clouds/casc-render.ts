import { EC2_FLEET_CLOUD_FIELDS, type Ec2FleetCloudSpec, SSH_CONNECTOR_SYMBOL, symbolOf } from '@fleet/core';
import { Document, visit } from 'yaml';
import { escapeCascValues } from './casc-escaping.ts';
import type { OpaqueCloud } from './casc-parse.ts';

/** The symbol JCasC derives from the class name SSHConnector (it has no @Symbol) and exports. */
const EXPORTED_SSH_CONNECTOR_SYMBOL = 'sSHConnector';

function cascSettings(cloud: Ec2FleetCloudSpec): Record<string, unknown> {
  const fields: Record<string, unknown> = cloud;
  // The constructor's order, what a person reading the YAML expects; unknown fields last.
  const keys = [...EC2_FLEET_CLOUD_FIELDS, ...Object.keys(cloud).filter((key) => !EC2_FLEET_CLOUD_FIELDS.includes(key))];
  const settings = Object.fromEntries(keys.filter((key) => fields[key] !== undefined).map((key) => [key, fields[key]]));
  const connector = cloud.computerConnector;
  if (connector && typeof connector !== 'string' && symbolOf(connector) === SSH_CONNECTOR_SYMBOL) {
    settings.computerConnector = { [EXPORTED_SSH_CONNECTOR_SYMBOL]: connector[SSH_CONNECTOR_SYMBOL] };
  }
  return escapeCascValues(settings) as Record<string, unknown>;
}

/**
 * The YAML to send to `/configuration-as-code/check` and `/apply`: only `jenkins.clouds`, the
 * declared EC2 Fleet clouds in their order and then every other cloud as it was exported. JCasC
 * replaces the whole list, so a cloud left out here would be removed.
 */
export function renderCascClouds(input: { declared: readonly Ec2FleetCloudSpec[]; otherClouds: readonly OpaqueCloud[] }): string {
  const document = new Document({ jenkins: { clouds: [] } });
  const fleetClouds = input.declared.map((cloud) => document.createNode({ eC2Fleet: cascSettings(cloud) }));
  // Strings double-quoted, as JCasC exports them, so that YAML 1.1 (SnakeYAML) cannot read "on",
  // "no" or "0755" as anything but text.
  for (const node of fleetClouds) {
    visit(node, {
      Scalar(key, scalar) {
        if (key !== 'key' && typeof scalar.value === 'string') scalar.type = 'QUOTE_DOUBLE';
      },
    });
  }
  document.setIn(['jenkins', 'clouds'], document.createNode([...fleetClouds, ...input.otherClouds.map((cloud) => cloud.node.clone())]));
  return document.toString({ lineWidth: 0 });
}
