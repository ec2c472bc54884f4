export * from './infra-repo.ts';
export * from './sync/job.ts';
export * from './sync/jobs.ts';
export * from './sync/scheduler.ts';
export * from './worker.ts';
export * from './sync/images.ts';
export * from './sync/infra-repo.ts';
export * from './sync/asgs.ts';
