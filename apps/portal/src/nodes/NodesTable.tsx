import { InnerScrollContainer, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { thSort } from '@/components/sort';
import { AmiLink, asgHref, CommitLink, nodeHref } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import type { NodeRow } from '@/trpc/types';
import { NodeStatusLabel } from './NodeStatusLabel';
import { ReasonHelp, useRunbooks } from './ReasonGuide';
import cells from '@/components/cells.module.css';
import styles from './nodes.module.css';
import { AgentCell, Ec2Cell, ExporterCells, LifecycleCell, NotRead, Uptime } from './SignalCells';
import type { NodeFilter, NodeSort } from './useNodeFilter';

// Nine columns fit a laptop screen beside the navigation; every other order is in the toolbar's "Sort by".
// `help` shows on hover: an info icon would widen the narrow figure columns.
const COLUMNS: { title: string; sort?: NodeSort; help?: string }[] = [
  { title: 'Node', sort: 'instanceId', help: 'instance id, worker type, availability zone, private IP and uptime' },
  { title: 'Status and reasons', sort: 'status' },
  { title: 'Group, AMI', sort: 'asgName' },
  { title: 'Auto Scaling, EC2', sort: 'ec2Status', help: 'lifecycle and health in the group; EC2 system and instance status checks and scheduled events' },
  { title: 'Jenkins agent', sort: 'agent' },
  { title: 'Disk', sort: 'diskUsedPercent', help: 'used, of the fullest filesystem' },
  { title: 'Inodes', sort: 'inodesUsedPercent', help: 'used, of the fullest filesystem' },
  { title: 'Load', sort: 'loadPerCore', help: '1-minute load per CPU core' },
  { title: 'Mem', sort: 'memoryAvailablePercent', help: 'memory available' },
];

const SHOWN_REASONS = 2;

/** The status and since when, then the worst reasons in the rules' own words. */
export function StatusCell({ node }: { node: Pick<NodeRow, 'status' | 'reasons' | 'statusSince'> }) {
  const runbooks = useRunbooks();
  const rest = node.reasons.length - SHOWN_REASONS;
  return (
    <div className={cells.stacked}>
      {/* The label and its "since" each stay whole, but may sit on two lines: the column is narrow. */}
      <span>
        <NodeStatusLabel status={node.status} />{' '}
        <span className={`${cells.note} ${cells.nowrap}`}>
          since <RelativeTime at={node.statusSince} />
        </span>
      </span>
      {node.reasons.slice(0, SHOWN_REASONS).map((reason) => (
        <span key={`${reason.code}-${reason.message}`} className={cells.note} data-reason={reason.code}>
          {reason.message} <ReasonHelp code={reason.code} runbooks={runbooks} />
        </span>
      ))}
      {rest > 0 && <span className={cells.note}>and {rest} more</span>}
    </div>
  );
}

export function AmiCell({ ami }: { ami: NodeRow['ami'] }) {
  if (!ami) return <NotRead what="AMI unknown" />;
  // Stacked, not on one line: the group column is narrow, and one unbroken line ran over the next column.
  return (
    <span className={cells.stacked}>
      {ami.known ? <AmiLink imageId={ami.imageId} short /> : <code title="not an AMI the portal has seen in the build account">{ami.imageId}</code>}
      <span className={cells.note}>{ami.commit ? <CommitLink sha={ami.commit} url={ami.commitUrl} /> : ami.known ? 'no commit tag' : 'commit unknown'}</span>
    </span>
  );
}

function NodeCell({ node }: { node: NodeRow }) {
  return (
    <div className={cells.stacked}>
      <Link href={nodeHref(node.instanceId)} className={cells.nowrap}>
        {node.instanceId}
      </Link>
      <span className={cells.note}>
        <span className={cells.nowrap}>{node.workerType ?? 'no worker type'}</span>
        {node.availabilityZone && (
          <>
            {' · '}
            <span className={cells.nowrap}>{node.availabilityZone}</span>
          </>
        )}
      </span>
      <span className={cells.note}>
        {node.privateIp && `${node.privateIp} · `}up <Uptime node={node} />
      </span>
      {node.goneAt && (
        <span className={cells.note}>
          left <RelativeTime at={node.goneAt} />
        </span>
      )}
    </div>
  );
}

interface NodesTableProps {
  nodes: NodeRow[];
  filter: NodeFilter;
  onSort: (sort: NodeSort, direction: 'asc' | 'desc') => void;
}

/** The order the list is in: the API's default is the worst first. */
export function currentSort(filter: NodeFilter): { key: NodeSort; direction: 'asc' | 'desc' } {
  const key = filter.sort ?? 'status';
  return { key, direction: filter.direction ?? (key === 'status' ? 'desc' : 'asc') };
}

/** One row per node, in the order and page the server gave. */
export function NodesTable({ nodes, filter, onSort }: NodesTableProps) {
  const sort = currentSort(filter);
  const current = { ...sort, index: COLUMNS.findIndex((c) => c.sort === sort.key) };
  return (
    <InnerScrollContainer>
      <Table aria-label="Nodes" variant="compact" className={styles.dense}>
        <Thead>
          <Tr>
            {COLUMNS.map((column, index) => (
              <Th key={column.title} sort={column.sort ? thSort(index, column.sort, current, onSort) : undefined} modifier="wrap">
                <span title={column.help}>{column.title}</span>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {nodes.map((node) => (
            <Tr
              key={node.instanceId}
              data-instance={node.instanceId}
              data-status={node.status}
              data-reasons={node.reasons.map((r) => r.code).join(' ')}
              data-commit={node.ami?.commit ?? undefined}
              data-lifecycle={node.asg?.lifecycleState ?? undefined}
            >
              <Td dataLabel="Node">
                <NodeCell node={node} />
              </Td>
              <Td dataLabel="Status" className={styles.reasons}>
                <StatusCell node={node} />
              </Td>
              <Td dataLabel="Group, AMI" className={styles.group}>
                <div className={cells.stacked}>
                  {node.asgName ? <Link href={asgHref(node.asgName)}>{node.asgName}</Link> : <NotRead what="in no group" />}
                  <AmiCell ami={node.ami} />
                </div>
              </Td>
              <Td dataLabel="Auto Scaling, EC2">
                <div className={cells.stacked}>
                  <LifecycleCell asg={node.asg} />
                  <Ec2Cell ec2={node.ec2} />
                </div>
              </Td>
              <Td dataLabel="Jenkins agent">
                <AgentCell agent={node.agent} />
              </Td>
              <ExporterCells node={node} />
            </Tr>
          ))}
        </Tbody>
      </Table>
    </InnerScrollContainer>
  );
}
