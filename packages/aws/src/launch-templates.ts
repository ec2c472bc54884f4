import { DescribeLaunchTemplateVersionsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { AwsFailure, classifyAwsError } from './errors.ts';

/** One launch template version: a version never changes once made; only $Latest and $Default move. */
export interface TemplateVersion {
  templateId: string;
  templateName: string;
  versionNumber: number;
  isDefault: boolean;
  /** The AMI id; a `resolve:ssm:` alias unless the call asked AWS to resolve it. */
  imageId: string | null;
}

export interface TemplateRef {
  id: string | null;
  name: string | null;
}

/** DescribeLaunchTemplateVersions answers at most 200 versions a call. */
export const TEMPLATE_VERSIONS_PAGE = 200;

const versionShape = z.object({
  LaunchTemplateId: z.string(),
  LaunchTemplateName: z.string(),
  VersionNumber: z.number(),
  DefaultVersion: z.boolean().default(false),
  LaunchTemplateData: z.object({ ImageId: z.string().optional() }).default({}),
});

/**
 * The $Latest and $Default versions of every launch template of the account in this region, in
 * pages of 200: one listing tells which version each template is at and what it launches, so
 * only versions that are neither need a call of their own.
 */
export function listCurrentTemplateVersions(ec2: EC2Client, options: { resolveAlias: boolean; where: string }): Promise<TemplateVersion[]> {
  return describeVersions(ec2, { Versions: ['$Latest', '$Default'] }, options);
}

/** Named versions (numbers, $Latest, $Default) of one template. */
export function describeTemplateVersions(ec2: EC2Client, template: TemplateRef, versions: string[], options: { resolveAlias: boolean; where: string }): Promise<TemplateVersion[]> {
  const named = template.id ? { LaunchTemplateId: template.id } : { LaunchTemplateName: template.name ?? undefined };
  return describeVersions(ec2, { ...named, Versions: versions }, options);
}

async function describeVersions(
  ec2: EC2Client,
  input: { LaunchTemplateId?: string; LaunchTemplateName?: string; Versions: string[] },
  options: { resolveAlias: boolean; where: string },
): Promise<TemplateVersion[]> {
  const versions: TemplateVersion[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeLaunchTemplateVersionsCommand({
          ...input,
          MaxResults: TEMPLATE_VERSIONS_PAGE,
          NextToken: nextToken,
          ...(options.resolveAlias && { ResolveAlias: true }),
        }),
      );
      for (const raw of page.LaunchTemplateVersions ?? []) {
        const parsed = versionShape.safeParse(raw);
        if (!parsed.success) throw new AwsFailure('bad-response', `${options.where} returned a launch template version that cannot be read`);
        const v = parsed.data;
        versions.push({
          templateId: v.LaunchTemplateId,
          templateName: v.LaunchTemplateName,
          versionNumber: v.VersionNumber,
          isDefault: v.DefaultVersion,
          imageId: v.LaunchTemplateData.ImageId ?? null,
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw classifyAwsError(error, options.where);
  }
  return versions;
}

/** The version a group's reference names among a template's listed versions: a number, $Latest, or $Default (also when none is given). */
export function versionNamed(versions: TemplateVersion[], template: TemplateRef, version: string | null): TemplateVersion | undefined {
  const own = versions.filter((v) => (template.id ? v.templateId === template.id : v.templateName === template.name));
  if (version === '$Latest') return own.reduce<TemplateVersion | undefined>((newest, v) => (!newest || v.versionNumber > newest.versionNumber ? v : newest), undefined);
  if (version === null || version === '$Default') return own.find((v) => v.isDefault);
  return own.find((v) => String(v.versionNumber) === version);
}
