import { type WorkerTypeConfig } from '@fleet/core';
import { ec2FleetRelease } from './clouds/ec2-fleet-release.ts';

/** One simulated Jenkins controller: what is installed on it and which of the fleet's clouds it has. */
export interface JenkinsControllerSpec {
  /** Its name in the portal's config, e.g. `ci-int`. */
  name: string;
  /** Its port; 0 or left out picks one (the first controller takes SimulatorOptions.jenkinsPort). */
  port?: number;
  /** Jenkins's version (X-Jenkins); 2.462.3 when left out. */
  jenkinsVersion?: string;
  /** The installed ec2-fleet plugin: 2.5.0 … 2.7.x, or 3.2.0 and later. */
  ec2FleetVersion: string;
  /** The installed configuration-as-code plugin's version; without it /configuration-as-code answers 404. */
  configurationAsCodeVersion?: string;
  /** Whether the bake and housekeeping jobs (and their seeded history) live here: exactly one controller has them. */
  fleetJobs: boolean;
  /** The worker types whose Auto Scaling groups get a cloud here; a controller without it takes every type no other controller claims. */
  workerTypes?: (type: WorkerTypeConfig) => boolean;
  /** A Kubernetes cloud beside the EC2 Fleet clouds, which the portal must leave alone. */
  kubernetesCloud?: boolean;
  /** The cloud field the seed changes by hand, so the controller starts drifted from what the worker types imply. */
  seedDrift?: 'idleMinutes' | 'maxSize';
  /**
   * What `/computer/api/json` shows as a fleet agent's `displayName`: what
   * EC2FleetNodeComputer.getDisplayName really shows, `<cloud name> <instance id>` (with
   * ` Builds left: <n> ` when maxTotalUses is set; the default), or the instance id alone.
   */
  agentDisplayNames?: 'instance-id' | 'cloud-and-instance-id';
}

/** The release the CasC tests below were read at (jenkinsci/configuration-as-code-plugin, tag 2117.vc05a_0b_e6b_f4e). */
export const CONFIGURATION_AS_CODE_VERSION = '2117.vc05a_0b_e6b_f4e';
export const CURRENT_EC2_FLEET_VERSION = '4.3.0.549.vf2a_da_a_d19b_5e';

/** The controller the fleet's jobs run on, with Configuration as Code and a current ec2-fleet plugin. */
export const CI_INT: JenkinsControllerSpec = {
  name: 'ci-int',
  ec2FleetVersion: CURRENT_EC2_FLEET_VERSION,
  configurationAsCodeVersion: CONFIGURATION_AS_CODE_VERSION,
  fleetJobs: true,
  kubernetesCloud: true,
  seedDrift: 'idleMinutes',
};

/** An older controller: no Configuration as Code, ec2-fleet 2.7.1 (its constructor takes oldId), the CentOS 7 pools. */
export const CI_EXT: JenkinsControllerSpec = {
  name: 'ci-ext',
  jenkinsVersion: '2.361.4',
  ec2FleetVersion: '2.7.1',
  fleetJobs: false,
  workerTypes: (type) => type.baseOs === 'centos7',
  seedDrift: 'maxSize',
};

/** What every test started before the clouds existed sees: ci-int alone, with a cloud for every pool. */
export const DEFAULT_JENKINS_CONTROLLERS: readonly JenkinsControllerSpec[] = [CI_INT];
/** The demo's two controllers (`npm run sim`). */
export const DEMO_JENKINS_CONTROLLERS: readonly JenkinsControllerSpec[] = [CI_INT, CI_EXT];

/** Refuses a set of controllers the simulator cannot play, naming what to change. */
export function checkControllerSpecs(specs: readonly JenkinsControllerSpec[]): void {
  if (specs.length === 0) throw new Error('the simulator needs at least one Jenkins controller');
  const names = new Set<string>();
  for (const spec of specs) {
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(spec.name)) throw new Error(`controller name "${spec.name}" must be lower-case letters, digits and dashes`);
    if (names.has(spec.name)) throw new Error(`controller "${spec.name}" is listed twice`);
    names.add(spec.name);
    ec2FleetRelease(spec.ec2FleetVersion);
  }
  const withJobs = specs.filter((spec) => spec.fleetJobs).length;
  if (withJobs !== 1) throw new Error(`exactly one controller runs the bake and housekeeping jobs (fleetJobs), not ${withJobs}`);
}

/** The controller a worker type's clouds go to: the first that claims it, else the first that claims none in particular. */
export function controllerOfWorkerType(specs: readonly JenkinsControllerSpec[], type: WorkerTypeConfig): JenkinsControllerSpec | undefined {
  return specs.find((spec) => spec.workerTypes?.(type)) ?? specs.find((spec) => spec.workerTypes === undefined);
}
