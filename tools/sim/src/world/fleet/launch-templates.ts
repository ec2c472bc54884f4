import { FleetError } from './errors.ts';

/** What a launch template version launches: the parts the fleet's templates use. */
export interface LaunchTemplateData {
  /** An AMI id, or `resolve:ssm:<parameter>` to take the AMI from Systems Manager at launch. */
  imageId: string | undefined;
  instanceType: string | undefined;
  iamInstanceProfile: string | undefined;
  securityGroupIds: string[];
  userData: string | undefined;
  /** Tags for the instances it launches. */
  instanceTags: [string, string][];
}

export interface LaunchTemplateVersionRecord {
  versionNumber: number;
  description: string | undefined;
  createdAt: Date;
  createdBy: string;
  data: LaunchTemplateData;
}

export interface LaunchTemplateRecord {
  launchTemplateId: string;
  name: string;
  ownerId: string;
  /** Templates, like groups, live in one region of their account. */
  region: string;
  createdAt: Date;
  createdBy: string;
  defaultVersion: number;
  versions: LaunchTemplateVersionRecord[];
  tags: [string, string][];
}

/** How a group or a refresh names a template: by id or name, and a version number, `$Latest` or `$Default`. */
export interface LaunchTemplateRef {
  launchTemplateId: string;
  launchTemplateName: string;
  version: string;
}

export const SSM_PREFIX = 'resolve:ssm:';

export class LaunchTemplateStore {
  private readonly byId = new Map<string, LaunchTemplateRecord>();

  add(template: LaunchTemplateRecord): LaunchTemplateRecord {
    if (this.all(template.ownerId, template.region).some((other) => other.name === template.name)) throw new Error(`launch template ${template.name} already exists`);
    this.byId.set(template.launchTemplateId, template);
    return template;
  }

  /** An account's templates, in one region when one is named. */
  all(ownerId: string, region?: string): LaunchTemplateRecord[] {
    return [...this.byId.values()].filter((template) => template.ownerId === ownerId && (region === undefined || template.region === region));
  }

  /** Whoever owns it: for the world's own hands, which act in every account. */
  named(nameOrId: string): LaunchTemplateRecord | undefined {
    return [...this.byId.values()].find((template) => template.launchTemplateId === nameOrId || template.name === nameOrId);
  }

  find(ownerId: string, by: { id?: string; name?: string }, region?: string): LaunchTemplateRecord | undefined {
    return this.all(ownerId, region).find((template) => (by.id ? template.launchTemplateId === by.id : template.name === by.name));
  }

  /** A group's or refresh's template, which must exist. */
  require(ownerId: string, ref: { launchTemplateId?: string; launchTemplateName?: string }): LaunchTemplateRecord {
    const template = this.find(ownerId, { id: ref.launchTemplateId, name: ref.launchTemplateName });
    if (!template) {
      const named = ref.launchTemplateId ? `id ${ref.launchTemplateId}` : `name ${ref.launchTemplateName ?? ''}`;
      throw new FleetError('ValidationError', `The specified launch template, with template ${named}, does not exist.`);
    }
    return template;
  }

  /** `$Latest`, `$Default` (also when no version is given) or a version number. */
  version(template: LaunchTemplateRecord, version: string | undefined): LaunchTemplateVersionRecord | undefined {
    const number = version === '$Latest' ? latestVersion(template) : version === undefined || version === '$Default' ? template.defaultVersion : Number(version);
    return template.versions.find((candidate) => candidate.versionNumber === number);
  }

  requireVersion(template: LaunchTemplateRecord, version: string | undefined): LaunchTemplateVersionRecord {
    const found = this.version(template, version);
    if (!found) throw new FleetError('ValidationError', `The launch template version ${version ?? '$Default'} of ${template.name} does not exist.`);
    return found;
  }

  addVersion(template: LaunchTemplateRecord, input: Omit<LaunchTemplateVersionRecord, 'versionNumber'>): LaunchTemplateVersionRecord {
    const version = { ...input, versionNumber: latestVersion(template) + 1 };
    template.versions.push(version);
    return version;
  }
}

export function latestVersion(template: LaunchTemplateRecord): number {
  return Math.max(0, ...template.versions.map((version) => version.versionNumber));
}

export function usesSsmImage(version: LaunchTemplateVersionRecord): boolean {
  return version.data.imageId?.startsWith(SSM_PREFIX) ?? false;
}
