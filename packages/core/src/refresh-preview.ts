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
  /** What the minimum healthy percentage asks to keep in service, in instances. */
  minInService: number;
  /** How many of each batch are launched before old ones are terminated (room above 100 %). */
  launchFirst: number;
  /**
   * The fewest instances in service while a batch is replaced: below minInService when the
   * minimum healthy percentage leaves no room, as AWS then still replaces one at a time.
   */
  lowestInService: number;
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
  const launchFirst = Math.min(batchSize, Math.max(0, headroom));
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
    launchFirst,
    lowestInService: Math.max(0, desired - (batchSize - launchFirst)),
    batches: Math.ceil(replaced.length / batchSize),
    fingerprint,
  };
}

const instances = (n: number) => `${n} instance${n === 1 ? '' : 's'}`;

/**
 * How the refresh takes the group through, in instances, without contradiction: "keeping at least
 * 2 of 2 in service" cannot hold while one is replaced, so when the minimum healthy percentage
 * leaves no room the sentence says what AWS really does (one at a time, one fewer in service).
 */
export function describeBatching(preview: RefreshPreview, desiredCapacity: number, minHealthyPercentage: number): string {
  const { batchSize, batches, minInService, launchFirst, lowestInService } = preview;
  const of = `of the desired ${desiredCapacity}`;
  const launching = launchFirst > 0 ? `, launching up to ${launchFirst} replacement${launchFirst === 1 ? '' : 's'} before terminating old ones` : '';
  if (lowestInService < minInService) {
    return (
      `one at a time (${batches} batch${batches === 1 ? '' : 'es'}): minimum healthy ${minHealthyPercentage} % ${of} leaves no instance to take out, ` +
      `so AWS still replaces one at a time and ${lowestInService} of ${desiredCapacity} stay in service while each replacement launches` +
      ' (a maximum healthy percentage above 100 % launches replacements first instead)'
    );
  }
  return `in ${batches} batch${batches === 1 ? '' : 'es'} of up to ${instances(batchSize)}${launching}, keeping at least ${minInService} ${of} in service (minimum healthy ${minHealthyPercentage} %)`;
}
