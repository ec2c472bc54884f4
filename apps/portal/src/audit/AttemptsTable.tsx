'use client';

import type { AttemptView } from '@fleet/api';
import { Button } from '@patternfly/react-core';
import { InnerScrollContainer, Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { ColumnHeads } from '@/components/ColumnHeads';
import Link from 'next/link';
import { RelativeTime } from '@/components/RelativeTime';
import styles from './audit.module.css';
import { ConsequenceCell } from './Consequence';
import { OutcomeLabel } from './OutcomeLabel';
import { SourceLabel } from './SourceLabel';
import type { AuditFilter } from './useAuditFilter';

interface AttemptsTableProps {
  attempts: AttemptView[];
  update: (change: Partial<AuditFilter>) => void;
}

export function attemptHref(correlationId: string): string {
  return `/audit/attempts/${encodeURIComponent(correlationId)}`;
}

/** A cell value that narrows the table to itself: the quickest way to "everything alice did". */
function FilterLink({ label, value, onApply }: { label: string; value: string; onApply: () => void }) {
  return (
    <Button variant="link" isInline onClick={onApply} title={`Show only attempts with ${label} ${value}`}>
      {value}
    </Button>
  );
}

function Who({ attempt, update }: { attempt: AttemptView; update: AttemptsTableProps['update'] }) {
  const from = attempt.sourceAddress ? `from ${attempt.sourceAddress}` : 'source address unknown';
  return (
    <div className={styles.stacked} title={from}>
      {attempt.user ? <FilterLink label="user" value={attempt.user} onApply={() => update({ user: attempt.user ?? '' })} /> : <span className={styles.note}>guest</span>}
      {attempt.decidedBy && attempt.decidedBy !== attempt.user && <span className={styles.note}>decided by {attempt.decidedBy}</span>}
    </div>
  );
}

function Outcome({ attempt }: { attempt: AttemptView }) {
  return (
    <div className={styles.stacked}>
      <OutcomeLabel outcome={attempt.outcome} />
      {attempt.source === 'cloudtrail' && <SourceLabel source={attempt.source} />}
      {attempt.errorCode && <code className={styles.note}>{attempt.errorCode}</code>}
    </div>
  );
}

const COLUMNS = ['When', 'Who', 'Action', 'Target', 'Outcome', 'What it set going', 'Reason'];

/** One line per attempt, newest first, with its final outcome. */
export function AttemptsTable({ attempts, update }: AttemptsTableProps) {
  return (
    // On a narrow screen the table scrolls sideways inside its card rather than past it.
    <InnerScrollContainer>
      <Table aria-label="Audit attempts" variant="compact">
        <ColumnHeads titles={COLUMNS} />
        <Tbody>
          {attempts.map((a) => (
            <Tr key={a.correlationId} data-correlation-id={a.correlationId} data-user={a.user ?? ''} data-action={a.action} data-outcome={a.outcome} data-source={a.source}>
              <Td dataLabel="When" modifier="nowrap">
                <div className={styles.stacked}>
                  <RelativeTime at={a.startedAt} />
                  <Link href={attemptHref(a.correlationId)} className={styles.note} aria-label={`Open the ${a.eventCount} events of this attempt`}>
                    {a.eventCount} event{a.eventCount === 1 ? '' : 's'}
                  </Link>
                </div>
              </Td>
              <Td dataLabel="Who" className={styles.unbroken}>
                <Who attempt={a} update={update} />
              </Td>
              <Td dataLabel="Action" className={styles.unbroken}>
                <FilterLink label="action" value={a.action} onApply={() => update({ action: a.action })} />
              </Td>
              <Td dataLabel="Target" className={styles.name}>
                {a.target ? <FilterLink label="target" value={a.target} onApply={() => update({ target: a.target ?? '' })} /> : <span className={styles.note}>—</span>}
              </Td>
              <Td dataLabel="Outcome" className={styles.outcome}>
                <Outcome attempt={a} />
              </Td>
              <Td dataLabel="What it set going">
                <ConsequenceCell consequence={a.consequence} />
              </Td>
              <Td dataLabel="Reason" className={styles.prose}>
                {a.reason ?? (a.errorMessage ? <span className={styles.note}>{a.errorMessage}</span> : <span className={styles.note}>—</span>)}
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </InnerScrollContainer>
  );
}
