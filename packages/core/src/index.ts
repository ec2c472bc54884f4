export * from './commit.ts';
export * from './config.ts';
export * from './freshness.ts';
export * from './image.ts';
export * from './lineage.ts';
export * from './lineage-filter.ts';
export * from './asg.ts';
export * from './refresh-preview.ts';
