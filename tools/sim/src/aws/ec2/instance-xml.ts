import { type InstanceRecord, privateDnsName } from '../../world/fleet/instances.ts';
import { type ImageStore } from '../../world/images.ts';
import { type XmlObject } from '../xml.ts';

export const STATE_CODES: Record<InstanceRecord['state'], number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 };
/** The account Auto Scaling launches instances from, as EC2 reports it as their requester. */
const AUTO_SCALING_REQUESTER = '940372691376';

/** A `reservationSet` item: Auto Scaling launches one instance per request, so one instance per reservation. */
export function reservationXml(instance: InstanceRecord, images: ImageStore): XmlObject {
  return {
    reservationId: instance.reservationId,
    ownerId: instance.ownerId,
    requesterId: AUTO_SCALING_REQUESTER,
    groupSet: [],
    instancesSet: [instanceXml(instance, images)],
  };
}

export function instanceXml(instance: InstanceRecord, images: ImageStore): XmlObject {
  const image = images.get(instance.imageId);
  const running = instance.state !== 'terminated';
  const rootDevice = image?.rootDeviceName ?? '/dev/sda1';
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: { code: STATE_CODES[instance.state], name: instance.state },
    privateDnsName: running ? privateDnsName(instance) : '',
    dnsName: '',
    reason: instance.terminatedAt ? `User initiated (${instance.terminatedAt.toISOString().replace(/\.\d{3}Z$/, ' GMT').replace('T', ' ')})` : '',
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime: instance.launchTime,
    placement: { availabilityZone: instance.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: running ? instance.subnetId : undefined,
    vpcId: running ? instance.vpcId : undefined,
    privateIpAddress: running ? instance.privateIpAddress : undefined,
    sourceDestCheck: true,
    groupSet: instance.securityGroupIds.map((groupId) => ({ groupId, groupName: 'jenkins-worker' })),
    stateReason: instance.state === 'terminated' || instance.state === 'shutting-down' ? { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' } : undefined,
    architecture: image?.architecture ?? 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: rootDevice,
    blockDeviceMapping: running
      ? [{ deviceName: rootDevice, ebs: { volumeId: instance.rootVolumeId, status: 'attached', attachTime: instance.launchTime, deleteOnTermination: true } }]
      : [],
    virtualizationType: 'hvm',
    clientToken: '',
    tagSet: [...instance.tags].map(([key, value]) => ({ key, value })),
    hypervisor: 'xen',
    iamInstanceProfile: instance.iamInstanceProfile
      ? { arn: `arn:aws:iam::${instance.ownerId}:instance-profile/${instance.iamInstanceProfile}`, id: `AIPA${instance.instanceId.slice(2, 19).toUpperCase()}` }
      : undefined,
    ebsOptimized: true,
    enaSupport: true,
    platformDetails: image?.platformDetails ?? 'Linux/UNIX',
    usageOperation: image?.usageOperation ?? 'RunInstances',
    usageOperationUpdateTime: instance.launchTime,
    networkInterfaceSet: running ? [networkInterfaceXml(instance)] : [],
    metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
    currentInstanceBootMode: 'legacy-bios',
  };
}

/** The primary interface Auto Scaling gives an instance in its subnet; Prometheus's ec2_sd_config reads its subnet from here. */
function networkInterfaceXml(instance: InstanceRecord): XmlObject {
  const suffix = instance.instanceId.slice(3);
  const dns = privateDnsName(instance);
  const mac = ['02', ...(instance.privateIpAddress.split('.').map((part) => Number(part).toString(16).padStart(2, '0'))), suffix.slice(0, 2)].join(':');
  return {
    networkInterfaceId: `eni-0${suffix}`,
    subnetId: instance.subnetId,
    vpcId: instance.vpcId,
    description: '',
    ownerId: instance.ownerId,
    status: 'in-use',
    macAddress: mac,
    privateIpAddress: instance.privateIpAddress,
    privateDnsName: dns,
    sourceDestCheck: true,
    groupSet: instance.securityGroupIds.map((groupId) => ({ groupId, groupName: 'jenkins-worker' })),
    attachment: { attachmentId: `eni-attach-0${suffix}`, deviceIndex: 0, status: 'attached', attachTime: instance.launchTime, deleteOnTermination: true, networkCardIndex: 0 },
    privateIpAddressesSet: [{ privateIpAddress: instance.privateIpAddress, privateDnsName: dns, primary: true }],
    ipv6AddressesSet: [],
    interfaceType: 'interface',
  };
}
