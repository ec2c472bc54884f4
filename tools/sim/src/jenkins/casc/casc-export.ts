import { fleetCloudAsCasc } from '../../world/jenkins/clouds/casc-shape.ts';
import { FleetCloud } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';
import { type ExportValue, renderExport } from './casc-tree.ts';

/** Attributes whose values are enums, which the export writes unquoted. */
const ENUM_ATTRIBUTES = new Set(['mode']);

function exportValue(value: unknown, key?: string): ExportValue {
  if (typeof value === 'string') return key && ENUM_ATTRIBUTES.has(key) ? { plain: value } : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => exportValue(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, exportValue(item, name)]));
  return '';
}

/**
 * POST /configuration-as-code/export: the controller's whole configuration. `jenkins.clouds` holds
 * each EC2 Fleet cloud as `eC2Fleet:` with its constructor's parameters read through the getters
 * and `computerConnector: {sSHConnector: …}`, and every other cloud as its plugin exports it;
 * `labelAtoms` lists every label Jenkins knows, node names included. Describing a cloud constructs a
 * copy of it, with what that does on the installed plugin release.
 */
export function exportCasc(controller: SimulatedJenkins, baseUrl: string): string {
  for (const cloud of controller.clouds.fleetClouds()) controller.clouds.describeForExport(cloud);
  const clouds = controller.clouds.all().map((cloud): ExportValue => {
    if (cloud instanceof FleetCloud) return { eC2Fleet: exportValue(fleetCloudAsCasc(cloud, controller.release, 'export')) };
    return { [cloud.symbol]: exportValue(cloud.settings) };
  });
  const labels = new Set(['built-in']);
  for (const cloud of controller.clouds.fleetClouds()) for (const label of (cloud.fields.labelString ?? '').split(/\s+/)) if (label) labels.add(label);
  for (const agent of controller.agents()) labels.add(agent.name);
  const jenkins = { ...(exportValue(controller.settings.jenkins) as Record<string, ExportValue>), clouds, labelAtoms: [...labels].sort().map((name) => ({ name })) };
  const roots = Object.entries(controller.settings.roots).map(([name, value]): [string, ExportValue] => [name, exportValue(value)]);
  const unclassified = roots.find(([name]) => name === 'unclassified');
  if (unclassified) unclassified[1] = { ...(unclassified[1] as Record<string, ExportValue>), location: { ...((unclassified[1] as Record<string, Record<string, ExportValue>>).location ?? {}), url: `${baseUrl}/` } };
  return renderExport([['jenkins', jenkins], ...roots]);
}
