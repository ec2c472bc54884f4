export { assessNodeHealth } from './assess.ts';
export { causeSummary } from './cause.ts';
export * from './overview.ts';
export * from './types.ts';
