import { type Ec2FleetRelease } from './ec2-fleet-release.ts';
import { type Cloud, type ConstructorArguments, constructFleetCloud, FleetCloud, type FleetCloudFields, type FleetLookup, JavaException, type OtherCloud } from './fleet-cloud.ts';
import { type FleetNodeBinding, FleetNodes, type FleetNodeWorld } from './fleet-nodes.ts';

/** What `/ec2-fleet/stats` says of one cloud (EC2FleetStatsApi.doStats over FleetStateStats). */
export interface FleetCloudStats {
  fleet: string | null;
  state: string;
  label: string | null;
  numActive: number;
  numDesired: number;
}

/** What the clouds need of the world besides the nodes: the Auto Scaling groups the plugin reads. */
export interface CloudsWorld extends FleetNodeWorld {
  /** The group's desired capacity and its instances that are not terminated; undefined when AWS has no such group. */
  group(name: string, region: string | null): { desiredCapacity: number; activeInstances: number } | undefined;
}

/**
 * One controller's `Jenkins.clouds`: the EC2 Fleet clouds (as the installed plugin release builds
 * them) and clouds of other plugins, and the fleet nodes those clouds keep.
 */
export class ControllerClouds {
  readonly nodes: FleetNodes;
  private list: Cloud[] = [];

  constructor(
    readonly release: Ec2FleetRelease,
    private readonly world: CloudsWorld,
    keepsUnknownStaleAgents: boolean,
  ) {
    this.nodes = new FleetNodes(release, world, () => this.list, keepsUnknownStaleAgents);
  }

  all(): readonly Cloud[] {
    return this.list;
  }

  fleetClouds(): FleetCloud[] {
    return this.list.filter((cloud): cloud is FleetCloud => cloud instanceof FleetCloud);
  }

  otherClouds(): OtherCloud[] {
    return this.list.filter((cloud): cloud is OtherCloud => cloud.kind === 'other');
  }

  fleetCloud(name: string): FleetCloud | undefined {
    return this.fleetClouds().find((cloud) => cloud.name === name);
  }

  /** How the plugin finds a cloud's fleet when it is constructed. */
  readonly lookup: FleetLookup = (fleet, region) => this.world.group(fleet, region) !== undefined;

  /** `new EC2FleetCloud(…)` on this controller, with the constructor's side effect on the nodes before 3.0.0. */
  construct(args: ConstructorArguments, environmentVariables: { name: string; value: string }[] = []): FleetCloud {
    // Nodes ask their clouds before a new one can take any over.
    this.nodes.bindings();
    const cloud = constructFleetCloud(this.release, args, this.lookup);
    if (this.release.environmentVariables) cloud.fields.environmentVariables = environmentVariables;
    this.nodes.constructed(cloud);
    return cloud;
  }

  /** `Jenkins.clouds.replaceBy(…)`: the list as given, every cloud object as it is. */
  replaceAll(clouds: readonly Cloud[]): void {
    this.nodes.bindings();
    this.list = [...clouds];
  }

  /**
   * What saving a cloud's page in Jenkins does: a new EC2FleetCloud object from the form, with the
   * changes, takes the old one's place. A renamed cloud leaves its nodes behind from 3.0.0; a new
   * fleet leaves them behind before 3.0.0.
   */
  changeByHand(name: string, changes: Partial<FleetCloudFields>): FleetCloud {
    const current = this.fleetCloud(name);
    if (!current) throw new Error(`no EC2 Fleet cloud "${name}" on the controller (it has ${this.fleetClouds().map((cloud) => `"${cloud.name}"`).join(', ') || 'none'})`);
    const fields = { ...current.fields, ...changes };
    if (fields.name !== name && this.list.some((cloud) => cloud.name === fields.name)) throw new Error(`a cloud named "${fields.name}" exists already`);
    const replacement = this.construct(constructorArguments(fields), fields.environmentVariables);
    this.replaceAll(this.list.map((cloud) => (cloud === current ? replacement : cloud)));
    return replacement;
  }

  /**
   * What Configuration as Code's export does to describe a cloud (DataBoundConfigurator.describe):
   * it builds a reference instance from the cloud's constructor arguments and throws it away. Before
   * 3.0.0 that constructor takes the cloud's nodes over, so an export orphans them
   * (jenkinsci/ec2-fleet-plugin#323, #360).
   */
  describeForExport(cloud: FleetCloud): void {
    try {
      this.construct(constructorArguments(cloud.fields));
    } catch (error) {
      if (!(error instanceof JavaException)) throw error;
    }
  }

  /** Deleting a cloud from Manage Jenkins › Clouds: its nodes stay, orphaned. */
  remove(name: string): void {
    const cloud = this.list.find((candidate) => candidate.name === name);
    if (!cloud) throw new Error(`no cloud "${name}" on the controller`);
    this.replaceAll(this.list.filter((candidate) => candidate !== cloud));
  }

  /** The nodes whose cloud is gone. */
  orphans(): FleetNodeBinding[] {
    return this.nodes.bindings().filter((node) => !node.liveCloud);
  }

  /**
   * Each fleet cloud's last FleetStateStats: the group's status (`active`), its instances, and the
   * target capacity the cloud keeps within its own minSize and maxSize. A cloud whose group AWS
   * lacks has none and is left out, as doStats leaves out a cloud without stats.
   */
  stats(): FleetCloudStats[] {
    return this.fleetClouds().flatMap((cloud): FleetCloudStats[] => {
      const { fleet, region, minSize, maxSize, labelString } = cloud.fields;
      const group = fleet === null ? undefined : this.world.group(fleet, region);
      if (!group) return [];
      const numDesired = Math.max(minSize, Math.min(maxSize, group.desiredCapacity));
      return [{ fleet, state: 'active', label: labelString, numActive: group.activeInstances, numDesired }];
    });
  }
}

/** The arguments that build a cloud with these fields again. */
function constructorArguments(fields: FleetCloudFields): ConstructorArguments {
  const { environmentVariables: _setByItsSetter, ...constructorFields } = fields;
  return { ...constructorFields, maxTotalUses: String(fields.maxTotalUses) };
}
