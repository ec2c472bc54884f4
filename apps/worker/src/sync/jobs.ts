import type { FleetConfig } from '@fleet/core';
import { imagesJob, launchPermissionsJob } from './images.ts';
import { infraRepoJob } from './infra-repo.ts';
import type { SyncJob } from './job.ts';

/** Every sync loop the config calls for. */
export function syncJobsFor(config: FleetConfig): SyncJob[] {
  const build = config.aws.buildAccount;
  const jobs: SyncJob[] = build.regions.flatMap((region) => [
    imagesJob(build, region, config.sync.images),
    launchPermissionsJob(build, region, config.sync.launchPermissions),
  ]);
  if (config.infraRepo.localClone) jobs.push(infraRepoJob(config.infraRepo.localClone, config.sync.infraRepo));
  return jobs;
}
