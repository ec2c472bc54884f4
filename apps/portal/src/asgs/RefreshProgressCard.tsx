'use client';

import {
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  Grid,
  GridItem,
  Progress,
  ProgressMeasureLocation,
  ProgressVariant,
  Title,
} from '@patternfly/react-core';
import { RelativeTime, useNow } from '@/components/RelativeTime';
import styles from './asgs.module.css';
import { Fact } from '@/components/Fact';
import { formatDuration } from '@fleet/core';
import { checkpointState, type CheckpointState, poolProgress, refreshSettings, requestedByWords } from './refresh-facts';
import { refreshLook, RefreshStatusLabel } from './RefreshStatusLabel';
import { progressCurve } from './refresh-curve';
import { RefreshCurve } from './RefreshCurve';
import type { CurrentRefresh, RefreshRecord } from './types';


function checkpointWords(state: CheckpointState): string {
  if (state.kind === 'waiting') {
    const wait = state.delaySeconds === null ? '' : `, waiting ${formatDuration(state.delaySeconds * 1000)} before going on`;
    return `reached ${state.percentage}%${wait}`;
  }
  if (state.kind === 'next') return `next at ${state.percentage}%; not reached yet`;
  return 'none set: the refresh runs to the end without pausing';
}

const yesNo = (value: boolean | null) => (value === null ? 'unknown' : value ? 'on' : 'off');

/** Status, what it waits for, who started it and how long it has run. */
function RefreshFacts({ refresh }: { refresh: CurrentRefresh }) {
  const now = useNow();
  const settings = refreshSettings(refresh.preferences);
  const checkpoint = checkpointState(refresh.statusReason, settings, refresh.percentageComplete);
  const pools = poolProgress(refresh.progressDetails);
  return (
    <DescriptionList isCompact isHorizontal aria-label="Refresh facts">
      <Fact term="Status">
        <RefreshStatusLabel status={refresh.status} reason={refresh.statusReason} />{' '}
        <span data-testid="refresh-status-reason">{refresh.statusReason ?? <span className={styles.note}>AWS gives no reason</span>}</span>
      </Fact>
      {refresh.rollback && (
        <Fact term="Rolled back">
          <span data-testid="refresh-rollback">
            from {refresh.rollback.percentageComplete ?? '?'}%
            {refresh.rollback.startTime && (
              <>
                , <RelativeTime at={refresh.rollback.startTime} withAbsolute />
              </>
            )}
            {refresh.rollback.reason && refresh.rollback.reason !== refresh.statusReason && `: ${refresh.rollback.reason}`}
          </span>
        </Fact>
      )}
      <Fact term="Instances still to update">
        {refresh.status === 'Pending' ? (
          // While pending, AWS has not yet set aside the instances skip matching leaves alone: its count would contradict the preview.
          <span className={styles.note} data-testid="refresh-to-update">
            counted once the refresh begins{settings.skipMatching ? ', leaving out the instances already on the desired configuration' : ''}
          </span>
        ) : (
          <span data-testid="refresh-to-update">{refresh.instancesToUpdate ?? 'unknown'}</span>
        )}
      </Fact>
      <Fact term="Checkpoint">{checkpointWords(checkpoint)}</Fact>
      <Fact term={refresh.approvedBy ? 'Requested by' : 'Started by'}>{requestedByWords(refresh)}</Fact>
      <Fact term="Started">
        <RelativeTime at={refresh.startTime} never="not yet" withAbsolute />
      </Fact>
      <Fact term={refresh.endTime ? 'Took' : 'Running for'}>
        {refresh.startTime ? formatDuration(Math.max(0, (refresh.endTime?.getTime() ?? now) - refresh.startTime.getTime())) : 'not started'}
      </Fact>
      <Fact term="Preferences">
        min healthy {settings.minHealthyPercentage ?? '?'}%, warm-up{' '}
        {settings.instanceWarmupSeconds === null ? 'default' : formatDuration(settings.instanceWarmupSeconds * 1000)}, skip matching{' '}
        {yesNo(settings.skipMatching)}, auto rollback {yesNo(settings.autoRollback)}
      </Fact>
      {pools.length > 1 && (
        <Fact term="Pools">{pools.map((p) => `${p.pool}: ${p.percentageComplete ?? '?'}%, ${p.instancesToUpdate ?? '?'} to update`).join('; ')}</Fact>
      )}
    </DescriptionList>
  );
}

interface RefreshProgressCardProps {
  refresh: CurrentRefresh;
  /** The same refresh in the history, whose samples draw its curve so far. */
  record: RefreshRecord | undefined;
  /** When the sync last read the group: the refresh stood where it stands at least until then. */
  syncedAt: Date;
  /** The refresh has ended a short while ago; the card stays so whoever watched it sees how. */
  ended: boolean;
}

function endedVariant(status: string): ProgressVariant {
  return status === 'Successful' ? ProgressVariant.success : ProgressVariant.danger;
}

/** The refresh running now, as it moves: the page pushes every change into it. */
export function RefreshProgressCard({ refresh, record, syncedAt, ended }: RefreshProgressCardProps) {
  const now = useNow();
  const percentage = refresh.percentageComplete ?? 0;
  const rollingBack = refresh.status.startsWith('Rollback');
  return (
    <Card data-testid="refresh-progress" data-ended={ended} isCompact>
      <CardTitle>
        <Title headingLevel="h2" size="lg">
          {ended ? <>Refresh ended <RelativeTime at={refresh.endTime} withAbsolute /></> : 'Refresh in progress'}
        </Title>
      </CardTitle>
      <CardBody>
        <Progress
          value={percentage}
          title={`${percentage}% of the instances ${rollingBack ? 'rolled back' : 'replaced'} · ${refreshLook(refresh.status).word}`}
          measureLocation={ProgressMeasureLocation.outside}
          variant={rollingBack ? ProgressVariant.warning : ended ? endedVariant(refresh.status) : undefined}
          aria-label={`Instance refresh ${percentage}% complete`}
        />
        <Grid hasGutter className="pf-v6-u-mt-md">
          <GridItem lg={7}>
            <RefreshFacts refresh={refresh} />
          </GridItem>
          <GridItem lg={5}>{record && <RefreshCurve curve={progressCurve(record, now, syncedAt)} />}</GridItem>
        </Grid>
      </CardBody>
    </Card>
  );
}
