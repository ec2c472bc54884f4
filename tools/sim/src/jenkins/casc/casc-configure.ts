import { randomUUID } from 'node:crypto';
import { type Cloud } from '../../world/jenkins/clouds/fleet-cloud.ts';
import { JENKINS_ATTRIBUTES, ROOT_ELEMENTS } from '../../world/jenkins/controller-settings.ts';
import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';
import { configureClouds, toSettings } from './casc-clouds.ts';
import { type CNode, readYaml } from './casc-tree.ts';
import { ConfiguratorError, unknownAttributes, wrongKind } from './configurator-error.ts';

/** What a YAML document would set: the clouds when it has `jenkins.clouds`, other attributes and root elements as given. */
export interface CascPlan {
  clouds: Cloud[] | undefined;
  jenkins: Record<string, unknown>;
  roots: Record<string, unknown>;
}

export type CascOutcome = { ok: true; plan: CascPlan } | { ok: false; message: string };

/**
 * ConfigurationAsCode.checkWith / configureWith over one request's YAML (no other sources: the
 * simulated controllers load no CASC_JENKINS_CONFIG), run through the configurators in order:
 * `jenkins` first, then the other root elements; a root element nobody configures is an error.
 * Building the clouds constructs them, with whatever the installed plugin's constructor does.
 */
export function planCasc(controller: SimulatedJenkins, yaml: string, sourceName: string): CascOutcome {
  const read = readYaml(yaml, sourceName);
  if (!read.ok) return { ok: false, message: read.message };
  const plan: CascPlan = { clouds: undefined, jenkins: {}, roots: {} };
  if (read.root === null) return { ok: true, plan };
  if (read.root.type !== 'mapping') return { ok: false, message: `class io.jenkins.plugins.casc.model.${read.root.type === 'sequence' ? 'Sequence' : 'Scalar'} cannot be cast to class io.jenkins.plugins.casc.model.Mapping` };
  try {
    const roots = read.root.entries;
    const matched = new Set<string>();
    for (const root of ROOT_ELEMENTS) {
      const found = roots.find(([key]) => key.toLowerCase() === root.toLowerCase() && !matched.has(key));
      if (!found) continue;
      matched.add(found[0]);
      if (root === 'jenkins') configureJenkins(found[1], controller, sourceName, plan);
      else plan.roots[root] = toSettings(found[1]);
    }
    const unknown = roots.map(([key]) => key).filter((key) => !matched.has(key) && !key.startsWith('x-'));
    if (unknown.length > 0) {
      return {
        ok: false,
        message: `No configurator found for the following root ${unknown.length > 1 ? 'elements' : 'element'}: ${unknown.join(', ')}. This may indicate that the required plugin is not installed or failed to load. Verify that the plugin is installed and check the Jenkins startup logs for plugin loading errors.`,
      };
    }
    return { ok: true, plan };
  } catch (error) {
    if (error instanceof ConfiguratorError) return { ok: false, message: error.describe() };
    throw error;
  }
}

/** JenkinsConfigurator: `clouds` built, the other attributes taken as they are, unknown ones refused. */
function configureJenkins(node: CNode, controller: SimulatedJenkins, sourceName: string, plan: CascPlan): void {
  if (node.type !== 'mapping') throw wrongKind('Mapping', `${sourceName}:${node.line}`);
  const unknown: string[] = [];
  for (const [key, value] of node.entries) {
    const attribute = JENKINS_ATTRIBUTES.find((name) => name.toLowerCase() === key.toLowerCase());
    if (attribute === 'clouds') plan.clouds = configureClouds(value, controller, sourceName);
    else if (attribute === 'labelAtoms') continue;
    else if (attribute) plan.jenkins[attribute] = toSettings(value);
    else unknown.push(key);
  }
  if (unknown.length > 0) throw unknownAttributes('jenkins', 'jenkins.model.Jenkins', unknown, JENKINS_ATTRIBUTES);
}

/** What doCheck answers: 200 `[]` when the YAML would apply, else 400 with the exception's message at line -1. */
export function checkCasc(controller: SimulatedJenkins, yaml: string): { status: number; issues: { line: number; message: string }[] } {
  const outcome = planCasc(controller, yaml, '/configuration-as-code/check');
  return outcome.ok ? { status: 200, issues: [] } : { status: 400, issues: [{ line: -1, message: outcome.message }] };
}

/**
 * What doApply does: check, then configure (the clouds list replaced as a whole, other attributes
 * and root elements as given). A failure is an exception Jenkins logs under an id and shows as its
 * error page; the id is returned.
 */
export function applyCasc(controller: SimulatedJenkins, yaml: string): { ok: true } | { ok: false; loggingId: string; message: string } {
  const checked = planCasc(controller, yaml, '/configuration-as-code/apply');
  const outcome = checked.ok ? planCasc(controller, yaml, '/configuration-as-code/apply') : checked;
  if (!outcome.ok) {
    const loggingId = randomUUID();
    controller.settings.log.push({ id: loggingId, message: `io.jenkins.plugins.casc.ConfiguratorException: ${outcome.message}` });
    return { ok: false, loggingId, message: outcome.message };
  }
  const { plan } = outcome;
  if (plan.clouds) controller.clouds.replaceAll(plan.clouds);
  Object.assign(controller.settings.jenkins, plan.jenkins);
  Object.assign(controller.settings.roots, plan.roots);
  return { ok: true };
}
