'use client';

import { formatDuration } from '@fleet/core';
import { Button, ClipboardCopy, ClipboardCopyAction } from '@patternfly/react-core';
import { FilterIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { RelativeTime } from '@/components/RelativeTime';
import type { RouterOutputs } from '@/trpc/types';
import styles from './audit.module.css';
import { OutcomeLabel } from './OutcomeLabel';
import type { AuditFilter } from './useAuditFilter';

export type AuditEvent = RouterOutputs['audit']['list']['items'][number];

interface AuditTableProps {
  events: AuditEvent[];
  update: (change: Partial<AuditFilter>) => void;
}

/** A cell value that narrows the table to itself: the quickest way to "everything alice did". */
function FilterLink({ label, value, onApply }: { label: string; value: string; onApply: () => void }) {
  return (
    <Button variant="link" isInline onClick={onApply} title={`Show only events with ${label} ${value}`}>
      {value}
    </Button>
  );
}

function Who({ event, update }: { event: AuditEvent; update: AuditTableProps['update'] }) {
  const from = event.sourceAddress ? `from ${event.sourceAddress}` : 'source address unknown';
  if (!event.user) {
    return (
      <span className={styles.note} title={`not signed in, ${from}`}>
        guest
      </span>
    );
  }
  return (
    <div className={styles.stacked} title={from}>
      <FilterLink label="user" value={event.user} onApply={() => update({ user: event.user ?? '' })} />
      <span className={styles.note}>{event.groups.length > 0 ? event.groups.join(', ') : 'no groups'}</span>
    </div>
  );
}

function Failure({ event }: { event: AuditEvent }) {
  if (!event.errorCode && !event.errorMessage) return <span className={styles.note}>—</span>;
  return (
    <div className={styles.stacked}>
      {event.errorCode && <code className={styles.note}>{event.errorCode}</code>}
      {event.errorMessage && <span>{event.errorMessage}</span>}
    </div>
  );
}

function Correlation({ id, update }: { id: string; update: AuditTableProps['update'] }) {
  return (
    <ClipboardCopy
      variant="inline-compact"
      truncation={{ maxCharsDisplayed: 8 }}
      hoverTip="Copy the correlation id"
      clickTip="Copied"
      className={styles.note}
      additionalActions={
        <ClipboardCopyAction>
          <Button variant="plain" aria-label="Show every event of this action" title="Show every event of this action" icon={<FilterIcon />} onClick={() => update({ correlationId: id })} />
        </ClipboardCopyAction>
      }
    >
      {id}
    </ClipboardCopy>
  );
}

const COLUMNS = ['When', 'User', 'Action', 'Target', 'Outcome', 'Reason', 'Error', 'Correlation id', 'Took'];

/** Every attempt, newest first, as the audit trail recorded it. */
export function AuditTable({ events, update }: AuditTableProps) {
  return (
    <Table aria-label="Audit events" variant="compact">
      <Thead>
        <Tr>
          {COLUMNS.map((title) => (
            <Th key={title} modifier="nowrap">
              {title}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {events.map((event) => (
          <Tr key={event.id} data-event-id={event.id} data-user={event.user ?? ''} data-action={event.action} data-outcome={event.outcome}>
            <Td dataLabel="When" modifier="nowrap">
              <RelativeTime at={event.at} />
            </Td>
            <Td dataLabel="User" className={styles.unbroken}>
              <Who event={event} update={update} />
            </Td>
            <Td dataLabel="Action" className={styles.unbroken}>
              <FilterLink label="action" value={event.action} onApply={() => update({ action: event.action })} />
            </Td>
            <Td dataLabel="Target" className={styles.unbroken}>
              {event.target ? <FilterLink label="target" value={event.target} onApply={() => update({ target: event.target ?? '' })} /> : <span className={styles.note}>—</span>}
            </Td>
            <Td dataLabel="Outcome">
              <OutcomeLabel outcome={event.outcome} />
            </Td>
            <Td dataLabel="Reason" className={styles.prose}>
              {event.reason ?? <span className={styles.note}>—</span>}
            </Td>
            <Td dataLabel="Error" className={styles.prose}>
              <Failure event={event} />
            </Td>
            <Td dataLabel="Correlation id" className={styles.unbroken}>
              <Correlation id={event.correlationId} update={update} />
            </Td>
            <Td dataLabel="Took" modifier="nowrap">
              {event.durationMs === null ? '—' : formatDuration(event.durationMs, { subSecond: true })}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
