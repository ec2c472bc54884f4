import { type ImageRecord } from '../../world/images.ts';
import { type World } from '../../world/world.ts';
import { AwsError } from '../errors.ts';
import { type QueryParams } from '../query-params.ts';
import { mutating, reading, type Action } from '../service.ts';
import { type XmlValue } from '../xml.ts';
import { ownedImage } from './image-lookup.ts';
import { blockDeviceMappingXml } from './image-xml.ts';

const ATTRIBUTES: Record<string, (image: ImageRecord) => XmlValue> = {
  description: (image) => (image.description === undefined ? {} : { value: image.description }),
  kernel: () => ({}),
  ramdisk: () => ({}),
  launchPermission: (image) => [
    ...[...image.launchPermissions].sort().map((userId) => ({ userId })),
    ...(image.isPublic ? [{ group: 'all' }] : []),
  ],
  productCodes: () => [],
  blockDeviceMapping: (image) => blockDeviceMappingXml(image),
  sriovNetSupport: (image) => (image.sriovNetSupport ? { value: image.sriovNetSupport } : {}),
  bootMode: () => ({}),
  tpmSupport: () => ({}),
  uefiData: () => ({}),
  lastLaunchedTime: () => ({}),
  imdsSupport: () => ({}),
  deregistrationProtection: () => ({ value: 'disabled' }),
};

/** Only the owner may read an AMI's attributes, launch permissions included. */
export function describeImageAttribute(world: World): Action {
  return reading(({ params, caller, region }) => {
    const imageId = params.required('ImageId');
    const attribute = params.required('Attribute');
    const read = ATTRIBUTES[attribute];
    if (!read) throw new AwsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
    const image = ownedImage(world.images, imageId, caller, region);
    return { imageId: image.imageId, [attribute]: read(image) };
  });
}

interface PermissionChange {
  userId?: string;
  group?: string;
}

/**
 * Launch permissions (the structured `LaunchPermission.Add.N.UserId` and the older
 * `Attribute=launchPermission&OperationType=add&UserId.N`) and the description.
 */
export function modifyImageAttribute(world: World): Action {
  return mutating(({ params, caller, region }) => {
    const image = ownedImage(world.images, params.required('ImageId'), caller, region);
    const { add, remove } = permissionChanges(params);
    const attribute = params.string('Attribute');
    const description = params.string('Description.Value') ?? (attribute === 'description' ? params.string('Value') : undefined);
    if (add.length === 0 && remove.length === 0 && description === undefined) {
      throw new AwsError('MissingParameter', 'The request must contain the parameter LaunchPermission, Description or Attribute');
    }
    [...add, ...remove].forEach(checkPermission);
    for (const change of add) {
      if (change.userId) image.launchPermissions.add(change.userId);
      if (change.group) image.isPublic = true;
    }
    for (const change of remove) {
      if (change.userId) image.launchPermissions.delete(change.userId);
      if (change.group) image.isPublic = false;
    }
    if (description !== undefined) image.description = description;
    return { return: true };
  });
}

function permissionChanges(params: QueryParams): { add: PermissionChange[]; remove: PermissionChange[] } {
  const structured = params.scope('LaunchPermission');
  const read = (list: QueryParams[]): PermissionChange[] => list.map((item) => ({ userId: item.string('UserId'), group: item.string('Group') }));
  const add = read(structured.structures('Add'));
  const remove = read(structured.structures('Remove'));
  if (params.string('Attribute') === 'launchPermission') {
    const operation = params.string('OperationType');
    if (operation !== 'add' && operation !== 'remove') {
      throw new AwsError('InvalidParameterValue', `Value (${operation ?? ''}) for parameter operationType is invalid. Expected add or remove.`);
    }
    const legacy: PermissionChange[] = [...params.list('UserId').map((userId) => ({ userId })), ...params.list('UserGroup').map((group) => ({ group }))];
    (operation === 'add' ? add : remove).push(...legacy);
  }
  return { add, remove };
}

function checkPermission(change: PermissionChange): void {
  if (change.userId !== undefined && !/^\d{12}$/.test(change.userId)) {
    throw new AwsError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${change.userId}" for userId item type.`);
  }
  if (change.group !== undefined && change.group !== 'all') {
    throw new AwsError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${change.group}" for group item type.`);
  }
}
