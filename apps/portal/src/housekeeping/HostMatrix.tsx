'use client';

import { Flex, FlexItem, Icon, Switch } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, MinusIcon, PencilAltIcon, UnknownIcon } from '@patternfly/react-icons';
import { InnerScrollContainer, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { nodeHref } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';

type Outcome = 'ok' | 'changed' | 'failed' | 'unreachable';

// A cell is an icon (its shape and colour), its word on hover and in the legend above: twelve runs of words do not fit 1440 px.
const LOOKS: Record<Outcome, { status: 'success' | 'info' | 'danger' | 'warning'; icon: ReactNode; word: string }> = {
  ok: { status: 'success', icon: <CheckCircleIcon />, word: 'ok' },
  changed: { status: 'info', icon: <PencilAltIcon />, word: 'changed' },
  failed: { status: 'danger', icon: <ExclamationCircleIcon />, word: 'failed' },
  unreachable: { status: 'warning', icon: <UnknownIcon />, word: 'unreachable' },
};

/** About two weeks of nightly runs. */
const RUNS = 12;

function OutcomeIcon({ outcome }: { outcome: Outcome }) {
  const look = LOOKS[outcome];
  return (
    <Icon status={look.status} role="img" aria-label={look.word} title={look.word}>
      {look.icon}
    </Icon>
  );
}

const notInRun = <MinusIcon aria-label="not in this run" color="var(--pf-t--global--icon--color--subtle)" />;

function Legend() {
  return (
    <Flex spaceItems={{ default: 'spaceItemsMd' }} className="pf-v6-u-font-size-sm" data-testid="housekeeping-matrix-legend">
      {(Object.keys(LOOKS) as Outcome[]).map((outcome) => (
        <FlexItem key={outcome}>
          <OutcomeIcon outcome={outcome} /> {LOOKS[outcome].word}
        </FlexItem>
      ))}
      <FlexItem>{notInRun} not in the run</FlexItem>
    </Flex>
  );
}

/** Hosts down, the newest runs across: a host that failed night after night is the first row. */
export function HostMatrix({ controller, job }: { controller: string; job: string }) {
  const trpc = useTRPC();
  const [everyHost, setEveryHost] = useState(false);
  const matrix = useQuery(trpc.housekeeping.matrix.queryOptions({ controller, job, runs: RUNS }, { refetchInterval: 30_000 }));
  if (matrix.isPending) return <LoadingState what="the hosts of the last runs" />;
  if (matrix.isError) return <ErrorState what="the hosts of the last runs" error={matrix.error} onRetry={() => void matrix.refetch()} />;
  const { runs, hosts, cells } = matrix.data;
  if (runs.length === 0) return <p className="pf-v6-u-text-color-subtle">No finished run yet.</p>;
  const cell = new Map(cells.map((c) => [`${c.host}|${c.runId}`, c.outcome as Outcome]));
  const failing = hosts.filter((h) => h.failedRuns > 0);
  const shown = everyHost ? hosts : failing;
  return (
    <>
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mb-sm">
        <Switch
          id={`every-host-${controller}-${job}`}
          label={`Every host (${hosts.length}), not only the ${failing.length} that failed or were unreachable`}
          isChecked={everyHost}
          onChange={(_event, on) => setEveryHost(on)}
        />
        {shown.length > 0 && <Legend />}
      </Flex>
      {shown.length === 0 ? (
        <p data-testid="housekeeping-matrix-clean">Every host of the last {runs.length} runs was reached, and no task failed.</p>
      ) : (
      <InnerScrollContainer>
        <Table variant="compact" gridBreakPoint="" aria-label={`Hosts by the last runs of ${job}`} data-testid="housekeeping-matrix">
          <Thead>
            <Tr>
              <Th isStickyColumn hasRightBorder>Host</Th>
              <Th modifier="nowrap">Failed in</Th>
              {runs.map((run) => (
                <Th key={run.id} modifier="nowrap" textCenter>
                  <Link href={`/housekeeping/runs/${encodeURIComponent(run.id)}`}>#{run.number}</Link>
                  <div className="pf-v6-u-font-size-xs pf-v6-u-text-color-subtle">
                    <RelativeTime at={run.requestedAt} short />
                  </div>
                </Th>
              ))}
            </Tr>
          </Thead>
          <Tbody>
            {shown.map((host) => (
              <Tr key={host.host} data-host={host.host}>
                <Td isStickyColumn hasRightBorder modifier="nowrap">
                  <code>{host.host}</code>
                  {host.instanceId && (
                    <div className="pf-v6-u-font-size-xs">
                      <Link href={nodeHref(host.instanceId)}>{host.instanceId}</Link>
                    </div>
                  )}
                </Td>
                <Td modifier="nowrap">{host.failedRuns === 0 ? '—' : `${host.failedRuns} of ${runs.length}`}</Td>
                {runs.map((run) => {
                  const outcome = cell.get(`${host.host}|${run.id}`);
                  if (!outcome) {
                    return (
                      <Td key={run.id} title="not in this run" textCenter>
                        {notInRun}
                      </Td>
                    );
                  }
                  return (
                    <Td key={run.id} data-outcome={outcome} textCenter>
                      <OutcomeIcon outcome={outcome} />
                    </Td>
                  );
                })}
              </Tr>
            ))}
          </Tbody>
        </Table>
      </InnerScrollContainer>
      )}
    </>
  );
}
