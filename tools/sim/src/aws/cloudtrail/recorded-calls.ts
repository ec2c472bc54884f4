import { type TrailResource } from '../../world/cloud-trail.ts';
import { type QueryParams } from '../query-params.ts';
import { type XmlObject } from '../xml.ts';

/** What CloudTrail makes of one call: the resources it names and the request and response it keeps. */
export interface RecordedCall {
  resources: TrailResource[];
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
}

type Recorder = (params: QueryParams, result: XmlObject, requestId: string) => RecordedCall;

const GROUP = 'AWS::AutoScaling::AutoScalingGroup';
const AMI = 'AWS::EC2::Ami';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const INSTANCE = 'AWS::EC2::Instance';

const numberOf = (text: string | undefined) => (text === undefined ? undefined : Number(text));
/** Only the members that were sent, as CloudTrail leaves the rest out. */
const given = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

function refreshCall(params: QueryParams, result: XmlObject): RecordedCall {
  const group = params.string('AutoScalingGroupName') ?? '';
  const preferences = params.scope('Preferences');
  return {
    resources: [{ type: GROUP, name: group }],
    requestParameters: given({
      autoScalingGroupName: group,
      preferences: params.present('Preferences')
        ? given({ minHealthyPercentage: numberOf(preferences.string('MinHealthyPercentage')), instanceWarmup: numberOf(preferences.string('InstanceWarmup')), skipMatching: preferences.boolean('SkipMatching') })
        : undefined,
    }),
    responseElements: { instanceRefreshId: result.InstanceRefreshId },
  };
}

function launchTemplateOf(params: QueryParams): Record<string, unknown> | undefined {
  if (!params.present('LaunchTemplate')) return undefined;
  const template = params.scope('LaunchTemplate');
  return given({ launchTemplateId: template.string('LaunchTemplateId'), launchTemplateName: template.string('LaunchTemplateName'), version: template.string('Version') });
}

/**
 * The calls this simulator records, with the shapes CloudTrail gives them: the autoscaling ones
 * camel-cased, EC2's with its `…Set`/`items` lists and, for the newer EC2 APIs, the request
 * wrapped in its own name (as in the aws-cli's and AWS's documented event examples).
 */
export const RECORDED_CALLS: Record<string, Recorder> = {
  StartInstanceRefresh: refreshCall,
  CancelInstanceRefresh: refreshCall,
  RollbackInstanceRefresh: refreshCall,
  SetInstanceHealth: (params) => ({
    // AWS answers nothing, so the instance is all the call names.
    resources: [{ type: INSTANCE, name: params.string('InstanceId') ?? '' }],
    requestParameters: given({ instanceId: params.string('InstanceId'), healthStatus: params.string('HealthStatus'), shouldRespectGracePeriod: params.boolean('ShouldRespectGracePeriod') }),
    responseElements: null,
  }),
  TerminateInstanceInAutoScalingGroup: (params, result) => {
    const instanceId = params.string('InstanceId') ?? '';
    const activity = (result.Activity ?? {}) as XmlObject;
    return {
      resources: [
        { type: INSTANCE, name: instanceId },
        { type: GROUP, name: String(activity.AutoScalingGroupName ?? '') },
      ],
      requestParameters: { instanceId, shouldDecrementDesiredCapacity: params.boolean('ShouldDecrementDesiredCapacity') },
      responseElements: {
        activity: given({ activityId: activity.ActivityId, autoScalingGroupName: activity.AutoScalingGroupName, description: activity.Description, cause: activity.Cause, startTime: activity.StartTime, statusCode: activity.StatusCode }),
      },
    };
  },
  UpdateAutoScalingGroup: (params) => {
    const group = params.string('AutoScalingGroupName') ?? '';
    return {
      resources: [{ type: GROUP, name: group }],
      requestParameters: given({
        autoScalingGroupName: group,
        minSize: numberOf(params.string('MinSize')),
        maxSize: numberOf(params.string('MaxSize')),
        desiredCapacity: numberOf(params.string('DesiredCapacity')),
        launchTemplate: launchTemplateOf(params),
      }),
      responseElements: null,
    };
  },
  CreateLaunchTemplateVersion: (params, result) => {
    const version = result.launchTemplateVersion as XmlObject | undefined;
    const id = params.string('LaunchTemplateId') ?? String(version?.launchTemplateId ?? '');
    return {
      resources: [{ type: LAUNCH_TEMPLATE, name: id }],
      requestParameters: {
        CreateLaunchTemplateVersionRequest: given({
          LaunchTemplateId: params.string('LaunchTemplateId'),
          LaunchTemplateName: params.string('LaunchTemplateName'),
          SourceVersion: params.string('SourceVersion'),
          LaunchTemplateData: given({ ImageId: params.scope('LaunchTemplateData').string('ImageId') }),
        }),
      },
      responseElements: { CreateLaunchTemplateVersionResponse: { launchTemplateVersion: given({ launchTemplateId: version?.launchTemplateId, versionNumber: version?.versionNumber }) } },
    };
  },
  ModifyImageAttribute: (params, _result, requestId) => {
    const image = params.string('ImageId') ?? '';
    const permission = (verb: 'Add' | 'Remove') => params.scope('LaunchPermission').structures(verb).map((item) => given({ userId: item.string('UserId'), group: item.string('Group') }));
    const add = permission('Add');
    const remove = permission('Remove');
    return {
      resources: [{ type: AMI, name: image }],
      requestParameters: given({
        imageId: image,
        launchPermission: add.length + remove.length > 0 ? given({ add: add.length ? { items: add } : undefined, remove: remove.length ? { items: remove } : undefined }) : undefined,
        attributeType: params.string('Attribute') ?? (add.length + remove.length > 0 ? 'launchPermission' : 'description'),
      }),
      responseElements: { requestId, _return: true },
    };
  },
  CreateTags: (params, _result, requestId) => {
    const ids = params.list('ResourceId');
    return {
      resources: ids.map((name) => ({ type: AMI, name })),
      requestParameters: {
        resourcesSet: { items: ids.map((resourceId) => ({ resourceId })) },
        tagSet: { items: params.structures('Tag').map((tag) => ({ key: tag.string('Key') ?? '', value: tag.string('Value') ?? '' })) },
      },
      responseElements: { requestId, _return: true },
    };
  },
};
