import { AutoScalingClient, UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import type { FleetConfig } from '@fleet/core';
import { CONSOLE_USER, type Simulator } from '@fleet/sim';

/**
 * On a fresh demo, someone with console access (CONSOLE_USER) raises a pool's maximum size by one
 * outside the portal (no instance changes): CloudTrail records it, the audit sync puts it on the
 * group's history, marked. Made through the simulated AWS API with her own key, as in the console.
 */
export async function changeOutsideThePortal(sim: Simulator, config: FleetConfig): Promise<string | null> {
  const account = config.aws.productionAccounts[0];
  const region = account?.regions[0];
  const fourEyes = new Set(config.access.policies.filter((p) => p.fourEyes).map((p) => p.target));
  const name = config.workerTypes.flatMap((w) => w.asgs).find((g) => !fourEyes.has(g) && sim.world.fleet.group(g)?.ownerId === account?.id);
  const group = name ? sim.world.fleet.group(name) : undefined;
  if (!account || !region || !group) return null;
  const client = new AutoScalingClient({ region, endpoint: sim.url, credentials: sim.consoleCredentialsFor(account.id), maxAttempts: 2 });
  try {
    await client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: group.name, MaxSize: group.maxSize + 1 }));
  } finally {
    client.destroy();
  }
  console.log(`${CONSOLE_USER} raised ${group.name}'s maximum size by one outside the portal; CloudTrail has it, and so will the group's history`);
  return group.name;
}
