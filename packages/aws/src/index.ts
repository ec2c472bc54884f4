export * from './clients.ts';
export * from './errors.ts';
export * from './images.ts';
export * from './identity.ts';
export * from './autoscaling.ts';
export * from './instances.ts';
export * from './instance-status.ts';
export * from './cloudtrail.ts';
