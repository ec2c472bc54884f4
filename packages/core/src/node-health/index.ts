export { assessNodeHealth } from './assess.ts';
export * from './overview.ts';
export * from './types.ts';
