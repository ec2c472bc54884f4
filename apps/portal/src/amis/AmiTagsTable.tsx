import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { AmiDetail } from '@/trpc/types';

export function AmiTagsTable({ tags }: { tags: AmiDetail['tags'] }) {
  if (tags.length === 0) return <p>The AMI has no tags.</p>;
  return (
    <Table aria-label="Tags" variant="compact">
      <Thead>
        <Tr>
          <Th width={30}>Key</Th>
          <Th>Value</Th>
        </Tr>
      </Thead>
      <Tbody>
        {tags.map((tag) => (
          <Tr key={tag.key}>
            <Td dataLabel="Key">
              <code>{tag.key}</code>
            </Td>
            <Td dataLabel="Value" modifier="breakWord">
              {tag.value}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
