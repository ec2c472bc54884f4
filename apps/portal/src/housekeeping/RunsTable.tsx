import { formatDuration } from '@fleet/core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { BuildStateLabel, startedByWords } from '@/components/BuildStateLabel';
import { RelativeTime } from '@/components/RelativeTime';
import type { HousekeepingRunView } from '@/trpc/types';

/** What a run did, at a glance: "no changes on 35 hosts", "1 failed, 1 unreachable of 35 hosts; changes on 3". */
export function recapWords(run: HousekeepingRunView): string {
  if (run.recap) return run.recap.headline;
  if (run.state === 'queued') return 'waiting in the queue';
  if (run.state === 'running') return 'running: the recap comes at the end';
  return 'no recap in the console';
}

export function RunsTable({ runs }: { runs: HousekeepingRunView[] }) {
  return (
    <Table variant="compact" aria-label="Housekeeping runs" data-testid="housekeeping-runs">
      <Thead>
        <Tr>
          <Th>Run</Th>
          <Th>State</Th>
          <Th>Started by</Th>
          <Th>When</Th>
          <Th>Took</Th>
          <Th>Hosts</Th>
          <Th>Recap</Th>
        </Tr>
      </Thead>
      <Tbody>
        {runs.map((run) => (
          <Tr key={run.id} data-run-id={run.id}>
            <Td dataLabel="Run">
              <Link href={`/housekeeping/runs/${encodeURIComponent(run.id)}`}>{run.number === null ? 'queued' : `#${run.number}`}</Link>
            </Td>
            <Td dataLabel="State">
              <BuildStateLabel state={run.state} />
            </Td>
            <Td dataLabel="Started by">{startedByWords(run.startedBy)}</Td>
            <Td dataLabel="When">
              <RelativeTime at={run.requestedAt} withAbsolute />
            </Td>
            <Td dataLabel="Took">{run.elapsedMs === null ? '—' : formatDuration(run.elapsedMs)}</Td>
            <Td dataLabel="Hosts">{run.limit ? <code>{run.limit}</code> : 'all'}</Td>
            <Td dataLabel="Recap">{recapWords(run)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
