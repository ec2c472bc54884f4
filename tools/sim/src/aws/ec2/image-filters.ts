import { type ImageRecord } from '../../world/images.ts';
import { type QueryParams } from '../query-params.ts';
import { filterPredicates, single, type FilterPredicate, type FilterValues } from './filters.ts';

const image = single<ImageRecord>;

/** The DescribeImages filters the simulator knows, by name, with the values an image offers to each. */
const FILTERS: Record<string, FilterValues<ImageRecord>> = {
  architecture: image((i) => i.architecture),
  'block-device-mapping.device-name': (i) => i.blockDevices.map((device) => device.deviceName),
  'block-device-mapping.snapshot-id': (i) => i.blockDevices.map((device) => device.snapshotId),
  'block-device-mapping.volume-size': (i) => i.blockDevices.map((device) => String(device.volumeSize)),
  'block-device-mapping.volume-type': (i) => i.blockDevices.map((device) => device.volumeType),
  'creation-date': image((i) => i.creationDate.toISOString()),
  description: image((i) => i.description),
  'ena-support': image((i) => i.enaSupport),
  hypervisor: image(() => 'xen'),
  'image-id': image((i) => i.imageId),
  'image-type': image(() => 'machine'),
  'is-public': image((i) => i.isPublic),
  name: image((i) => i.name),
  'owner-id': image((i) => i.ownerId),
  'platform-details': image((i) => i.platformDetails),
  'root-device-name': image((i) => i.rootDeviceName),
  'root-device-type': image(() => 'ebs'),
  state: image((i) => i.state),
  'usage-operation': image((i) => i.usageOperation),
  'virtualization-type': image((i) => i.virtualizationType),
};

export type ImagePredicate = FilterPredicate<ImageRecord>;

export function imageFilters(params: QueryParams): ImagePredicate[] {
  return filterPredicates(params, FILTERS);
}
