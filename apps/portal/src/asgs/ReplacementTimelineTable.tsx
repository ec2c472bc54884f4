import { ExpandableSection, Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { formatAbsolute } from '@/components/time-words';
import styles from './asgs.module.css';
import { formatDuration } from '@fleet/core';
import type { InstanceTimeline, ReplacementTimeline, TimelineStep } from './replacement-timeline';

const KIND_WORDS: Record<TimelineStep['kind'], string> = { launch: 'launched', terminate: 'terminated', other: 'activity' };

function stepLook(step: TimelineStep): { color: 'green' | 'grey' | 'red' | 'blue'; word: string } {
  const failed = step.statusCode === 'Failed' || step.statusCode === 'Cancelled';
  if (failed) return { color: 'red', word: `${step.kind === 'launch' ? 'launch' : KIND_WORDS[step.kind]} ${step.statusCode.toLowerCase()}` };
  if (step.statusCode !== 'Successful') return { color: 'blue', word: `${KIND_WORDS[step.kind]}: ${step.statusCode}` };
  return step.kind === 'launch' ? { color: 'green', word: 'launched' } : { color: 'grey', word: KIND_WORDS[step.kind] };
}

/** One activity: when, within the refresh, and AWS's own cause, two lines of it with the rest a click away. */
function Step({ step, windowStart }: { step: TimelineStep; windowStart: Date }) {
  const look = stepLook(step);
  const offset = formatDuration(step.startTime.getTime() - windowStart.getTime());
  const took = step.endTime ? `, took ${formatDuration(step.endTime.getTime() - step.startTime.getTime())}` : ', not finished';
  return (
    <div className={styles.step}>
      <div className={styles.stepWhen}>
        <Label color={look.color} isCompact title={`${formatAbsolute(step.startTime)}${took}. ${step.description}.`} data-step={step.kind}>
          {look.word} +{offset}
        </Label>
      </div>
      {step.cause && (
        <ExpandableSection variant="truncate" truncateMaxLines={2} toggleTextCollapsed="Show more" toggleTextExpanded="Show less" className={styles.cause} data-cause>
          {step.cause}
        </ExpandableSection>
      )}
    </div>
  );
}

const BAR_CLASSES: Record<InstanceTimeline['role'], string | undefined> = {
  launched: styles.launch,
  terminated: styles.terminate,
  'launched and terminated': styles.launch,
  failed: styles.failed,
  other: styles.terminate,
};

/** The instance's life within the refresh window, to scale: lighter while its launch ran (boot and warm-up). */
function Track({ timeline, window }: { timeline: InstanceTimeline; window: ReplacementTimeline }) {
  const from = window.windowStart.getTime();
  const span = Math.max(window.windowEnd.getTime() - from, 1);
  const at = (date: Date) => Math.min(100, Math.max(0, ((date.getTime() - from) / span) * 100));
  const bar = (start: Date, end: Date) => ({ left: `${at(start)}%`, width: `${Math.max(at(end) - at(start), 0)}%` });
  return (
    <div className={styles.track} aria-hidden>
      <span className={`${styles.span} ${BAR_CLASSES[timeline.role]}`} style={bar(timeline.aliveFrom, timeline.aliveUntil)} />
      {timeline.bootedAt && <span className={`${styles.span} ${styles.boot}`} style={bar(timeline.aliveFrom, timeline.bootedAt)} />}
    </div>
  );
}

/** Which instances the refresh took out and launched, per instance, in the order it touched them. */
export function ReplacementTimelineTable({ timeline }: { timeline: ReplacementTimeline | null }) {
  if (!timeline) return <p className={styles.note}>The refresh has no start time, so its activities cannot be placed.</p>;
  if (timeline.instances.length === 0) {
    return (
      <p className={styles.note}>
        No scaling activity of the group falls within this refresh: it replaced no instance (skip matching), or its activities are older than the
        ones the portal keeps.
      </p>
    );
  }
  return (
    <>
      <Table aria-label="Replacement timeline" variant="compact" borders={false} data-testid="replacement-timeline">
        <Thead>
          <Tr>
            <Th modifier="nowrap">Instance</Th>
            <Th modifier="wrap" width={60}>
              After the start, and why (AWS&apos;s cause)
            </Th>
            <Th modifier="wrap">Across the refresh</Th>
          </Tr>
        </Thead>
        <Tbody>
          {timeline.instances.map((instance) => (
            <Tr key={instance.key} data-instance={instance.instanceId ?? undefined}>
              <Td dataLabel="Instance" modifier="nowrap">{instance.instanceId ? <code>{instance.instanceId}</code> : <span className={styles.note}>no instance</span>}</Td>
              <Td dataLabel="After the start, and why">
                {instance.steps.map((step) => (
                  <Step key={`${step.kind}-${step.startTime.toISOString()}`} step={step} windowStart={timeline.windowStart} />
                ))}
              </Td>
              <Td dataLabel="Across the refresh">
                <Track timeline={instance} window={timeline} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
      <p className={styles.note}>
        Each bar is an instance within the refresh: grey until an old one is terminated, green from a new one&apos;s launch (lighter while it
        boots and warms up), red where an activity failed.
      </p>
    </>
  );
}
