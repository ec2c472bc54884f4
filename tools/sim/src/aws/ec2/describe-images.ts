import { type ImageRecord } from '../../world/images.ts';
import { type World } from '../../world/world.ts';
import { AwsError } from '../errors.ts';
import { type Principal } from '../identities.ts';
import { paginate } from '../pagination.ts';
import { reading, type Action } from '../service.ts';
import { maxResults } from './max-results.ts';
import { imageFilters } from './image-filters.ts';
import { checkImageId, imagesNotFound } from './image-lookup.ts';
import { imageXml } from './image-xml.ts';

const OWNER_ALIASES = ['amazon', 'aws-marketplace', 'aws-backup-vault'];

export function describeImages(world: World): Action {
  return reading(({ params, caller, region, now }) => {
    const imageIds = params.list('ImageId');
    const pageSize = maxResults(params, { min: 5, max: 1000, idsParameter: 'imageIdsSet', byIds: imageIds.length > 0 });
    imageIds.forEach(checkImageId);
    const fromOwner = ownerPredicate(params.list('Owner'), caller);
    const executableBy = executablePredicate(params.list('ExecutableBy'), caller);
    const filters = imageFilters(params);
    const includeDeprecated = params.boolean('IncludeDeprecated') ?? false;
    const includeDisabled = params.boolean('IncludeDisabled') ?? false;

    const store = world.images;
    const visible = store.all().filter((image) => store.visibleTo(image, caller.accountId, region));
    const missing = imageIds.filter((id) => !visible.some((image) => image.imageId === id));
    if (missing.length > 0) throw imagesNotFound(missing);

    const matching = visible
      .filter((image) => imageIds.length === 0 || imageIds.includes(image.imageId))
      .filter((image) => fromOwner(image) && executableBy(image))
      .filter((image) => includeDisabled || image.state !== 'disabled')
      .filter((image) => includeDeprecated || image.ownerId === caller.accountId || !image.deprecationTime || image.deprecationTime > now)
      .filter((image) => {
        const tags = store.tagsSeenBy(image, caller.accountId);
        return filters.every((matches) => matches(image, tags));
      });

    const page = paginate(matching, {
      key: (image) => image.imageId,
      token: params.string('NextToken'),
      size: pageSize,
      invalidToken: () => new AwsError('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.'),
    });
    return {
      imagesSet: page.items.map((image) => imageXml(store, image, caller.accountId)),
      nextToken: page.nextToken,
    };
  });
}


function ownerPredicate(owners: string[], caller: Principal): (image: ImageRecord) => boolean {
  const ids = owners.map((owner) => {
    if (owner === 'self') return caller.accountId;
    if (/^\d{12}$/.test(owner) || OWNER_ALIASES.includes(owner)) return owner;
    throw new AwsError('InvalidUserID.Malformed', `Invalid user id: "${owner}"`);
  });
  return (image) => ids.length === 0 || ids.includes(image.ownerId);
}

/** `self` or the caller's own id: shared with the caller; another id: shared with that account; `all`: public. */
function executablePredicate(users: string[], caller: Principal): (image: ImageRecord) => boolean {
  const checks = users.map((user): ((image: ImageRecord) => boolean) => {
    if (user === 'all') return (image) => image.isPublic;
    const id = user === 'self' ? caller.accountId : user;
    if (!/^\d{12}$/.test(id)) throw new AwsError('InvalidUserID.Malformed', `Invalid user id: "${user}"`);
    return (image) => image.launchPermissions.has(id);
  });
  return (image) => checks.length === 0 || checks.some((check) => check(image));
}
