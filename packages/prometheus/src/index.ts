export * from './client.ts';
export { PrometheusFailure, type PrometheusFailureCode } from './failure.ts';
export { FILESYSTEM_SELECTOR, nodeQueries, type NodeSignal } from './node-queries.ts';
export * from './node-signals.ts';
export type { ActiveTarget, BuildInfo, InstantResult, InstantSeries, Labels, RangeSeries, Sample } from './responses.ts';
