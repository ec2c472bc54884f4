import { Label, Progress, ProgressMeasureLocation, ProgressSize } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import { InnerScrollContainer, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { AmiLink, asgHref, CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import styles from './asgs.module.css';
import { DriftLabel } from './DriftLabel';
import { LaunchTemplateRef } from './LaunchTemplateRef';
import { RefreshStatusLabel } from './RefreshStatusLabel';
import { type SortDirection, thSort } from '@/components/sort';
import type { AsgRow, LatestRefresh } from './types';
import type { AsgFilter, AsgSortKey } from './useAsgFilter';

interface AsgsTableProps {
  rows: AsgRow[];
  filter: AsgFilter;
  onSort: (sort: AsgSortKey, direction: SortDirection) => void;
  /** The forge's address of a commit, or null when the config has none. */
  commitUrl: (sha: string) => string | null;
}

function RefreshCell({ refresh }: { refresh: LatestRefresh | null }) {
  if (!refresh) return <span className={styles.note}>none recorded</span>;
  return (
    <div className={`${styles.stacked} ${styles.progressCell}`}>
      <RefreshStatusLabel status={refresh.status} reason={refresh.statusReason} />
      {refresh.active ? (
        <Progress
          value={refresh.percentageComplete ?? 0}
          size={ProgressSize.sm}
          measureLocation={ProgressMeasureLocation.outside}
          aria-label={`Refresh ${refresh.percentageComplete ?? 0}% complete`}
          style={{ width: '100%' }}
        />
      ) : (
        <span className={styles.note}>
          {refresh.endTime ? 'ended' : 'started'} <RelativeTime at={refresh.endTime ?? refresh.startTime} never="at an unknown time" />
        </span>
      )}
    </div>
  );
}

function OlderAmiCell({ row }: { row: AsgRow }) {
  if (row.imageId === null) return <span className={styles.note} title="The group's AMI is not known, so neither is which instances differ from it">unknown</span>;
  if (row.onOlderAmi === 0) return <span>none</span>;
  return (
    <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact title="Instances whose AMI is not the launch template's: a refresh would replace them">
      {row.onOlderAmi} of {row.instances}
    </Label>
  );
}

function AmiCell({ row, commitUrl }: { row: AsgRow; commitUrl: AsgsTableProps['commitUrl'] }) {
  if (!row.imageId) return <span className={styles.note}>{row.imageSource === 'ssm' ? 'SSM parameter not resolved' : 'unknown'}</span>;
  const commit = row.drift.runs?.currentCommit;
  return (
    <div className={styles.stacked}>
      <AmiLink imageId={row.imageId} short />
      <span className={styles.note}>{commit ? <CommitLink sha={commit} url={commitUrl(commit)} /> : 'no commit tag'}</span>
    </div>
  );
}

const COLUMNS: { title: string; sort?: AsgSortKey }[] = [
  { title: 'Group (worker type)', sort: 'name' },
  { title: 'Capacity', sort: 'desired' },
  { title: 'Launch template' },
  { title: 'AMI and commit' },
  { title: 'Drift', sort: 'drift' },
  { title: 'Older AMI', sort: 'onOlderAmi' },
  { title: 'Refresh', sort: 'refresh' },
];

export function AsgsTable({ rows, filter, onSort, commitUrl }: AsgsTableProps) {
  const current = { key: filter.sort, direction: filter.direction, index: COLUMNS.findIndex((c) => c.sort === filter.sort) };
  const sortProps = (index: number) => {
    const key = COLUMNS[index]?.sort;
    return key ? thSort(index, key, current, onSort) : undefined;
  };
  return (
    // On a narrow screen the table scrolls sideways rather than clip its last columns.
    <InnerScrollContainer>
      <Table aria-label="Auto Scaling groups" variant="compact" gridBreakPoint="grid-lg" className={styles.dense}>
        <Thead>
          <Tr>
            {COLUMNS.map((column, index) => (
              <Th key={column.title} sort={sortProps(index)} modifier="wrap">
                {column.title}
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((row) => (
            <Tr key={row.name} data-asg={row.name}>
              <Td dataLabel="Group" className={styles.groupName}>
                <div className={styles.stacked}>
                  <Link href={asgHref(row.name)}>{row.name}</Link>
                  <span className={styles.note}>{row.workerType ?? 'not a configured worker type'}</span>
                  {row.goneAt && (
                    <span className={styles.note}>
                      <Label color="grey" isCompact>
                        gone
                      </Label>{' '}
                      left AWS <RelativeTime at={row.goneAt} />
                    </span>
                  )}
                </div>
              </Td>
              <Td dataLabel="Capacity" modifier="nowrap">
                <div className={styles.stacked}>
                  <span title="desired (min–max)">
                    {row.desiredCapacity} <span className={styles.note}>({row.minSize}–{row.maxSize})</span>
                  </span>
                  <span className={styles.note}>{row.inService} in service</span>
                </div>
              </Td>
              <Td dataLabel="Launch template">
                <LaunchTemplateRef launchTemplate={row.launchTemplate} imageSource={row.imageSource} truncate />
              </Td>
              <Td dataLabel="AMI and commit">
                <AmiCell row={row} commitUrl={commitUrl} />
              </Td>
              <Td dataLabel="Drift" modifier="nowrap">
                <DriftLabel subject={row} />
              </Td>
              <Td dataLabel="Older AMI" modifier="nowrap">
                <OlderAmiCell row={row} />
              </Td>
              <Td dataLabel="Refresh">
                <RefreshCell refresh={row.refresh} />
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </InnerScrollContainer>
  );
}
