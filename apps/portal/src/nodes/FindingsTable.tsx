import { formatDuration } from '@fleet/core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { RelativeTime } from '@/components/RelativeTime';
import type { NodeFindingRow } from '@/trpc/types';
import { NodeStatusLabel } from './NodeStatusLabel';
import { nodeHref } from '@/components/links';
import cells from '@/components/cells.module.css';
import { FINDING_WORDS } from './reason-words';

/** Where AWS and Jenkins disagree: what, about which node, since when and for how long. */
export function FindingsTable({ findings, showNode = true }: { findings: NodeFindingRow[]; showNode?: boolean }) {
  return (
    <Table aria-label="Findings" variant="compact">
      <Thead>
        <Tr>
          <Th>Kind</Th>
          {showNode && <Th>Node</Th>}
          <Th>What is wrong</Th>
          <Th>Since</Th>
          <Th>Lasted</Th>
          <Th>State</Th>
        </Tr>
      </Thead>
      <Tbody>
        {findings.map((finding) => {
          const node = finding.instanceId ?? finding.agentName;
          return (
            <Tr key={`${finding.id}-${finding.since.toISOString()}`} data-finding={finding.kind}>
              <Td dataLabel="Kind" modifier="nowrap">
                {FINDING_WORDS[finding.kind] ?? finding.kind}
              </Td>
              {showNode && (
                <Td dataLabel="Node" modifier="nowrap">
                  {node ? <Link href={nodeHref(node)}>{node}</Link> : <span className={cells.note}>unknown</span>}
                </Td>
              )}
              <Td dataLabel="What is wrong">{finding.message}</Td>
              <Td dataLabel="Since" modifier="nowrap">
                <RelativeTime at={finding.since} />
              </Td>
              <Td dataLabel="Lasted" modifier="nowrap">
                {formatDuration(finding.lastedMs)}
              </Td>
              <Td dataLabel="State" modifier="nowrap">
                {finding.resolvedAt ? (
                  <NodeStatusLabel status="healthy">
                    resolved <RelativeTime at={finding.resolvedAt} />
                  </NodeStatusLabel>
                ) : (
                  <NodeStatusLabel status="degraded">open</NodeStatusLabel>
                )}
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
