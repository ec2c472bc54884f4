import { type FleetConfig, type WorkerTypeConfig } from '@fleet/core';

/** The tags the infra repo's packer template (packer/worker.pkr.hcl) puts on a worker AMI. */
export function bakeTags(config: FleetConfig, type: WorkerTypeConfig, commitTag: string, buildId: string, builtCommit: string = commitTag): [string, string][] {
  const { tags } = config;
  const entries: [string, string][] = [
    [tags.commit, commitTag],
    [tags.workerType, type.key],
    [tags.baseOs, type.baseOs],
    [tags.buildId, buildId],
  ];
  if (tags.role) entries.push([tags.role, type.role]);
  if (tags.builtCommit) entries.push([tags.builtCommit, builtCommit]);
  return entries;
}

/** The template's ami_name: `jenkins-worker-<type>-${formatdate("YYYYMMDDhhmm", timestamp())}`. */
export function amiName(workerType: string, at: Date): string {
  return `jenkins-worker-${workerType}-${at.toISOString().replace(/[-:T]/g, '').slice(0, 12)}`;
}
