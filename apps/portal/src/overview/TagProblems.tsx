import { Alert, List, ListItem } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AmiLink } from '@/components/links';
import type { Overview } from '@/trpc/types';

/** AMIs whose tags the portal cannot fully read: they drop out of the lineage or land in the wrong column. */
export function TagProblems({ amis }: { amis: Overview['problemAmis'] }) {
  if (amis.length === 0) {
    return (
      <Alert isInline isPlain variant="success" title="Every registered AMI carries the tags the portal reads." />
    );
  }
  return (
    <Table aria-label="AMIs with tag problems" variant="compact">
      <Thead>
        <Tr>
          <Th width={25}>AMI</Th>
          <Th width={25}>Name</Th>
          <Th>Problems</Th>
        </Tr>
      </Thead>
      <Tbody>
        {amis.map((ami) => (
          <Tr key={ami.imageId}>
            <Td dataLabel="AMI">
              <AmiLink imageId={ami.imageId} />
            </Td>
            <Td dataLabel="Name">{ami.name}</Td>
            <Td dataLabel="Problems">
              <List isPlain>
                {ami.problems.map((p) => (
                  <ListItem key={p.code}>{p.message}</ListItem>
                ))}
              </List>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
