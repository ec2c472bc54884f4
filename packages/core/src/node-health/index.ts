export { assessNodeHealth } from './assess.ts';
export { causeSummary } from './cause.ts';
export { HOUSEKEEPING_FAILURES_TO_FLAG, HOUSEKEEPING_RUNS_WEIGHED, housekeepingReading } from './housekeeping-signal.ts';
export * from './overview.ts';
export * from './types.ts';
export * from './reason-codes.ts';
export * from './reason-guidance.ts';
export { severityScore } from './severity.ts';
