import type { EC2Client } from '@aws-sdk/client-ec2';
import { describeInstances, describeInstancesOfGroups, FILTER_VALUES, INSTANCES_PAGE } from '@fleet/aws';
import type { AsgObservation } from '@fleet/core';
import type { InstanceDetail, StoredGroup } from '@fleet/db';

/**
 * EC2's view (AMI, private address, launch time) of each instance of the groups. None of it
 * changes in an instance's life, so only instances the store has not seen with an address are
 * asked about: by id, 200 to a call, or, when that takes more calls, by their groups' tag,
 * a thousand to a page. Instances the store knows keep what it knows.
 */
export async function instanceDetails(ec2: EC2Client, groups: AsgObservation[], stored: ReadonlyMap<string, StoredGroup>, where: string): Promise<Map<string, InstanceDetail>> {
  const details = new Map<string, InstanceDetail>();
  const unknown: string[] = [];
  const groupsWithUnknown: AsgObservation[] = [];
  for (const g of groups) {
    const known = stored.get(g.name)?.instances;
    const before = unknown.length;
    for (const { instanceId } of g.instances) {
      const detail = known?.get(instanceId);
      if (detail?.privateIp) details.set(instanceId, detail);
      else unknown.push(instanceId);
    }
    if (unknown.length > before) groupsWithUnknown.push(g);
  }
  if (unknown.length === 0) return details;
  const byId = Math.ceil(unknown.length / FILTER_VALUES);
  const inGroups = groupsWithUnknown.reduce((sum, g) => sum + g.instances.length, 0);
  const byGroup = Math.ceil(groupsWithUnknown.length / FILTER_VALUES) * Math.max(1, Math.ceil(inGroups / INSTANCES_PAGE));
  const read =
    byGroup < byId
      ? await describeInstancesOfGroups(ec2, groupsWithUnknown.map((g) => g.name), where)
      : await describeInstances(ec2, unknown, where);
  const wanted = new Set(unknown);
  for (const d of read) {
    if (wanted.has(d.instanceId)) details.set(d.instanceId, { imageId: d.imageId, privateIp: d.privateIp, launchTime: d.launchTime });
  }
  return details;
}
