export * from './config-file.ts';
export * from './health.ts';
export * from './root.ts';
export type { ApiContext } from './trpc.ts';
