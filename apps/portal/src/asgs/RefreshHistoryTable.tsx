'use client';

import { Stack, StackItem, Title } from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { RelativeTime, useNow } from '@/components/RelativeTime';
import styles from './asgs.module.css';
import { progressCurve } from './refresh-curve';
import { formatDuration } from '@fleet/core';
import { refreshSettings, requestedByWords, startedByWords } from './refresh-facts';
import { RefreshCurve } from './RefreshCurve';
import { RefreshStatusLabel } from './RefreshStatusLabel';
import { replacementTimeline } from './replacement-timeline';
import { ReplacementTimelineTable } from './ReplacementTimelineTable';
import { sortRows, type SortValue, useColumnSort } from '@/components/sort';
import type { RefreshRecord, ScalingActivity } from './types';

type HistorySortKey = 'started' | 'by' | 'duration' | 'status' | 'reached';
// The first column holds the expand toggles.
const SORT_COLUMNS: (HistorySortKey | null)[] = [null, 'started', 'by', 'duration', 'status', 'reached', null, null];
const TITLES = ['Started', 'By', 'Took', 'How it ended', 'Reached', 'Min healthy', 'Skip matching'];

const SORT_VALUES: Record<HistorySortKey, (r: RefreshRecord) => SortValue> = {
  started: (r) => r.startTime?.getTime() ?? null,
  by: (r) => requestedByWords(r),
  duration: (r) => r.durationMs,
  status: (r) => r.status,
  reached: (r) => r.percentageComplete,
};

const onOff = (value: boolean | null) => (value === null ? 'unknown' : value ? 'on' : 'off');

function desiredConfigurationWords(refresh: RefreshRecord): string {
  const template = refresh.desiredConfiguration?.LaunchTemplate;
  if (template && typeof template === 'object' && 'Version' in template) return `launch template version ${String(template.Version)}`;
  return refresh.desiredConfiguration ? 'a desired configuration' : 'none: it refreshed onto whatever the group pointed at, so AWS cannot roll it back';
}

interface HistoryProps {
  activities: ScalingActivity[];
  /** When the sync last read the group, for the curve of a refresh still running. */
  syncedAt: Date;
}

function RefreshDetails({ refresh, activities, syncedAt }: HistoryProps & { refresh: RefreshRecord }) {
  const now = useNow();
  const settings = refreshSettings(refresh.preferences);
  return (
    // One above the other: the timeline needs the width for AWS's causes beside each activity.
    <Stack hasGutter>
      <StackItem>
        <Title headingLevel="h3" size="md">
          Progress
        </Title>
        <RefreshCurve curve={progressCurve(refresh, now, syncedAt)} />
        <p className={styles.note}>
          Target: {desiredConfigurationWords(refresh)}. Warm-up{' '}
          {settings.instanceWarmupSeconds === null ? 'default' : formatDuration(settings.instanceWarmupSeconds * 1000)}, checkpoints{' '}
          {settings.checkpointPercentages.length > 0 ? settings.checkpointPercentages.map((c) => `${c}%`).join(', ') : 'none'}, auto rollback{' '}
          {onOff(settings.autoRollback)}.{refresh.statusReason && ` AWS: ${refresh.statusReason}`}
        </p>
      </StackItem>
      <StackItem>
        <Title headingLevel="h3" size="md">
          Replacement timeline
        </Title>
        <ReplacementTimelineTable timeline={replacementTimeline(refresh, activities, now)} />
      </StackItem>
    </Stack>
  );
}

export function RefreshHistoryTable({ history, activities, syncedAt }: HistoryProps & { history: RefreshRecord[] }) {
  const { sort, sortFor } = useColumnSort(SORT_COLUMNS, 'started', 'desc');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (history.length === 0) {
    return <p>No refresh of this group is recorded: AWS listed none when the portal started syncing it, and none has run since.</p>;
  }
  const toggle = (id: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const rows = sortRows(history, SORT_VALUES[sort.key], sort.direction, (r) => r.id);
  return (
    <Table aria-label="Refresh history" variant="compact" isExpandable>
      <Thead>
        <Tr>
          <Th screenReaderText="Show progress and timeline" />
          {TITLES.map((title, index) => (
            <Th key={title} sort={sortFor(index + 1)} modifier="nowrap">
              {title}
            </Th>
          ))}
        </Tr>
      </Thead>
      {rows.map((refresh, rowIndex) => {
        const isExpanded = expanded.has(refresh.id);
        const settings = refreshSettings(refresh.preferences);
        return (
          <Tbody key={refresh.id} isExpanded={isExpanded}>
            <Tr data-refresh={refresh.id} data-status={refresh.status}>
              <Td expand={{ rowIndex, isExpanded, onToggle: () => toggle(refresh.id), expandId: 'refresh-history' }} />
              <Td dataLabel="Started" modifier="nowrap">
                <RelativeTime at={refresh.startTime} never="not yet" />
              </Td>
              <Td dataLabel="By" data-testid="refresh-requested-by">
                {startedByWords(refresh.startedBy)}
                {refresh.approvedBy && <div className={styles.note}>approved by {refresh.approvedBy}</div>}
              </Td>
              <Td dataLabel="Took" modifier="nowrap">
                {refresh.durationMs === null ? 'unknown' : formatDuration(refresh.durationMs)}
                {refresh.active && <span className={styles.note}> so far</span>}
              </Td>
              <Td dataLabel="How it ended">
                <RefreshStatusLabel status={refresh.status} reason={refresh.statusReason} />
                {refresh.statusReason && <div className={styles.note}>{refresh.statusReason}</div>}
                {refresh.rollback?.reason && refresh.rollback.reason !== refresh.statusReason && (
                  <div className={styles.note} data-testid="refresh-rollback-reason">
                    Rolled back: {refresh.rollback.reason}
                  </div>
                )}
              </Td>
              <Td dataLabel="Reached">
                {refresh.rollback ? (
                  // After a rollback AWS counts the rollback's progress; how far the refresh came is in the rollback details.
                  <span data-testid="refresh-rolled-back-from">{refresh.rollback.percentageComplete === null ? 'unknown' : `${refresh.rollback.percentageComplete}%`}, then rolled back</span>
                ) : (
                  <>
                    {refresh.percentageComplete === null ? 'unknown' : `${refresh.percentageComplete}%`}
                    {refresh.instancesToUpdate ? <span className={styles.note}> ({refresh.instancesToUpdate} left to update)</span> : null}
                  </>
                )}
              </Td>
              <Td dataLabel="Min healthy">{settings.minHealthyPercentage === null ? 'unknown' : `${settings.minHealthyPercentage}%`}</Td>
              <Td dataLabel="Skip matching">{onOff(settings.skipMatching)}</Td>
            </Tr>
            <Tr isExpanded={isExpanded}>
              <Td colSpan={TITLES.length + 1}>
                {isExpanded && (
                  <ExpandableRowContent>
                    <RefreshDetails refresh={refresh} activities={activities} syncedAt={syncedAt} />
                  </ExpandableRowContent>
                )}
              </Td>
            </Tr>
          </Tbody>
        );
      })}
    </Table>
  );
}
