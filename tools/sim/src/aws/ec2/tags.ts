import { type ImageRecord, type TagRemoval } from '../../world/images.ts';
import { type World } from '../../world/world.ts';
import { AwsError, missingParameter } from '../errors.ts';
import { type Principal } from '../identities.ts';
import { type QueryParams } from '../query-params.ts';
import { mutating, type Action } from '../service.ts';
import { visibleImage } from './image-lookup.ts';

const MAX_TAGS = 50;

/**
 * CreateTags on an AMI. Tags an account puts on an AMI shared with it are its own: the owner and
 * the other accounts do not see them, and it never sees the owner's.
 */
export function createTags(world: World): Action {
  return mutating(({ params, caller, region }) => {
    const images = taggedImages(world, params, caller, region);
    const tags = params.structures('Tag').map((tag) => [checkKey(tag.string('Key')), checkValue(tag.string('Value') ?? '')] as const);
    if (tags.length === 0) throw missingParameter('tagSet');
    for (const image of images) {
      const keys = new Set([...world.images.tagsSeenBy(image, caller.accountId).keys(), ...tags.map(([key]) => key)]);
      if (keys.size > MAX_TAGS) throw new AwsError('TagLimitExceeded', `The maximum number of tags (${MAX_TAGS}) for ${image.imageId} would be exceeded`);
    }
    for (const image of images) world.images.setTags(image, caller.accountId, tags);
    return { return: true };
  });
}

/** DeleteTags: a tag given with a value goes only if the value matches; no tags at all removes every tag. */
export function deleteTags(world: World): Action {
  return mutating(({ params, caller, region }) => {
    const images = taggedImages(world, params, caller, region);
    const given = params.structures('Tag');
    const removals: TagRemoval[] = given.map((tag) => {
      const key = checkKey(tag.string('Key'));
      return tag.has('Value') ? { key, value: tag.string('Value') ?? '' } : { key };
    });
    for (const image of images) world.images.deleteTags(image, caller.accountId, given.length > 0 ? removals : undefined);
    return { return: true };
  });
}

/** Every resource is checked before any is changed, so a bad id changes nothing. */
function taggedImages(world: World, params: QueryParams, caller: Principal, region: string): ImageRecord[] {
  const resources = params.list('ResourceId');
  if (resources.length === 0) throw missingParameter('resourceIdSet');
  return resources.map((id) => {
    if (!id.startsWith('ami-')) throw new AwsError('InvalidID', `The ID '${id}' is not valid`);
    return visibleImage(world.images, id, caller, region);
  });
}

function checkKey(key: string | undefined): string {
  if (!key) throw new AwsError('InvalidParameterValue', 'Tag key cannot be null or empty');
  if (key.length > 128) throw new AwsError('InvalidParameterValue', `Tag key exceeds the maximum length of 128 characters: ${key}`);
  if (key.toLowerCase().startsWith('aws:')) throw new AwsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
  return key;
}

function checkValue(value: string): string {
  if (value.length > 256) throw new AwsError('InvalidParameterValue', 'Tag value exceeds the maximum length of 256 characters');
  return value;
}
