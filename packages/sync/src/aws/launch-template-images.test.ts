import { DescribeLaunchTemplateVersionsCommand, type DescribeLaunchTemplateVersionsCommandInput, type EC2Client } from '@aws-sdk/client-ec2';
import { AwsFailure } from '@fleet/aws';
import type { AsgObservation } from '@fleet/core';
import type { StoredGroup } from '@fleet/db';
import { describe, expect, it } from 'vitest';
import { launchTemplateImages } from './launch-template-images.ts';

const WHERE = 'EC2 in account app-sre (320000000002, us-east-1)';
const ALIAS = 'resolve:ssm:/app-sre/jenkins-worker/rhel8-builder/ami-id';

interface Template {
  id: string;
  name: string;
  defaultVersion: number;
  /** Image id (or SSM alias) by version number. */
  versions: Record<number, string>;
}

/** An error as the SDK throws it for an AWS error answer. */
function awsError(name: string, status: number): Error {
  return Object.assign(new Error(name === 'UnauthorizedOperation' ? 'You are not authorized to perform: ssm:GetParameters' : 'We encountered an internal error'), { name, $metadata: { httpStatusCode: status } });
}

/**
 * A stand-in for EC2's DescribeLaunchTemplateVersions over a few templates: without a template it
 * lists every template's $Latest and $Default, as AWS does; `resolve` answers an alias.
 */
function ec2(templates: Template[], resolve: () => string = () => 'ami-0123456789abcdef0') {
  const asked: DescribeLaunchTemplateVersionsCommandInput[] = [];
  const row = (t: Template, n: number, resolveAlias: boolean) => {
    const image = t.versions[n]!;
    return { LaunchTemplateId: t.id, LaunchTemplateName: t.name, VersionNumber: n, DefaultVersion: n === t.defaultVersion, LaunchTemplateData: { ImageId: resolveAlias && image.startsWith('resolve:ssm:') ? resolve() : image } };
  };
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof DescribeLaunchTemplateVersionsCommand)) throw new Error('unexpected command');
      const input = command.input;
      asked.push(input);
      const resolveAlias = input.ResolveAlias === true;
      const latest = (t: Template) => Math.max(...Object.keys(t.versions).map(Number));
      const number = (t: Template, v: string) => (v === '$Latest' ? latest(t) : v === '$Default' ? t.defaultVersion : Number(v));
      const named = templates.filter((t) => t.id === input.LaunchTemplateId || t.name === input.LaunchTemplateName);
      const rows = (named.length > 0 ? named : templates).flatMap((t) => (input.Versions ?? []).map((v) => row(t, number(t, v), resolveAlias)));
      return { LaunchTemplateVersions: rows };
    },
  } as unknown as EC2Client;
  return { client, asked };
}

const group = (name: string, template: string, version: string | null): AsgObservation => ({
  name,
  arn: `arn:${name}`,
  minSize: 1,
  maxSize: 4,
  desiredCapacity: 2,
  launchTemplate: { id: template, name: null, version },
  tags: {},
  createdTime: null,
  status: null,
  instances: [],
});

const stored = (g: AsgObservation, imageId: string | null, imageSource: 'ami' | 'ssm'): [string, StoredGroup] => [
  g.name,
  { name: g.name, launchTemplateId: g.launchTemplate!.id, launchTemplateName: null, launchTemplateVersion: g.launchTemplate!.version, imageId, imageSource, instances: new Map() },
];

const A: Template = { id: 'lt-0aaaaaaaaaaaaaaaa', name: 'lt-a', defaultVersion: 1, versions: { 1: 'ami-0aaaaaaaaaaaaaaa1', 2: 'ami-0aaaaaaaaaaaaaaa2', 3: 'ami-0aaaaaaaaaaaaaaa3' } };
const B: Template = { id: 'lt-0bbbbbbbbbbbbbbbb', name: 'lt-b', defaultVersion: 1, versions: { 1: 'ami-0bbbbbbbbbbbbbbb1' } };
const SSM: Template = { id: 'lt-0cccccccccccccccc', name: 'lt-rhel8-builder', defaultVersion: 1, versions: { 1: ALIAS } };

describe('the AMI of each group’s launch template version', () => {
  it('comes from one listing of every template’s $Latest and $Default, plus a call per template for any other version', async () => {
    const { client, asked } = ec2([A, B]);
    const groups = [group('on-latest', A.id, '$Latest'), group('on-default', A.id, '1'), group('on-b', B.id, '1'), group('on-old', A.id, '2')];
    const images = await launchTemplateImages(client, groups, new Map(), WHERE);
    expect(Object.fromEntries(images)).toEqual({
      'on-latest': { imageId: A.versions[3], source: 'ami' },
      'on-default': { imageId: A.versions[1], source: 'ami' },
      'on-b': { imageId: B.versions[1], source: 'ami' },
      'on-old': { imageId: A.versions[2], source: 'ami' },
    });
    expect(asked).toEqual([
      { Versions: ['$Latest', '$Default'], MaxResults: 200, NextToken: undefined },
      { LaunchTemplateId: A.id, Versions: ['2'], MaxResults: 200, NextToken: undefined },
    ]);
  });

  it('costs nothing for a group on the numbered version it was on before: versions never change', async () => {
    const { client, asked } = ec2([A]);
    const g = group('pinned', A.id, '2');
    const images = await launchTemplateImages(client, [g], new Map([stored(g, A.versions[2]!, 'ami')]), WHERE);
    expect(images.get('pinned')).toEqual({ imageId: A.versions[2], source: 'ami' });
    expect(asked).toEqual([]);
  });

  it('asks again for a group on $Latest, which moves when a version is made', async () => {
    const { client, asked } = ec2([A]);
    const g = group('following', A.id, '$Latest');
    const images = await launchTemplateImages(client, [g], new Map([stored(g, A.versions[2]!, 'ami')]), WHERE);
    expect(images.get('following')).toEqual({ imageId: A.versions[3], source: 'ami' });
    expect(asked).toHaveLength(1);
  });
});

describe('the AMI of a launch template that names an SSM parameter', () => {
  it('is the AMI the parameter holds, asked for with ResolveAlias, on every pass', async () => {
    const { client, asked } = ec2([SSM], () => 'ami-0123456789abcdef0');
    const g = group('ssm', SSM.id, '1');
    expect(await launchTemplateImages(client, [g], new Map(), WHERE)).toEqual(new Map([['ssm', { imageId: 'ami-0123456789abcdef0', source: 'ssm' }]]));
    expect(asked.map((input) => input.ResolveAlias ?? false)).toEqual([false, true]);
    asked.length = 0;
    await launchTemplateImages(client, [g], new Map([stored(g, 'ami-0123456789abcdef0', 'ssm')]), WHERE);
    expect(asked).toEqual([{ LaunchTemplateId: SSM.id, Versions: ['1'], MaxResults: 200, NextToken: undefined, ResolveAlias: true }]);
  });

  it('resolves several templates’ parameters in one listing', async () => {
    const other: Template = { ...SSM, id: 'lt-0dddddddddddddddd', name: 'lt-rhel8-tester' };
    const { client, asked } = ec2([SSM, other]);
    const groups = [group('ssm-1', SSM.id, '1'), group('ssm-2', other.id, '1')];
    const known = new Map([stored(groups[0]!, null, 'ssm'), stored(groups[1]!, null, 'ssm')]);
    const images = await launchTemplateImages(client, groups, known, WHERE);
    expect([...images.values()].every((image) => image.source === 'ssm' && image.imageId === 'ami-0123456789abcdef0')).toBe(true);
    expect(asked).toEqual([{ Versions: ['$Latest', '$Default'], MaxResults: 200, NextToken: undefined, ResolveAlias: true }]);
  });

  it('is unknown when the parameter holds no AMI id', async () => {
    const { client } = ec2([SSM], () => ALIAS);
    expect((await launchTemplateImages(client, [group('ssm', SSM.id, '1')], new Map(), WHERE)).get('ssm')).toEqual({ imageId: null, source: 'ssm' });
  });

  it('is unknown with a warning when the policy forbids reading the parameter, so the groups are still read', async () => {
    const { client } = ec2([SSM, B], () => {
      throw awsError('UnauthorizedOperation', 403);
    });
    const images = await launchTemplateImages(client, [group('ssm', SSM.id, '1'), group('plain', B.id, '1')], new Map(), WHERE);
    expect(images.get('plain')).toEqual({ imageId: B.versions[1], source: 'ami' });
    expect(images.get('ssm')).toMatchObject({ imageId: null, source: 'ssm' });
    expect(images.get('ssm')?.warning).toMatch(/^the SSM parameter of lt-0cccccccccccccccc could not be resolved: EC2 in account app-sre .* denied the call \(UnauthorizedOperation: .*ssm:GetParameters\); the IAM policy must allow it$/);
  });

  it('fails the sync on any other error, for the next one to try again', async () => {
    const { client } = ec2([SSM], () => {
      throw awsError('InternalError', 500);
    });
    const failure = await launchTemplateImages(client, [group('ssm', SSM.id, '1')], new Map(), WHERE).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AwsFailure);
    expect(failure).toMatchObject({ code: 'server' });
  });
});
