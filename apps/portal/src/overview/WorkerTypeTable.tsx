import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import Link from 'next/link';
import { AmiLink, CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { SharingLabels } from '@/components/SharingLabels';
import type { Overview } from '@/trpc/types';
import { HeadDistance } from './HeadDistance';

const COLUMNS = ['Worker type', 'Base OS', 'Role', 'Newest AMI', 'Commit', 'Built', 'Shared to production', 'Head', ''] as const;

export function WorkerTypeTable({ workerTypes }: { workerTypes: Overview['workerTypes'] }) {
  return (
    <Table aria-label="Worker types" variant="compact" gridBreakPoint="grid-lg">
      <Thead>
        <Tr>
          {COLUMNS.map((title, i) => (
            <Th key={i} screenReaderText={title === '' ? 'Links' : undefined}>
              {title}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {workerTypes.map((type) => {
          const ami = type.newestAmi;
          return (
            <Tr key={type.key} data-worker-type={type.key}>
              <Td dataLabel={COLUMNS[0]}>
                <strong>{type.key}</strong>
              </Td>
              <Td dataLabel={COLUMNS[1]}>{type.baseOs}</Td>
              <Td dataLabel={COLUMNS[2]}>{type.role}</Td>
              <Td dataLabel={COLUMNS[3]}>{ami ? <AmiLink imageId={ami.imageId} /> : <span className="pf-v6-u-text-color-subtle">none yet</span>}</Td>
              <Td dataLabel={COLUMNS[4]}>
                {ami?.currentCommit ? <CommitLink sha={ami.currentCommit} url={ami.currentCommitUrl} /> : <span className="pf-v6-u-text-color-subtle">no commit tag</span>}
              </Td>
              <Td dataLabel={COLUMNS[5]} className="fp-nowrap">
                {ami ? <RelativeTime at={ami.creationDate} /> : '—'}
              </Td>
              <Td dataLabel={COLUMNS[6]}>{ami ? <SharingLabels sharing={ami.sharing} /> : '—'}</Td>
              <Td dataLabel={COLUMNS[7]}>
                <HeadDistance behind={type.commitsBehindHead} hasAmi={Boolean(ami)} />
              </Td>
              <Td dataLabel="Links" className="fp-nowrap">
                <Link href={`/lineage?workerType=${encodeURIComponent(type.key)}`}>lineage</Link>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
