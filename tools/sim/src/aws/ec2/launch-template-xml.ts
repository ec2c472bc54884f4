import { type LaunchTemplateRecord, type LaunchTemplateVersionRecord, latestVersion, SSM_PREFIX } from '../../world/fleet/launch-templates.ts';
import { type XmlObject } from '../xml.ts';

export function launchTemplateXml(template: LaunchTemplateRecord): XmlObject {
  return {
    launchTemplateId: template.launchTemplateId,
    launchTemplateName: template.name,
    createTime: template.createdAt,
    createdBy: template.createdBy,
    defaultVersionNumber: template.defaultVersion,
    latestVersionNumber: latestVersion(template),
    tagSet: template.tags.length > 0 ? template.tags.map(([key, value]) => ({ key, value })) : undefined,
  };
}

/**
 * A `launchTemplateVersionSet` item. An AMI taken from Systems Manager shows as its
 * `resolve:ssm:` alias unless the caller asked to resolve it.
 */
export function launchTemplateVersionXml(template: LaunchTemplateRecord, version: LaunchTemplateVersionRecord, resolve?: (parameter: string) => string | undefined): XmlObject {
  const { data } = version;
  const alias = data.imageId?.startsWith(SSM_PREFIX) ? data.imageId.slice(SSM_PREFIX.length) : undefined;
  return {
    launchTemplateId: template.launchTemplateId,
    launchTemplateName: template.name,
    versionNumber: version.versionNumber,
    versionDescription: version.description,
    createTime: version.createdAt,
    createdBy: version.createdBy,
    defaultVersion: version.versionNumber === template.defaultVersion,
    launchTemplateData: {
      iamInstanceProfile: data.iamInstanceProfile ? { name: data.iamInstanceProfile } : undefined,
      imageId: alias !== undefined && resolve ? (resolve(alias) ?? data.imageId) : data.imageId,
      instanceType: data.instanceType,
      userData: data.userData,
      tagSpecificationSet:
        data.instanceTags.length > 0 ? [{ resourceType: 'instance', tagSet: data.instanceTags.map(([key, value]) => ({ key, value })) }] : undefined,
      securityGroupIdSet: data.securityGroupIds.length > 0 ? data.securityGroupIds : undefined,
    },
  };
}
