import type { RouterOutputs } from '@/trpc/types';
import { formatDuration } from '@fleet/core';
import { Table, Tbody, Td, Tr } from '@patternfly/react-table';
import { ColumnHeads } from '@/components/ColumnHeads';
import { RelativeTime } from '@/components/RelativeTime';
import styles from './audit.module.css';
import { OutcomeLabel } from './OutcomeLabel';

type AttemptEvent = RouterOutputs['audit']['attempt']['events'][number];

const COLUMNS = ['#', 'When', 'Who', 'Action', 'Outcome', 'Error', 'Reason or comment', 'Took', 'Hash'];

/** Every event of one attempt in the order recorded, with its link in the hash chain. */
export function EventsTable({ events }: { events: AttemptEvent[] }) {
  return (
    <Table aria-label="Events of this attempt" variant="compact">
      <ColumnHeads titles={COLUMNS} />
      <Tbody>
        {events.map((e) => (
          <Tr key={e.id} data-event-id={e.id} data-outcome={e.outcome} data-user={e.user ?? ''}>
            <Td dataLabel="#">{e.seq}</Td>
            <Td dataLabel="When" modifier="nowrap">
              <RelativeTime at={e.at} withAbsolute />
            </Td>
            <Td dataLabel="Who" className={styles.unbroken}>
              <div className={styles.stacked} title={e.sourceAddress ? `from ${e.sourceAddress}` : 'source address unknown'}>
                <span>{e.user ?? 'guest'}</span>
                <span className={styles.note}>{e.groups.length > 0 ? e.groups.join(', ') : 'no groups'}</span>
              </div>
            </Td>
            <Td dataLabel="Action" className={styles.unbroken}>
              {e.action}
            </Td>
            <Td dataLabel="Outcome">
              <OutcomeLabel outcome={e.outcome} />
            </Td>
            <Td dataLabel="Error" className={styles.prose}>
              {e.errorCode ? (
                <div className={styles.stacked}>
                  <code className={styles.note}>{e.errorCode}</code>
                  {e.errorMessage && <span>{e.errorMessage}</span>}
                </div>
              ) : (
                <span className={styles.note}>—</span>
              )}
            </Td>
            <Td dataLabel="Reason or comment" className={styles.prose}>
              {e.reason ?? <span className={styles.note}>—</span>}
            </Td>
            <Td dataLabel="Took" modifier="nowrap">
              {e.durationMs === null ? '—' : formatDuration(e.durationMs, { subSecond: true })}
            </Td>
            <Td dataLabel="Hash" modifier="nowrap">
              <code className={styles.note} title={`hash ${e.hash ?? '—'}\nprevious ${e.prevHash ?? '—'}`}>
                {e.hash?.slice(0, 12)}…
              </code>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
