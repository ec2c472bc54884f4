import { type ImageRecord, type ImageStore } from '../../world/images.ts';
import { type XmlObject } from '../xml.ts';

/** An `imagesSet` item as DescribeImages writes it; the tags are the caller's own. */
export function imageXml(store: ImageStore, image: ImageRecord, callerAccountId: string): XmlObject {
  const tags = [...store.tagsSeenBy(image, callerAccountId)].map(([key, value]) => ({ key, value }));
  return {
    imageId: image.imageId,
    imageLocation: `${image.ownerId}/${image.name}`,
    imageState: image.state,
    imageOwnerId: image.ownerId,
    creationDate: image.creationDate,
    isPublic: image.isPublic,
    architecture: image.architecture,
    imageType: 'machine',
    sriovNetSupport: image.sriovNetSupport,
    name: image.name,
    description: image.description,
    rootDeviceType: 'ebs',
    rootDeviceName: image.rootDeviceName,
    blockDeviceMapping: blockDeviceMappingXml(image),
    virtualizationType: image.virtualizationType,
    tagSet: tags.length > 0 ? tags : undefined,
    hypervisor: 'xen',
    enaSupport: image.enaSupport,
    platformDetails: image.platformDetails,
    usageOperation: image.usageOperation,
    deprecationTime: image.deprecationTime,
  };
}

export function blockDeviceMappingXml(image: ImageRecord): XmlObject[] {
  return image.blockDevices.map((device) => ({
    deviceName: device.deviceName,
    ebs: {
      deleteOnTermination: device.deleteOnTermination,
      snapshotId: device.snapshotId,
      volumeSize: device.volumeSize,
      volumeType: device.volumeType,
      encrypted: device.encrypted,
    },
  }));
}
