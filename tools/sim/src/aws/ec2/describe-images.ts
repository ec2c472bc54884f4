import { type ImageRecord } from '../../world/images.ts';
import { type World } from '../../world/world.ts';
import { AwsError } from '../errors.ts';
import { type Principal } from '../identities.ts';
import { type QueryParams } from '../query-params.ts';
import { reading, type Action } from '../service.ts';
import { imageFilters } from './image-filters.ts';
import { checkImageId, imagesNotFound } from './image-lookup.ts';
import { imageXml } from './image-xml.ts';

const OWNER_ALIASES = ['amazon', 'aws-marketplace', 'aws-backup-vault'];

export function describeImages(world: World): Action {
  return reading(({ params, caller, now }) => {
    const imageIds = params.list('ImageId');
    const maxResults = pageSize(params, imageIds.length > 0);
    imageIds.forEach(checkImageId);
    const fromOwner = ownerPredicate(params.list('Owner'), caller);
    const executableBy = executablePredicate(params.list('ExecutableBy'), caller);
    const filters = imageFilters(params);
    const includeDeprecated = params.boolean('IncludeDeprecated') ?? false;
    const includeDisabled = params.boolean('IncludeDisabled') ?? false;

    const store = world.images;
    const visible = store.all().filter((image) => store.visibleTo(image, caller.accountId));
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
      })
      .sort((a, b) => (a.imageId < b.imageId ? -1 : 1));

    const after = readToken(params.string('NextToken'));
    const rest = after ? matching.filter((image) => image.imageId > after) : matching;
    const page = maxResults ? rest.slice(0, maxResults) : rest;
    const last = page.at(-1);
    return {
      imagesSet: page.map((image) => imageXml(store, image, caller.accountId)),
      nextToken: last && page.length < rest.length ? writeToken(last.imageId) : undefined,
    };
  });
}

function pageSize(params: QueryParams, byImageIds: boolean): number | undefined {
  const maxResults = params.integer('MaxResults');
  if (maxResults === undefined) return undefined;
  if (byImageIds) throw new AwsError('InvalidParameterCombination', 'The parameter imageIdsSet cannot be used with the parameter maxResults');
  if (maxResults < 5 || maxResults > 1000) {
    throw new AwsError('InvalidParameterValue', `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  return maxResults;
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

/** Tokens carry the last image id of the page; the order is by image id, so pages never overlap. */
function writeToken(lastImageId: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: lastImageId })).toString('base64');
}

function readToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const after = lastImageIdIn(token);
  if (!after) throw new AwsError('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.');
  return after;
}

function lastImageIdIn(token: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && 'after' in parsed && typeof parsed.after === 'string' ? parsed.after : undefined;
  } catch {
    return undefined;
  }
}
