import { type LaunchTemplateData, type LaunchTemplateRecord, latestVersion } from '../../world/fleet/launch-templates.ts';
import { type World } from '../../world/world.ts';
import { AwsError, missingParameter } from '../errors.ts';
import { type Principal } from '../identities.ts';
import { paginate } from '../pagination.ts';
import { type QueryParams } from '../query-params.ts';
import { mutating, reading, type Action } from '../service.ts';
import { filterPredicates, single, type FilterValues } from './filters.ts';
import { launchTemplateVersionXml, launchTemplateXml } from './launch-template-xml.ts';
import { maxResults } from './max-results.ts';

const TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;
const IMAGE = /^(ami-[0-9a-f]{8}([0-9a-f]{9})?|resolve:ssm:\/?[\w./-]+(:\d+)?)$/;
const invalidToken = () => new AwsError('InvalidParameterValue', 'Invalid value for parameter nextToken');

export function describeLaunchTemplates(world: World): Action {
  return reading(({ params, caller, region }) => {
    const ids = params.list('LaunchTemplateId');
    const names = params.list('LaunchTemplateName');
    const size = maxResults(params, { min: 1, max: 200 });
    const template = single<LaunchTemplateRecord>;
    const filters = filterPredicates(params, { 'launch-template-name': template((t) => t.name), 'create-time': template((t) => t.createdAt.toISOString()) });
    const owned = world.fleet.launchTemplates.all(caller.accountId, region);
    for (const id of ids) if (!owned.some((t) => t.launchTemplateId === id)) throw templateIdNotFound(id);
    if (names.some((name) => !owned.some((t) => t.name === name))) {
      throw new AwsError('InvalidLaunchTemplateName.NotFoundException', 'At least one of the launch templates specified in the request does not exist.');
    }
    const matching = owned
      .filter((t) => (ids.length === 0 && names.length === 0) || ids.includes(t.launchTemplateId) || names.includes(t.name))
      .filter((t) => filters.every((matches) => matches(t, new Map(t.tags))));
    const page = paginate(matching, { key: (t) => t.launchTemplateId, token: params.string('NextToken'), size, invalidToken });
    return { launchTemplates: page.items.map(launchTemplateXml), nextToken: page.nextToken };
  });
}

type VersionRow = { template: LaunchTemplateRecord; version: LaunchTemplateRecord['versions'][number] };
const row = single<VersionRow>;
const VERSION_FILTERS: Record<string, FilterValues<VersionRow>> = {
  'create-time': row((r) => r.version.createdAt.toISOString()),
  'image-id': row((r) => r.version.data.imageId),
  'instance-type': row((r) => r.version.data.instanceType),
  'is-default-version': row((r) => r.version.versionNumber === r.template.defaultVersion),
  'iam-instance-profile': row((r) => r.version.data.iamInstanceProfile),
};

/**
 * One template's versions (all, or those named: numbers, `$Latest`, `$Default`), newest first;
 * without a template, the `$Latest` or `$Default` version of every template of the account.
 */
export function describeLaunchTemplateVersions(world: World): Action {
  return reading(({ params, caller, region }) => {
    const store = world.fleet.launchTemplates;
    const wanted = params.list('LaunchTemplateVersion');
    const size = maxResults(params, { min: 1, max: 200 });
    const filters = filterPredicates(params, VERSION_FILTERS);
    const named = params.has('LaunchTemplateId') || params.has('LaunchTemplateName');
    if (!named && (wanted.length === 0 || wanted.some((version) => version !== '$Latest' && version !== '$Default'))) {
      throw new AwsError('MissingParameter', 'The request must contain the parameter launchTemplateName or launchTemplateId, or list only $Latest and $Default versions');
    }
    const templates = named ? [ownedTemplate(world, params, caller, region)] : store.all(caller.accountId, region);
    const min = params.integer('MinVersion');
    const max = params.integer('MaxVersion');
    const rows: VersionRow[] = templates.flatMap((template) => {
      if (wanted.length === 0) return template.versions.map((version) => ({ template, version }));
      return wanted.map((name) => {
        const version = store.version(template, name);
        if (!version) throw versionNotFound(template, name);
        return { template, version };
      });
    });
    const matching = rows
      .filter(({ version }) => (min === undefined || version.versionNumber >= min) && (max === undefined || version.versionNumber <= max))
      .filter((candidate) => filters.every((matches) => matches(candidate, new Map())));
    const page = paginate(matching, {
      key: ({ template, version }) => `${template.name}/${String(999_999_999 - version.versionNumber).padStart(9, '0')}`,
      token: params.string('NextToken'),
      size,
      invalidToken,
    });
    const resolve = params.boolean('ResolveAlias') ? (parameter: string) => world.fleet.parameters.get(parameter) : undefined;
    return { launchTemplateVersionSet: page.items.map(({ template, version }) => launchTemplateVersionXml(template, version, resolve)), nextToken: page.nextToken };
  });
}

/** A new version from the given data, or from SourceVersion's data with the given parts replaced. */
export function createLaunchTemplateVersion(world: World): Action {
  const byClientToken = new Map<string, { templateId: string; version: number }>();
  return mutating(({ params, caller, region }) => {
    const template = ownedTemplate(world, params, caller, region);
    const token = params.string('ClientToken');
    const earlier = token === undefined ? undefined : byClientToken.get(token);
    if (earlier) {
      const version = template.versions.find((candidate) => candidate.versionNumber === earlier.version);
      if (earlier.templateId !== template.launchTemplateId || !version) throw new AwsError('IdempotentParameterMismatch', `The client token ${token ?? ''} was already used for another request.`);
      return { launchTemplateVersion: launchTemplateVersionXml(template, version) };
    }
    const sourceVersion = params.string('SourceVersion');
    if (sourceVersion !== undefined && !world.fleet.launchTemplates.version(template, sourceVersion)) throw versionNotFound(template, sourceVersion);
    if (!params.present('LaunchTemplateData')) throw missingParameter('LaunchTemplateData');
    const version = world.fleet.createLaunchTemplateVersion(template.launchTemplateId, {
      sourceVersion,
      description: params.string('VersionDescription'),
      createdBy: caller.arn,
      data: launchTemplateData(params.scope('LaunchTemplateData')),
    });
    if (token !== undefined) byClientToken.set(token, { templateId: template.launchTemplateId, version: version.versionNumber });
    return { launchTemplateVersion: launchTemplateVersionXml(template, version) };
  });
}

function launchTemplateData(data: QueryParams): Partial<LaunchTemplateData> {
  const parts: Partial<LaunchTemplateData> = {};
  const imageId = data.string('ImageId');
  if (imageId !== undefined) {
    if (!IMAGE.test(imageId)) throw new AwsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-..." or "resolve:ssm:...")`);
    parts.imageId = imageId;
  }
  if (data.has('InstanceType')) parts.instanceType = data.string('InstanceType');
  if (data.has('IamInstanceProfile.Name')) parts.iamInstanceProfile = data.string('IamInstanceProfile.Name');
  if (data.has('UserData')) parts.userData = data.string('UserData');
  const groups = data.list('SecurityGroupId');
  if (groups.length > 0) parts.securityGroupIds = groups;
  const tags = data
    .structures('TagSpecification')
    .filter((spec) => spec.string('ResourceType') === 'instance')
    .flatMap((spec) => spec.structures('Tag').map((tag): [string, string] => [tag.required('Key', 'LaunchTemplateData.TagSpecification.Tag.Key'), tag.string('Value') ?? '']));
  if (tags.length > 0) parts.instanceTags = tags;
  return parts;
}

/** The template a request names, by id or by name, if the caller owns it. */
function ownedTemplate(world: World, params: QueryParams, caller: Principal, region: string): LaunchTemplateRecord {
  const id = params.string('LaunchTemplateId');
  const name = params.string('LaunchTemplateName');
  if (id !== undefined && name !== undefined) throw new AwsError('InvalidParameterCombination', 'You cannot specify both a launch template ID and a launch template name.');
  if (id === undefined && name === undefined) throw missingParameter('launchTemplateId or launchTemplateName');
  if (id !== undefined && !TEMPLATE_ID.test(id)) throw new AwsError('InvalidLaunchTemplateId.Malformed', `The specified ID for the launch template (${id}) is not valid.`);
  const template = world.fleet.launchTemplates.find(caller.accountId, { id, name }, region);
  if (template) return template;
  if (id !== undefined) throw templateIdNotFound(id);
  throw new AwsError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name ?? ''}, does not exist.`);
}

const templateIdNotFound = (id: string) => new AwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`);

function versionNotFound(template: LaunchTemplateRecord, version: string): AwsError {
  const latest = latestVersion(template);
  return new AwsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${version} for launch template ${template.launchTemplateId} (latest is ${latest}).`);
}
