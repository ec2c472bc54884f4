import { DescribeImageAttributeCommand, type EC2Client, paginateDescribeImages } from '@aws-sdk/client-ec2';
import type { ObservedImage } from '@fleet/core';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

/** An AMI id: `ami-` and 8 (older) or 17 hex digits. */
export const AMI_ID = /^ami-[0-9a-f]{8,17}$/;

const imageShape = z.object({
  ImageId: z.string().regex(AMI_ID),
  Name: z.string().default(''),
  Description: z.string().optional(),
  State: z.string().default('unknown'),
  CreationDate: z.iso.datetime({ offset: true }),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string().default('') })).default([]),
});

/** DescribeImages answers at most 1,000 images a page. */
export const IMAGES_PAGE = 1000;

export interface ListImagesOptions {
  /** Only images carrying this tag key are listed: the worker-type tag marks the fleet's AMIs. */
  tagKey: string;
  where: string;
  pageSize?: number;
}

/** Every image the account owns that carries the tag key, reading all pages. */
export async function listOwnedImages(ec2: EC2Client, options: ListImagesOptions): Promise<ObservedImage[]> {
  const images: ObservedImage[] = [];
  try {
    const pages = paginateDescribeImages(
      { client: ec2, pageSize: options.pageSize ?? IMAGES_PAGE },
      {
        Owners: ['self'],
        Filters: [{ Name: 'tag-key', Values: [options.tagKey] }],
        IncludeDeprecated: true,
        IncludeDisabled: true,
      },
    );
    for await (const page of pages) {
      for (const raw of page.Images ?? []) images.push(toObservedImage(raw, options.where));
    }
  } catch (error) {
    throw classifyAwsError(error, options.where);
  }
  return images;
}

function toObservedImage(raw: unknown, where: string): ObservedImage {
  const parsed = imageShape.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { ImageId?: unknown }).ImageId;
    const problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AwsFailure('bad-response', `${where} returned image ${String(id)} that cannot be read (${problem})`);
  }
  const image = parsed.data;
  return {
    imageId: image.ImageId,
    name: image.Name,
    description: image.Description ?? null,
    state: image.State,
    creationDate: new Date(image.CreationDate),
    tags: Object.fromEntries(image.Tags.map((t) => [t.Key, t.Value])),
  };
}

export interface LaunchableImage {
  imageId: string;
  /** Public AMIs come back whoever they are shared with; only their owner knows the list. */
  isPublic: boolean;
}

const launchableShape = z.object({ ImageId: z.string().regex(AMI_ID), Public: z.boolean().default(false) });

/**
 * The AMIs of `ownerId` that the calling account may launch in this region, shared with it (or
 * its organisation) or public, read with the calling account's own credentials: one paged
 * listing answers for every AMI at once. With `imageIds`, only those (200 to a call).
 */
export async function listLaunchableImages(ec2: EC2Client, options: { ownerId: string; where: string; imageIds?: string[] }): Promise<LaunchableImage[]> {
  const images: LaunchableImage[] = [];
  const ids = options.imageIds;
  const batches = ids ? Array.from({ length: Math.ceil(ids.length / 200) }, (_, i) => ids.slice(i * 200, i * 200 + 200)) : [undefined];
  try {
    for (const batch of batches) {
      const pages = paginateDescribeImages(
        { client: ec2, pageSize: IMAGES_PAGE },
        {
          Owners: [options.ownerId],
          ExecutableUsers: ['self', 'all'],
          // Another account sees a deprecated AMI only when it asks for them.
          IncludeDeprecated: true,
          ...(batch && { Filters: [{ Name: 'image-id', Values: batch }] }),
        },
      );
      for await (const page of pages) {
        for (const raw of page.Images ?? []) {
          const parsed = launchableShape.safeParse(raw);
          if (!parsed.success) throw new AwsFailure('bad-response', `${options.where} returned an image that cannot be read`);
          images.push({ imageId: parsed.data.ImageId, isPublic: parsed.data.Public });
        }
      }
    }
  } catch (error) {
    throw classifyAwsError(error, options.where);
  }
  return images;
}

export interface LaunchPermissions {
  accountIds: string[];
  /** Public to every account (group "all"). */
  isPublic: boolean;
}

const launchPermissionShape = z.array(
  z.object({ UserId: z.string().optional(), Group: z.string().optional(), OrganizationArn: z.string().optional() }),
);

/** Which accounts may launch the image, as its owner sees it: one call per AMI, so only for what a listing cannot tell. */
export async function describeLaunchPermissions(ec2: EC2Client, imageId: string, where: string): Promise<LaunchPermissions> {
  try {
    const result = await ec2.send(new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }));
    const parsed = launchPermissionShape.safeParse(result.LaunchPermissions ?? []);
    if (!parsed.success) throw new AwsFailure('bad-response', `${where} returned an unreadable launch permission for ${imageId}`);
    return {
      accountIds: parsed.data.flatMap((p) => (p.UserId ? [p.UserId] : [])),
      isPublic: parsed.data.some((p) => p.Group === 'all'),
    };
  } catch (error) {
    throw classifyAwsError(error, where);
  }
}
