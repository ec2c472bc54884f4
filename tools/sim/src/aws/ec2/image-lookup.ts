import { type ImageRecord, type ImageStore } from '../../world/images.ts';
import { AwsError } from '../errors.ts';
import { type Principal } from '../identities.ts';

const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkImageId(imageId: string): void {
  if (!AMI_ID.test(imageId)) throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
}

export function imagesNotFound(imageIds: readonly string[]): AwsError {
  const list = `'[${imageIds.join(', ')}]'`;
  return new AwsError('InvalidAMIID.NotFound', imageIds.length === 1 ? `The image id ${list} does not exist` : `The image ids ${list} do not exist`);
}

/** An image the caller may see in the region: owned, shared with it or public. Anything else does not exist for it. */
export function visibleImage(store: ImageStore, imageId: string, caller: Principal, region: string): ImageRecord {
  checkImageId(imageId);
  const image = store.get(imageId);
  if (!image || !store.visibleTo(image, caller.accountId, region)) throw imagesNotFound([imageId]);
  return image;
}

/** An image the caller owns; seeing one shared with it is not enough to read or change its attributes. */
export function ownedImage(store: ImageStore, imageId: string, caller: Principal, region: string): ImageRecord {
  const image = visibleImage(store, imageId, caller, region);
  if (image.ownerId !== caller.accountId) throw new AwsError('AuthFailure', `Not authorized for image:${imageId}`);
  return image;
}
