import { type Random } from '../random.ts';

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated';
export type LifecycleState = 'Pending' | 'InService' | 'Terminating' | 'Terminated';
export type HealthStatus = 'Healthy' | 'Unhealthy';

export interface InstanceRecord {
  instanceId: string;
  reservationId: string;
  ownerId: string;
  /** Its group's region: another region's API does not know it. */
  region: string;
  imageId: string;
  instanceType: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  /** Always in 127.0.0.0/8: whoever follows it must stay on the loopback. */
  privateIpAddress: string;
  launchTime: Date;
  /** When it finished booting and went InService; undefined while pending. */
  runningSince: Date | undefined;
  state: InstanceStateName;
  terminatedAt: Date | undefined;
  rootVolumeId: string;
  iamInstanceProfile: string | undefined;
  securityGroupIds: string[];
  tags: Map<string, string>;
  /** The Auto Scaling side of the instance. */
  groupName: string;
  lifecycleState: LifecycleState;
  healthStatus: HealthStatus;
  protectedFromScaleIn: boolean;
  launchTemplate: { launchTemplateId: string; launchTemplateName: string; version: string };
  /** The template version the launch resolved to, which SkipMatching compares. */
  resolvedVersion: number;
}

/** Every instance of the world, terminated ones included until EC2 forgets them. */
export class InstanceStore {
  private readonly byId = new Map<string, InstanceRecord>();
  private addressesGiven = 0;

  constructor(private readonly random: Random) {}

  add(instance: InstanceRecord): InstanceRecord {
    this.byId.set(instance.instanceId, instance);
    return instance;
  }

  get(instanceId: string): InstanceRecord | undefined {
    return this.byId.get(instanceId);
  }

  require(instanceId: string): InstanceRecord {
    const instance = this.byId.get(instanceId);
    if (!instance) throw new Error(`no instance ${instanceId} in the simulated world`);
    return instance;
  }

  all(): InstanceRecord[] {
    return [...this.byId.values()];
  }

  /** The group's members: launched and not yet terminated. */
  inGroup(groupName: string): InstanceRecord[] {
    return this.all().filter((instance) => instance.groupName === groupName && instance.lifecycleState !== 'Terminated');
  }

  newInstanceId(): string {
    return `i-0${this.random.hex(16)}`;
  }

  newReservationId(): string {
    return `r-0${this.random.hex(16)}`;
  }

  newVolumeId(): string {
    return `vol-0${this.random.hex(16)}`;
  }

  /** 127.10.0.1, 127.10.0.2, …: never reused, never off the loopback. */
  newPrivateIp(): string {
    const n = this.addressesGiven;
    this.addressesGiven += 1;
    const third = Math.floor(n / 254);
    if (third > 255) throw new Error('the simulator ran out of loopback addresses in 127.10.0.0/16');
    return `127.10.${third}.${(n % 254) + 1}`;
  }
}

export function privateDnsName(instance: InstanceRecord): string {
  return `ip-${instance.privateIpAddress.replaceAll('.', '-')}.ec2.internal`;
}
