import { type AgentView } from '../nodes/nodes.ts';
import { ControllerClouds, type CloudsWorld } from './clouds/controller-clouds.ts';
import { type Ec2FleetRelease, ec2FleetRelease } from './clouds/ec2-fleet-release.ts';
import { type JenkinsControllerSpec } from './controller-spec.ts';
import { ControllerSettings } from './controller-settings.ts';
import { type JenkinsController } from './controller.ts';
import { installedPlugins, type InstalledPlugin } from './plugins.ts';

/**
 * One simulated Jenkins controller of the world: its plugins, its clouds and the fleet agents they
 * keep, and its jobs, queue and builds (`jobs`).
 */
export class SimulatedJenkins {
  readonly name: string;
  readonly release: Ec2FleetRelease;
  readonly clouds: ControllerClouds;
  readonly plugins: readonly InstalledPlugin[];
  /** What Configuration as Code exports besides the clouds. */
  readonly settings: ControllerSettings;
  /** The jobs, queue and builds; only the controller with `fleetJobs` has the bake and housekeeping jobs. */
  readonly jobs: JenkinsController;

  constructor(
    readonly spec: JenkinsControllerSpec,
    world: CloudsWorld,
    options: { first: boolean; jobs: (site: SimulatedJenkins) => JenkinsController },
  ) {
    this.name = spec.name;
    this.release = ec2FleetRelease(spec.ec2FleetVersion);
    this.clouds = new ControllerClouds(this.release, world, options.first);
    this.plugins = installedPlugins(spec);
    this.settings = new ControllerSettings(spec.name);
    this.jobs = options.jobs(this);
  }

  get configurationAsCode(): boolean {
    return this.spec.configurationAsCodeVersion !== undefined;
  }

  /** The fleet agents the controller's clouds keep (orphans included). */
  agents(): AgentView[] {
    return this.clouds.nodes.agents();
  }

  agent(name: string): AgentView | undefined {
    return this.agents().find((agent) => agent.name === name);
  }

  /**
   * The agent's displayName in `/computer/api/json`: its instance id, or, as
   * EC2FleetNodeComputer.getDisplayName writes it, `<cloud> <instance id>` (Jenkins.checkGoodName
   * must accept it), with ` Builds left: <n> ` while maxTotalUses counts down.
   */
  displayNameOf(agent: AgentView): string {
    if (this.spec.agentDisplayNames === 'instance-id') return agent.name;
    const node = this.clouds.nodes.binding(agent.name);
    if (!node) return agent.name;
    const name = `${node.cloudName} ${agent.name}`;
    const display = /[?*/\\%!@#$^&|<>[\]:;]/.test(name) ? agent.name : name;
    const uses = node.liveCloud?.fields.maxTotalUses ?? -1;
    const counting = this.release.nodesFollow === 'cloud-name' ? uses >= 0 : uses !== -1;
    return counting ? `${display} Builds left: ${uses} ` : display;
  }
}
