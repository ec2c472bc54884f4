import {
  commitUrl,
  compareUrl,
  describeBatching,
  type FleetConfig,
  previewRefresh,
  type RefreshPreferences,
  refreshRefusal,
  refreshTarget,
  type NodeChange,
} from '@fleet/core';
import { loadInfraHistory, loadTargetAmis, type PrismaClient } from '@fleet/db';

type Preferences = Pick<RefreshPreferences, 'minHealthyPercentage' | 'maxHealthyPercentage' | 'skipMatching'>;

/** A group as the refresh facts read it: its launch template's AMI and its live instances. */
export interface FactsGroup {
  name: string;
  accountId: string;
  workerType: string | null;
  desiredCapacity: number;
  launchTemplateVersion: string | null;
  imageId: string | null;
  instances: { instanceId: string; availabilityZone: string; lifecycleState: string; imageId: string | null; launchTemplateVersion: string | null }[];
}

/** The start dialog's defaults (skip matching on), which the group's page assumes. */
export const DEFAULT_FACT_PREFERENCES: Preferences = { minHealthyPercentage: 90, maxHealthyPercentage: null, skipMatching: true };

const link = (config: FleetConfig, sha: string | null) => (sha ? commitUrl(config, sha) : null);

function changeView(config: FleetConfig, change: NodeChange, to: string | null) {
  const from = change.from?.builtAt ?? null;
  const [older, newer] = change.direction === 'back' ? [to, from] : [from, to];
  return {
    ...change,
    fromCommitUrl: link(config, from),
    packerCommits: change.packerCommits.map((c) => ({ ...c, authoredAt: c.authoredAt.toISOString(), url: commitUrl(config, c.sha) })),
    /** The diff between the two builds, oldest first, when the config has a compare link. */
    compareUrl: older && newer && change.direction !== 'same' && change.direction !== 'unknown' ? compareUrl(config, older, newer) : null,
  };
}

/**
 * Everything a refresh of the group would really do, read from the store: which instances it
 * replaces and how, the AMI and commit new instances get against the newest, whether the
 * account may launch it, what changes on the nodes, and why it must not start, if it must not.
 */
export async function refreshFactsOf(prisma: PrismaClient, config: FleetConfig, group: FactsGroup, preferences: Preferences) {
  const preview = previewRefresh({
    asgName: group.name,
    desiredCapacity: group.desiredCapacity,
    instances: group.instances,
    desired: { launchTemplateVersion: group.launchTemplateVersion, imageId: group.imageId },
    preferences,
  });
  const replaced = new Set(preview.replaced);
  const running = group.instances.map((i) => i.imageId).filter((id): id is string => id !== null);
  const [amis, history] = await Promise.all([
    loadTargetAmis(prisma, { workerTypes: group.workerType ? [group.workerType] : [], imageIds: [...new Set([...(group.imageId ? [group.imageId] : []), ...running])] }),
    loadInfraHistory(prisma),
  ]);
  const facts = refreshTarget({
    accountId: group.accountId,
    workerType: group.workerType,
    imageId: group.imageId,
    amis,
    history,
    replaced: group.instances.filter((i) => replaced.has(i.instanceId)),
  });
  const account = config.aws.productionAccounts.find((a) => a.id === group.accountId);
  const refusal = refreshRefusal({
    asgName: group.name,
    accountName: account?.name ?? group.accountId,
    accountId: group.accountId,
    skipMatching: preferences.skipMatching,
    replaced: preview.replaced.length,
    skipped: preview.skipped.length,
    target: facts.target,
    shared: facts.shared,
  });
  const to = facts.target?.builtAt ?? null;
  return {
    preview,
    batching: describeBatching(preview, group.desiredCapacity, preferences.minHealthyPercentage),
    /** What the pages show, as plain JSON (it also travels in an action preview's details). */
    view: {
      replaced: preview.replaced.length,
      skipped: preview.skipped.length,
      skipMatching: preferences.skipMatching,
      target: facts.target && { ...facts.target, commitUrl: link(config, facts.target.builtAt) },
      newest: facts.newest && { ...facts.newest, commitUrl: link(config, facts.newest.builtAt) },
      commitsBehindNewest: facts.commitsBehindNewest,
      shared: facts.shared,
      newestShared: facts.newestShared,
      accountName: account?.name ?? null,
      hasInfraHistory: history.length > 0,
      changes: facts.changes.map((c) => changeView(config, c, to)),
      refusal,
    },
  };
}

export type RefreshFacts = Awaited<ReturnType<typeof refreshFactsOf>>['view'];

/** "ami-0abc built at 1a2b3c4 (2 commits behind the newest, ami-0def at 5e6f7a8)" as one line. */
export function targetSentence(facts: RefreshFacts): string {
  const { target, newest } = facts;
  if (!target) return 'new instances get the launch template’s configuration (its AMI is not known to the portal)';
  const built = target.builtAt ? ` built at ${target.builtAt.slice(0, 7)}` : ' (its build commit is not known)';
  const behind =
    facts.commitsBehindNewest === 0
      ? ', the newest AMI of its worker type'
      : newest && facts.commitsBehindNewest !== null
        ? `, ${facts.commitsBehindNewest} commit${facts.commitsBehindNewest === 1 ? '' : 's'} behind the newest, ${newest.imageId}${newest.builtAt ? ` at ${newest.builtAt.slice(0, 7)}` : ''}${facts.newestShared === false ? ` (not shared with ${facts.accountName ?? 'the group’s account'})` : ''}`
        : newest && newest.imageId !== target.imageId
          ? `, not the newest (${newest.imageId})`
          : '';
  const shared = facts.shared === null ? '; whether it is shared with the account is not known yet' : facts.shared ? '' : `; it is not shared with ${facts.accountName ?? 'the group’s account'}, so they would fail to launch`;
  return `new instances get ${target.imageId}${built}${behind}${shared}`;
}
