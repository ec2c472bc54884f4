import { Th, Thead, Tr } from '@patternfly/react-table';

/** A compact table's header of plain titles that never wrap. */
export function ColumnHeads({ titles }: { titles: readonly string[] }) {
  return (
    <Thead>
      <Tr>
        {titles.map((title) => (
          <Th key={title} modifier="nowrap">
            {title}
          </Th>
        ))}
      </Tr>
    </Thead>
  );
}
