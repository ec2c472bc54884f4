import type { RouterOutputs } from '@/trpc/types';

/** One row of `/asgs`: a group with its capacity, AMI, drift and latest refresh. */
export type AsgRow = RouterOutputs['asgs']['list'][number];
export type AsgDrift = AsgRow['drift'];
export type LatestRefresh = NonNullable<AsgRow['refresh']>;

/** `/asgs/<name>`: the same group with its instances, refresh history and scaling activities. */
export type AsgDetail = RouterOutputs['asgs']['get'];
export type AsgInstance = AsgDetail['instances'][number];
/** What a refresh would do: its target AMI, sharing, who is replaced and what changes on them. */
export type RefreshTargetFacts = AsgDetail['nextRefresh'];
export type RefreshRecord = AsgDetail['history'][number];
export type ScalingActivity = AsgDetail['activities'][number];
/** The refresh running now, as the group's detail reports it (without its samples). */
export type CurrentRefresh = NonNullable<AsgDetail['current']>;
