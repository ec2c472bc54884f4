import { Label } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import { Td } from '@patternfly/react-table';
import { causeSummary, formatDuration } from '@fleet/core';
import { RelativeTime, useNow } from '@/components/RelativeTime';
import { formatAbsolute, formatRelative } from '@/components/time-words';
import type { NodeRow } from '@/trpc/types';
import { NodeStatusLabel } from './NodeStatusLabel';
import { AGENT_WORDS } from './reason-words';
import cells from '@/components/cells.module.css';
import styles from './nodes.module.css';

type Signal = { observedAt: Date; stale: boolean } | null;

/** Data the health rules no longer trust: an orange word, never a silent old value. */
export function StaleMark({ signal }: { signal: Signal }) {
  const now = useNow();
  if (!signal?.stale) return null;
  return (
    <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact variant="outline" title={`stale: last read ${formatRelative(signal.observedAt, now)} (${formatAbsolute(signal.observedAt)})`} data-stale="true">
      stale
    </Label>
  );
}

/** What a signal that was never read says instead of a value. */
export function NotRead({ what }: { what: string }) {
  return <span className={cells.note}>{what}</span>;
}


/** How long the node has been up: from the boot node-exporter reports, else from the launch. */
export function Uptime({ node }: { node: Pick<NodeRow, 'bootTime' | 'launchTime'> }) {
  const now = useNow();
  const since = node.bootTime ?? node.launchTime;
  if (!since) return <NotRead what="unknown" />;
  const from = node.bootTime ? 'booted' : 'launched';
  return (
    <span title={`${from} ${formatAbsolute(since)}`} className={cells.nowrap}>
      {formatDuration(now - since.getTime())}
    </span>
  );
}

/** `withStale` off where the signal's age is already said above it (the node's page). */
export function LifecycleCell({ asg, withStale = true }: { asg: NodeRow['asg']; withStale?: boolean }) {
  if (!asg) return <NotRead what="in no group" />;
  return (
    <span className={cells.nowrap}>
      {asg.lifecycleState ?? 'unknown'} ·{' '}
      {asg.healthStatus === 'Unhealthy' ? <NodeStatusLabel status="unhealthy">Unhealthy</NodeStatusLabel> : <span className={cells.note}>{asg.healthStatus ?? 'health unknown'}</span>}{' '}
      {withStale && <StaleMark signal={asg} />}
    </span>
  );
}

const CHECK_OK = 'ok';

export function Ec2Cell({ ec2, withStale = true }: { ec2: NodeRow['ec2']; withStale?: boolean }) {
  if (!ec2) return <NotRead what="not read" />;
  const failed = [ec2.systemStatus !== CHECK_OK && `system ${ec2.systemStatus ?? 'unknown'}`, ec2.instanceStatus !== CHECK_OK && `instance ${ec2.instanceStatus ?? 'unknown'}`].filter(
    (x): x is string => Boolean(x),
  );
  const impaired = ec2.systemStatus === 'impaired' || ec2.instanceStatus === 'impaired';
  const pending = ec2.events.filter((e) => !/^\[(Completed|Canceled)\]/.test(e.description));
  return (
    <div className={cells.stacked}>
      {ec2.state !== 'running' && <NodeStatusLabel status="unhealthy">{ec2.state ?? 'unknown state'}</NodeStatusLabel>}
      {failed.length === 0 ? (
        <NodeStatusLabel status="healthy">2/2 checks passed</NodeStatusLabel>
      ) : (
        <NodeStatusLabel status={impaired ? 'unhealthy' : 'unknown'}>{failed.join(', ')}</NodeStatusLabel>
      )}
      {pending.map((event) => (
        <span key={`${event.code}-${event.notBefore?.toISOString()}`} title={event.description}>
          <NodeStatusLabel status="degraded">{event.code}</NodeStatusLabel>{' '}
          {event.notBefore && (
            <span className={cells.note}>
              from <RelativeTime at={event.notBefore} />
            </span>
          )}
        </span>
      ))}
      {withStale && <StaleMark signal={ec2} />}
    </div>
  );
}

const AGENT_LOOK = { online: 'healthy', offline: 'unhealthy', 'temporarily-offline': 'degraded', missing: 'unhealthy', unknown: 'unknown' } as const;

export function AgentCell({ agent, withStale = true }: { agent: NodeRow['agent']; withStale?: boolean }) {
  if (!agent) return <NotRead what="Jenkins not read" />;
  const cause = causeSummary(agent.offlineCause ?? '');
  return (
    <div className={cells.stacked}>
      <NodeStatusLabel status={AGENT_LOOK[agent.state]}>{AGENT_WORDS[agent.state]}</NodeStatusLabel>
      {cause && (
        <span className={`${cells.note} ${styles.clip}`} title={agent.offlineCause ?? ''}>
          {cause}
        </span>
      )}
      {agent.offlineSince && (
        <span className={cells.note}>
          since <RelativeTime at={agent.offlineSince} />
        </span>
      )}
      {agent.executors !== null && (
        <span className={cells.note}>
          {agent.busyExecutors ?? 0}/{agent.executors} executors busy
        </span>
      )}
      {withStale && <StaleMark signal={agent} />}
    </div>
  );
}

type Reasons = NodeRow['reasons'];

/** One node-exporter figure; red or orange with the reason's words on hover when a rule fired on it. */
function Figure({ value, unit, reasons, codes }: { value: number | null | undefined; unit: string; reasons: Reasons; codes: string[] }) {
  if (value === null || value === undefined) return <NotRead what="—" />;
  const shown = `${unit === ' %' ? Math.round(value) : value.toFixed(2)}${unit}`;
  const reason = reasons.find((r) => codes.includes(r.code));
  if (!reason) return <span className={cells.nowrap}>{shown}</span>;
  return (
    <span title={reason.message} data-figure-reason={reason.code}>
      <NodeStatusLabel status={reason.severity}>{shown}</NodeStatusLabel>
    </span>
  );
}

type Exporter = NonNullable<NodeRow['exporter']>;

interface FigureSpec {
  label: string;
  value: (e: Exporter) => number | null | undefined;
  unit: string;
  /** The reasons that judge this figure. */
  codes: string[];
  /** Hours until full at the recent rate, for the figures that can fill up. */
  fullIn?: (e: Exporter) => number | null | undefined;
}

/** node-exporter's four figures, in the order of the table's columns. */
export const FIGURES: FigureSpec[] = [
  { label: 'Disk used', value: (e) => e.diskUsedPercent, unit: ' %', codes: ['disk-full', 'disk-filling'], fullIn: (e) => e.diskFullInHours },
  { label: 'Inodes used', value: (e) => e.inodesUsedPercent, unit: ' %', codes: ['inodes-full', 'inodes-filling'], fullIn: (e) => e.inodesFullInHours },
  { label: 'Load per core', value: (e) => e.loadPerCore, unit: '', codes: ['load-high'] },
  { label: 'Memory available', value: (e) => e.memoryAvailablePercent, unit: ' %', codes: ['memory-low'] },
];

export function FigureValue({ spec, exporter, reasons }: { spec: FigureSpec; exporter: Exporter; reasons: Reasons }) {
  return <Figure value={spec.value(exporter)} unit={spec.unit} reasons={reasons} codes={spec.codes} />;
}

// A prediction weeks away is noise beside the figure; the node's page shows every one.
const FULL_IN_SHOWN_HOURS = 72;

/** When the filesystem fills at its recent rate, if that is within a few days. */
function FullIn({ hours }: { hours: number | null | undefined }) {
  if (hours === null || hours === undefined || hours > FULL_IN_SHOWN_HOURS) return null;
  return <span className={`${cells.note} ${cells.nowrap}`}>full in {formatDuration(hours * 3_600_000)}</span>;
}

/** Disk, inodes, load and memory as four cells, or one cell saying why there are none. */
export function ExporterCells({ node }: { node: NodeRow }) {
  const exporter = node.exporter;
  if (!exporter || !exporter.up) {
    const why = !exporter ? (
      <NotRead what="no node-exporter data" />
    ) : (
      <div className={cells.stacked}>
        <NodeStatusLabel status="degraded">exporter down</NodeStatusLabel>
        {exporter.error && <span className={`${cells.note} ${styles.clip}`}>{causeSummary(exporter.error)}</span>}
        <StaleMark signal={exporter} />
      </div>
    );
    return (
      <Td colSpan={FIGURES.length} dataLabel="node-exporter">
        {why}
      </Td>
    );
  }
  return (
    <>
      {FIGURES.map((spec, index) => (
        <Td key={spec.label} dataLabel={spec.label}>
          <div className={cells.stacked}>
            <FigureValue spec={spec} exporter={exporter} reasons={node.reasons} />
            <FullIn hours={spec.fullIn?.(exporter)} />
            {index === 0 && exporter.diskMountpoint && <span className={cells.note}>{exporter.diskMountpoint}</span>}
            {index === 0 && <StaleMark signal={exporter} />}
          </div>
        </Td>
      ))}
    </>
  );
}
