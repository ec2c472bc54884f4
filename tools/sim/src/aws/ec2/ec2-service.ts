import { type World } from '../../world/world.ts';
import { ec2Protocol } from '../protocol.ts';
import { type QueryService } from '../service.ts';
import { describeAvailabilityZones } from './availability-zones.ts';
import { describeImages } from './describe-images.ts';
import { describeInstanceStatus } from './describe-instance-status.ts';
import { describeInstances } from './describe-instances.ts';
import { describeImageAttribute, modifyImageAttribute } from './image-attributes.ts';
import { deregisterImage, registerImage } from './image-lifecycle.ts';
import { createLaunchTemplateVersion, describeLaunchTemplates, describeLaunchTemplateVersions } from './launch-templates.ts';
import { createTags, deleteTags } from './tags.ts';

export function ec2Service(world: World): QueryService {
  return {
    name: 'ec2',
    version: '2016-11-15',
    xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
    protocol: ec2Protocol,
    actions: {
      DescribeImages: describeImages(world),
      DescribeImageAttribute: describeImageAttribute(world),
      ModifyImageAttribute: modifyImageAttribute(world),
      CreateTags: createTags(world),
      DeleteTags: deleteTags(world),
      RegisterImage: registerImage(world),
      DeregisterImage: deregisterImage(world),
      DescribeInstances: describeInstances(world),
      DescribeInstanceStatus: describeInstanceStatus(world),
      DescribeAvailabilityZones: describeAvailabilityZones(world),
      DescribeLaunchTemplates: describeLaunchTemplates(world),
      DescribeLaunchTemplateVersions: describeLaunchTemplateVersions(world),
      CreateLaunchTemplateVersion: createLaunchTemplateVersion(world),
    },
  };
}
