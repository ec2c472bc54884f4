import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { AmiLink, CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { SharingLabels } from '@/components/SharingLabels';
import type { Overview } from '@/trpc/types';
import { WorkerTypeGroups } from './FleetDrift';
import { HeadDistance } from './HeadDistance';

const subtle = 'fp-lineage-cell__note';

export function WorkerTypeTable({ workerTypes }: { workerTypes: Overview['workerTypes'] }) {
  return (
    <Table aria-label="Worker types" variant="compact" gridBreakPoint="grid-lg">
      <Thead>
        <Tr>
          <Th modifier="wrap">Worker type (base OS × role)</Th>
          <Th modifier="wrap">Newest AMI (built)</Th>
          <Th modifier="wrap">Commit it carries</Th>
          <Th modifier="wrap">Shared to production</Th>
          <Th modifier="wrap">Newest AMI vs the infra repo&apos;s head</Th>
          <Th modifier="wrap">What the groups run</Th>
          <Th screenReaderText="Links" />
        </Tr>
      </Thead>
      <Tbody>
        {workerTypes.map((type) => {
          const ami = type.newestAmi;
          return (
            <Tr key={type.key} data-worker-type={type.key}>
              <Td dataLabel="Worker type">
                <strong>{type.key}</strong>
                <div className={subtle}>
                  {type.baseOs} × {type.role}
                </div>
              </Td>
              <Td dataLabel="Newest AMI">
                {ami ? (
                  <>
                    <AmiLink imageId={ami.imageId} />
                    <div className={subtle}>
                      built <RelativeTime at={ami.creationDate} />
                    </div>
                  </>
                ) : (
                  <span className="pf-v6-u-text-color-subtle">none yet</span>
                )}
              </Td>
              <Td dataLabel="Commit">
                {ami?.currentCommit ? (
                  <CommitLink sha={ami.currentCommit} url={ami.currentCommitUrl} />
                ) : (
                  <span className="pf-v6-u-text-color-subtle">{ami ? 'no commit tag' : '—'}</span>
                )}
              </Td>
              <Td dataLabel="Shared to production">{ami ? <SharingLabels sharing={ami.sharing} /> : '—'}</Td>
              <Td dataLabel="Head">
                <HeadDistance behind={type.commitsBehindHead} hasAmi={Boolean(ami)} />
              </Td>
              <Td dataLabel="What the groups run">
                <WorkerTypeGroups groups={type.groups} hasAmi={Boolean(ami)} />
              </Td>
              <Td dataLabel="Links" modifier="nowrap">
                <Link href={`/lineage?workerType=${encodeURIComponent(type.key)}`}>lineage</Link>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
