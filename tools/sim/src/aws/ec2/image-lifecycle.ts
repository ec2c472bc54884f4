import { type BlockDevice, type ImageRecord } from '../../world/images.ts';
import { type World } from '../../world/world.ts';
import { AwsError, missingParameter } from '../errors.ts';
import { type QueryParams } from '../query-params.ts';
import { mutating, type Action } from '../service.ts';
import { ownedImage } from './image-lookup.ts';

const ARCHITECTURES: ImageRecord['architecture'][] = ['x86_64', 'arm64', 'i386'];
const VOLUME_TYPES: BlockDevice['volumeType'][] = ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'];
const AMI_NAME = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;

export function registerImage(world: World): Action {
  return mutating(({ params, caller, region, now }) => {
    const name = params.string('Name');
    if (!name) throw missingParameter('name');
    if (!AMI_NAME.test(name)) {
      throw new AwsError(
        'InvalidAMIName.Malformed',
        "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '@', ''' and '_'",
      );
    }
    const taken = world.images.findByName(caller.accountId, region, name);
    if (taken) throw new AwsError('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${taken.imageId}`);
    const architecture = params.string('Architecture') ?? 'x86_64';
    if (!isOneOf(architecture, ARCHITECTURES)) {
      throw new AwsError('InvalidParameterValue', `Value (${architecture}) for parameter architecture is invalid. Expected one of ${ARCHITECTURES.join(', ')}.`);
    }
    const blockDevices = params.structures('BlockDeviceMapping').map((mapping) => blockDevice(world, mapping));
    const image = world.register({
      ownerId: caller.accountId,
      region,
      name,
      description: params.string('Description'),
      creationDate: now,
      architecture,
      rootDeviceName: params.string('RootDeviceName'),
      blockDevices: blockDevices.length > 0 ? blockDevices : undefined,
      enaSupport: params.boolean('EnaSupport'),
      sriovNetSupport: params.string('SriovNetSupport'),
      tags: imageTags(params),
    });
    return { imageId: image.imageId };
  });
}

export function deregisterImage(world: World): Action {
  return mutating(({ params, caller, region }) => {
    const image = ownedImage(world.images, params.required('ImageId'), caller, region);
    world.deregister(image.imageId);
    const snapshots = params.boolean('DeleteAssociatedSnapshots')
      ? image.blockDevices.map((device) => ({ snapshotId: device.snapshotId, returnCode: 'success' }))
      : undefined;
    return { return: true, deleteSnapshotResultSet: snapshots };
  });
}

function blockDevice(world: World, mapping: QueryParams): BlockDevice {
  const volumeType = mapping.string('Ebs.VolumeType') ?? 'gp2';
  if (!isOneOf(volumeType, VOLUME_TYPES)) throw new AwsError('InvalidParameterValue', `Value (${volumeType}) for parameter volumeType is invalid.`);
  return {
    deviceName: mapping.required('DeviceName', 'BlockDeviceMapping.DeviceName'),
    snapshotId: mapping.string('Ebs.SnapshotId') ?? world.newSnapshotId(),
    volumeSize: mapping.integer('Ebs.VolumeSize') ?? 8,
    volumeType,
    deleteOnTermination: mapping.boolean('Ebs.DeleteOnTermination') ?? true,
    encrypted: mapping.boolean('Ebs.Encrypted') ?? false,
  };
}

/** TagSpecification.N for the image itself; snapshot tags have nowhere to go in the simulator. */
function imageTags(params: QueryParams): [string, string][] {
  return params.structures('TagSpecification').flatMap((spec) => {
    const type = spec.string('ResourceType');
    if (type !== 'image' && type !== 'snapshot') {
      throw new AwsError('InvalidParameterValue', `'${type ?? ''}' is not a valid taggable resource type for this operation.`);
    }
    if (type === 'snapshot') return [];
    return spec.structures('Tag').map((tag): [string, string] => [tag.required('Key', 'TagSpecification.Tag.Key'), tag.string('Value') ?? '']);
  });
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value);
}
