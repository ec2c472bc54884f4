import { type World } from '../../world/world.ts';
import { AwsError } from '../errors.ts';
import { reading, type Action } from '../service.ts';
import { filterPredicates, single, type FilterValues } from './filters.ts';

interface Zone {
  regionName: string;
  zoneName: string;
  zoneId: string;
}

const COMPASS: Record<string, string> = { northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw' };

/**
 * The zone id AWS gives a zone name, e.g. use1-az1 for us-east-1a. AWS maps letters to ids per
 * account; the simulator maps them in order, the same for every account.
 */
export function zoneId(zoneName: string): string {
  const match = /^([a-z]{2})-((?:[a-z]+-)+)(\d+)([a-z])$/.exec(zoneName);
  if (!match) return '';
  const [, area = '', words = '', number = '', letter = 'a'] = match;
  const short = words.split('-').filter(Boolean).map((word) => COMPASS[word] ?? word[0]).join('');
  return `${area}${short}${number}-az${letter.charCodeAt(0) - 96}`;
}

const zone = single<Zone>;
const FILTERS: Record<string, FilterValues<Zone>> = {
  'group-name': zone((z) => z.regionName),
  'message': () => [],
  'opt-in-status': () => ['opt-in-not-required'],
  'region-name': zone((z) => z.regionName),
  'state': () => ['available'],
  'zone-id': zone((z) => z.zoneId),
  'zone-name': zone((z) => z.zoneName),
  'zone-type': () => ['availability-zone'],
};

/** The zones of the fleet's regions: a to f in us-east-1 as AWS has them, or a to c plus any a group uses elsewhere. */
export function describeAvailabilityZones(world: World): Action {
  return reading(({ params }) => {
    const filters = filterPredicates(params, FILTERS, { tags: false });
    const names = params.list('ZoneName');
    const ids = params.list('ZoneId');
    const zones = regionZones(world);
    for (const name of names) if (!zones.some((z) => z.zoneName === name)) throw new AwsError('InvalidParameterValue', `The zone '${name}' does not exist.`);
    for (const id of ids) if (!zones.some((z) => z.zoneId === id)) throw new AwsError('InvalidParameterValue', `The zone ID '${id}' does not exist.`);
    const matching = zones
      .filter((z) => (names.length === 0 && ids.length === 0) || names.includes(z.zoneName) || ids.includes(z.zoneId))
      .filter((z) => filters.every((matches) => matches(z, new Map())));
    return {
      availabilityZoneInfo: matching.map((z) => ({
        zoneName: z.zoneName,
        zoneState: 'available',
        regionName: z.regionName,
        messageSet: [],
        optInStatus: 'opt-in-not-required',
        zoneId: z.zoneId,
        groupName: z.regionName,
        networkBorderGroup: z.regionName,
        zoneType: 'availability-zone',
        groupLongName: z.regionName,
      })),
    };
  });
}

function regionZones(world: World): Zone[] {
  const used = world.fleet.groups().flatMap((group) => group.availabilityZones.map((name) => ({ region: group.region, name })));
  const regions = [...new Set(used.map((entry) => entry.region))];
  return regions.flatMap((regionName) => {
    const letters = new Set(regionName === 'us-east-1' ? ['a', 'b', 'c', 'd', 'e', 'f'] : ['a', 'b', 'c']);
    for (const entry of used) if (entry.region === regionName) letters.add(entry.name.slice(regionName.length));
    return [...letters].sort().map((letter) => ({ regionName, zoneName: `${regionName}${letter}`, zoneId: zoneId(`${regionName}${letter}`) }));
  });
}
