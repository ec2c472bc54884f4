import { agentControllersOf, type FleetConfig } from '@fleet/core';
import { asgsJob } from './aws/groups.ts';
import { accountIdentityJob } from './aws/identity.ts';
import { cloudTrailJob } from './audit/cloudtrail.ts';
import { auditRetentionJob } from './audit/retention.ts';
import { imagesJob, launchPermissionsJob } from './aws/images.ts';
import { instanceStatusJob } from './aws/instance-status.ts';
import { infraRepoJob } from './git/infra-repo.ts';
import { jenkinsAgentsJob } from './jenkins/agents.ts';
import { bakesJob } from './jenkins/bakes.ts';
import { cloudsJob } from './jenkins/clouds.ts';
import { housekeepingJob } from './jenkins/housekeeping.ts';
import type { SyncJob } from './job.ts';
import { nodeHealthJob } from './nodes/health.ts';
import { exporterSignalsJob } from './prometheus/exporter.ts';

/** Credentials rarely change; an hourly check catches an expired key or a removed role. */
export const IDENTITY_INTERVAL_MS = 3_600_000;

/** Every sync loop the config calls for. */
export function syncJobsFor(config: FleetConfig, env: Readonly<Record<string, string | undefined>> = process.env): SyncJob[] {
  const build = config.aws.buildAccount;
  const jobs: SyncJob[] = build.regions.flatMap((region) => [
    imagesJob(build, region, config.sync.images),
    launchPermissionsJob(build, region, config.sync.launchPermissions),
  ]);
  for (const account of config.aws.productionAccounts) {
    for (const region of account.regions) {
      jobs.push(asgsJob(account, region, { intervalMs: config.sync.asgs, refreshingIntervalMs: config.sync.asgsWhileRefreshing }));
      jobs.push(instanceStatusJob(account, region, config.sync.nodes));
    }
  }
  for (const account of [build, ...config.aws.productionAccounts]) {
    jobs.push(accountIdentityJob(account, account.regions[0]!, IDENTITY_INTERVAL_MS));
  }
  if (config.jenkins) {
    if (agentControllersOf(config.jenkins).length > 0) jobs.push(jenkinsAgentsJob(config.jenkins, config.sync.nodes, env));
    const bakes = bakesJob({ jenkins: config.jenkins, workerTypes: config.workerTypes.map((w) => w.key), intervalMs: config.sync.jenkinsJobs, env });
    if (bakes) jobs.push(bakes);
    for (const controller of config.jenkins.controllers) {
      const housekeeping = housekeepingJob({ controller, intervalMs: config.sync.jenkinsJobs, env });
      if (housekeeping) jobs.push(housekeeping);
      const clouds = cloudsJob({ controller, intervalMs: config.sync.jenkinsClouds, env });
      if (clouds) jobs.push(clouds);
    }
  }
  if (config.prometheus) jobs.push(exporterSignalsJob(config.prometheus, config.sync.nodes));
  jobs.push(nodeHealthJob(config.sync.nodes));
  if (config.infraRepo.localClone) jobs.push(infraRepoJob(config.infraRepo.localClone, config.sync.infraRepo));
  if (config.audit.retention) jobs.push(auditRetentionJob(config.audit.retention));
  if (config.audit.cloudTrail) {
    for (const account of [build, ...config.aws.productionAccounts]) for (const region of account.regions) jobs.push(cloudTrailJob(account, region, config));
  }
  return jobs;
}
