import type { RefreshPreferences } from './asg.ts';

export interface PreviewInstance {
  instanceId: string;
  availabilityZone: string;
  lifecycleState: string;
  imageId: string | null;
  launchTemplateVersion: string | null;
}

export interface RefreshPreview {
  /** Instances the refresh will replace, in the order AWS takes them (by AZ, then id). */
  replaced: string[];
  /** Instances already on the desired configuration, skipped when SkipMatching is on. */
  skipped: string[];
  /** Instances replaced at once, and how many stay in service while they are. */
  batchSize: number;
  minInService: number;
  batches: number;
  /** A stable digest of what the user confirmed; the guard compares it with the preview at execution. */
  fingerprint: string;
}

export interface PreviewInput {
  asgName: string;
  desiredCapacity: number;
  instances: PreviewInstance[];
  desired: { launchTemplateVersion: string | null; imageId: string | null };
  preferences: Pick<RefreshPreferences, 'minHealthyPercentage' | 'maxHealthyPercentage' | 'skipMatching'>;
}

function matchesDesired(instance: PreviewInstance, desired: PreviewInput['desired']): boolean {
  if (desired.imageId !== null && instance.imageId !== desired.imageId) return false;
  return desired.launchTemplateVersion === null || instance.launchTemplateVersion === desired.launchTemplateVersion;
}

/**
 * What a rolling instance refresh will do to the group: AWS keeps MinHealthyPercentage of the
 * desired capacity in service and, without room above 100 % (MaxHealthyPercentage), replaces the
 * rest per batch, terminating before launching.
 */
export function previewRefresh(input: PreviewInput): RefreshPreview {
  const inService = input.instances
    .filter((i) => i.lifecycleState === 'InService')
    .sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone) || a.instanceId.localeCompare(b.instanceId));
  const skipped = input.preferences.skipMatching ? inService.filter((i) => matchesDesired(i, input.desired)) : [];
  const replaced = inService.filter((i) => !skipped.includes(i));
  const desired = Math.max(input.desiredCapacity, 1);
  const minInService = Math.ceil((desired * input.preferences.minHealthyPercentage) / 100);
  const headroom = Math.floor((desired * ((input.preferences.maxHealthyPercentage ?? 100) - 100)) / 100);
  const batchSize = Math.max(1, desired - minInService + Math.max(0, headroom));
  const fingerprint = [
    input.asgName,
    input.desired.launchTemplateVersion ?? '-',
    input.desired.imageId ?? '-',
    replaced.map((i) => i.instanceId).join(','),
    skipped.map((i) => i.instanceId).join(','),
  ].join('|');
  return {
    replaced: replaced.map((i) => i.instanceId),
    skipped: skipped.map((i) => i.instanceId),
    batchSize,
    minInService,
    batches: Math.ceil(replaced.length / batchSize),
    fingerprint,
  };
}
