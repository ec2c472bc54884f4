import { Label, Tooltip } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import type { AmiDetail } from '@/trpc/types';

interface CarriedCommit {
  sha: string;
  subject: string | null;
  url: string | null;
  kind: 'built' | 'carried' | 'seen';
  inferred: boolean;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

// Tags may carry an abbreviated sha; the history has the full one.
const sameCommit = (a: string, b: string) => (a.length <= b.length ? b.startsWith(a) : a.startsWith(b));

/** The lineage's view of the AMI (newest commit first) joined with when each commit tag was seen. */
function carriedCommits(ami: AmiDetail): CarriedCommit[] {
  const fromLineage = ami.carried.map((c) => {
    const seen = ami.observations.find((o) => sameCommit(o.sha, c.sha));
    return {
      sha: c.sha,
      subject: c.subject,
      url: c.url,
      kind: c.kind,
      inferred: c.evidence === 'inferred',
      firstSeenAt: seen?.firstSeenAt ?? null,
      lastSeenAt: seen?.lastSeenAt ?? null,
    };
  });
  const onlySeen = ami.observations
    .filter((o) => !ami.carried.some((c) => sameCommit(o.sha, c.sha)))
    .map((o) => ({ sha: o.sha, subject: o.subject, url: o.url, kind: 'seen' as const, inferred: false, firstSeenAt: o.firstSeenAt, lastSeenAt: o.lastSeenAt }));
  return [...fromLineage, ...onlySeen];
}

const KIND_LABELS = {
  built: <Label color="green" isCompact>built</Label>,
  carried: <Label color="blue" isCompact>re-tag</Label>,
  seen: <Label color="grey" isCompact>tag seen</Label>,
};

export function AmiCommitsTable({ ami }: { ami: AmiDetail }) {
  const commits = carriedCommits(ami);
  if (commits.length === 0) return <p>No commit tag was ever seen on this AMI, and none can be inferred.</p>;
  return (
    <Table aria-label="Commits carried" variant="compact">
      <Thead>
        <Tr>
          <Th width={15}>Commit</Th>
          <Th>Subject</Th>
          <Th width={15}>How</Th>
          <Th width={15}>First seen</Th>
          <Th width={15}>Last seen</Th>
        </Tr>
      </Thead>
      <Tbody>
        {commits.map((c) => (
          <Tr key={c.sha} data-sha={c.sha}>
            <Td dataLabel="Commit">
              <CommitLink sha={c.sha} url={c.url} />
            </Td>
            <Td dataLabel="Subject">{c.subject ?? <span className="pf-v6-u-text-color-subtle">not in the infra history read</span>}</Td>
            <Td dataLabel="How" modifier="nowrap">
              {KIND_LABELS[c.kind]}{' '}
              {c.inferred && (
                <Tooltip content="No tag was seen with this commit: it lies between the commit the AMI was built at and a newer one it was seen carrying, and did not touch packer/.">
                  <Label color="purple" variant="outline" isCompact>
                    inferred
                  </Label>
                </Tooltip>
              )}
            </Td>
            <Td dataLabel="First seen" modifier="nowrap">
              <RelativeTime at={c.firstSeenAt} never="—" />
            </Td>
            <Td dataLabel="Last seen" modifier="nowrap">
              <RelativeTime at={c.lastSeenAt} never="—" />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
