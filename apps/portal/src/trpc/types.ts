import type { AppRouter } from '@fleet/api';
import type { inferRouterOutputs } from '@trpc/server';

export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type SourceFreshness = RouterOutputs['sources']['list'][number];
export type Overview = RouterOutputs['overview']['get'];
export type LineageGrid = RouterOutputs['lineage']['grid'];
export type AmiDetail = RouterOutputs['lineage']['ami'];
export type FleetSettings = RouterOutputs['fleet']['config'];
export type NodeList = RouterOutputs['nodes']['list'];
export type NodeRow = NodeList['items'][number];
export type NodeSourcesView = NodeList['sources'];
export type NodeFacets = NodeList['facets'];
export type NodeDetail = RouterOutputs['nodes']['get'];
export type NodeSummary = RouterOutputs['nodes']['summary'];
export type NodeFindingRow = RouterOutputs['nodes']['findings']['items'][number];
export type BakeView = RouterOutputs['bakes']['get'];
export type BuildLogWindow = RouterOutputs['buildLogs']['read'];
export type HousekeepingJobView = RouterOutputs['housekeeping']['jobs'][number];
export type HousekeepingRunView = HousekeepingJobView['runs'][number];
export type HousekeepingRunDetail = RouterOutputs['housekeeping']['get'];
export type HousekeepingMatrix = RouterOutputs['housekeeping']['matrix'];
export type CloudsController = RouterOutputs['clouds']['list'][number];
export type CloudRowView = CloudsController['rows'][number];
