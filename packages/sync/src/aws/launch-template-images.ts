import type { EC2Client } from '@aws-sdk/client-ec2';
import { AMI_ID, classifyAwsError, describeTemplateVersions, listCurrentTemplateVersions, type TemplateRef, type TemplateVersion, versionNamed } from '@fleet/aws';
import type { AsgObservation } from '@fleet/core';
import type { StoredGroup } from '@fleet/db';

export interface TemplateImage {
  /** For an SSM parameter, the AMI it names now: what the next launch runs. */
  imageId: string | null;
  /** "ssm" when the template names an SSM parameter instead of an AMI id. */
  source: 'ami' | 'ssm' | null;
  /** Why an SSM parameter could not be resolved, when the account's policy forbids it. */
  warning?: string;
}

const SSM_PREFIX = 'resolve:ssm:';

interface Pending {
  group: string;
  template: TemplateRef;
  /** As the group names it: a number, $Latest, $Default, or null for the default. */
  version: string | null;
}

/**
 * The AMI each group's launch template version launches, spending calls only on what is not known.
 * A version never changes once made: a group on a numbered version it was on before keeps the AMI
 * read then. $Latest and $Default move, and new versions appear: one listing of every template's
 * $Latest and $Default versions (200 a page) answers those, and any other version costs a call
 * per template. A version that names an SSM parameter is resolved on every pass, because the
 * parameter can change under it; one call for one template, one listing for several.
 */
export async function launchTemplateImages(ec2: EC2Client, groups: AsgObservation[], stored: ReadonlyMap<string, StoredGroup>, where: string): Promise<Map<string, TemplateImage>> {
  const images = new Map<string, TemplateImage>();
  const toRead: Pending[] = [];
  const toResolve: Pending[] = [];
  for (const g of groups) {
    const lt = g.launchTemplate;
    if (!lt) continue;
    const before = stored.get(g.name);
    const numbered = lt.version !== null && /^\d+$/.test(lt.version);
    const same = before && before.launchTemplateId === lt.id && before.launchTemplateName === lt.name && before.launchTemplateVersion === lt.version;
    const pending = { group: g.name, template: { id: lt.id, name: lt.name }, version: lt.version };
    if (numbered && same && before.imageSource === 'ami' && before.imageId) images.set(g.name, { imageId: before.imageId, source: 'ami' });
    else if (numbered && same && before.imageSource === 'ssm') toResolve.push(pending);
    else toRead.push(pending);
  }

  if (toRead.length > 0) {
    const read = await versionsOf(ec2, toRead, { resolveAlias: false, where });
    for (const p of toRead) {
      const version = read.get(p.group);
      const imageId = version?.imageId ?? null;
      if (imageId?.startsWith(SSM_PREFIX)) toResolve.push({ ...p, version: String(version!.versionNumber) });
      else images.set(p.group, { imageId, source: imageId ? 'ami' : null });
    }
  }

  if (toResolve.length > 0) {
    let resolved: Map<string, TemplateVersion>;
    try {
      resolved = await versionsOf(ec2, toResolve, { resolveAlias: true, where });
    } catch (error) {
      const failure = classifyAwsError(error, where);
      // Without ssm:GetParameters only these AMIs are unknown; the rest of the groups are still worth reading.
      if (failure.code !== 'forbidden') throw failure;
      for (const p of toResolve) {
        const name = p.template.name ?? p.template.id ?? 'the launch template';
        images.set(p.group, { imageId: null, source: 'ssm', warning: `the SSM parameter of ${name} could not be resolved: ${failure.message}` });
      }
      return images;
    }
    for (const p of toResolve) {
      const imageId = resolved.get(p.group)?.imageId ?? null;
      // A parameter that is missing or holds no AMI id comes back as the alias: the AMI stays unknown.
      images.set(p.group, { imageId: imageId && AMI_ID.test(imageId) ? imageId : null, source: 'ssm' });
    }
  }
  return images;
}

/**
 * The version each pending group names. Several templates: one listing of the $Latest and $Default
 * versions first, then a call per template for the versions it did not cover. One template: its call.
 */
async function versionsOf(ec2: EC2Client, pending: Pending[], options: { resolveAlias: boolean; where: string }): Promise<Map<string, TemplateVersion>> {
  const found = new Map<string, TemplateVersion>();
  const templates = distinctTemplates(pending);
  if (templates.length > 1) {
    const current = await listCurrentTemplateVersions(ec2, options);
    for (const p of pending) {
      const version = versionNamed(current, p.template, p.version);
      if (version) found.set(p.group, version);
    }
  }
  for (const template of distinctTemplates(pending.filter((p) => !found.has(p.group)))) {
    const own = pending.filter((p) => !found.has(p.group) && sameTemplate(p.template, template));
    const versions = await describeTemplateVersions(ec2, template, [...new Set(own.map((p) => p.version ?? '$Default'))], options);
    for (const p of own) {
      const version = versionNamed(versions, p.template, p.version);
      if (version) found.set(p.group, version);
    }
  }
  return found;
}

function distinctTemplates(pending: Pending[]): TemplateRef[] {
  const seen = new Map<string, TemplateRef>();
  for (const p of pending) seen.set(p.template.id ?? `name:${p.template.name ?? ''}`, p.template);
  return [...seen.values()];
}

function sameTemplate(a: TemplateRef, b: TemplateRef): boolean {
  return a.id ? a.id === b.id : a.name === b.name;
}
