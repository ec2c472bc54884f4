import { type ImageRecord } from '../../world/images.ts';
import { AwsError } from '../errors.ts';
import { type QueryParams } from '../query-params.ts';

type FilterValues = (image: ImageRecord, tags: ReadonlyMap<string, string>) => string[];

const single = (read: (image: ImageRecord) => string | number | boolean | undefined): FilterValues => (image) => {
  const value = read(image);
  return value === undefined ? [] : [String(value)];
};

/** The DescribeImages filters the simulator knows, by name, with the values an image offers to each. */
const FILTERS: Record<string, FilterValues> = {
  architecture: single((image) => image.architecture),
  'block-device-mapping.device-name': (image) => image.blockDevices.map((device) => device.deviceName),
  'block-device-mapping.snapshot-id': (image) => image.blockDevices.map((device) => device.snapshotId),
  'block-device-mapping.volume-size': (image) => image.blockDevices.map((device) => String(device.volumeSize)),
  'block-device-mapping.volume-type': (image) => image.blockDevices.map((device) => device.volumeType),
  'creation-date': single((image) => image.creationDate.toISOString()),
  description: single((image) => image.description),
  'ena-support': single((image) => image.enaSupport),
  hypervisor: single(() => 'xen'),
  'image-id': single((image) => image.imageId),
  'image-type': single(() => 'machine'),
  'is-public': single((image) => image.isPublic),
  name: single((image) => image.name),
  'owner-id': single((image) => image.ownerId),
  'platform-details': single((image) => image.platformDetails),
  'root-device-name': single((image) => image.rootDeviceName),
  'root-device-type': single(() => 'ebs'),
  state: single((image) => image.state),
  'usage-operation': single((image) => image.usageOperation),
  'virtualization-type': single((image) => image.virtualizationType),
  'tag-key': (_image, tags) => [...tags.keys()],
};

export type ImagePredicate = (image: ImageRecord, tags: ReadonlyMap<string, string>) => boolean;

/** `Filter.N.Name` / `Filter.N.Value.M`: values of one filter are alternatives, filters all apply. */
export function imageFilters(params: QueryParams): ImagePredicate[] {
  return params.structures('Filter').map((filter) => {
    const name = filter.string('Name') ?? '';
    const values = name.startsWith('tag:') ? tagValues(name.slice(4)) : FILTERS[name];
    if (!values) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    const patterns = filter.list('Value').map(wildcard);
    return (image, tags) => values(image, tags).some((value) => patterns.some((pattern) => pattern.test(value)));
  });
}

function tagValues(key: string): FilterValues {
  return (_image, tags) => {
    const value = tags.get(key);
    return value === undefined ? [] : [value];
  };
}

/** EC2's filter wildcards: `*` any run of characters, `?` exactly one, a backslash escapes either. */
export function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += escapeRegExp(pattern[i] ?? '');
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
