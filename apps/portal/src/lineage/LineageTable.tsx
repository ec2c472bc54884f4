import { Button } from '@patternfly/react-core';
import { InnerScrollContainer, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { BakeRequest } from '@/bakes/RebuildButton';
import { CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import type { LineageGrid } from '@/trpc/types';
import { LineageCellView } from './LineageCellView';
import { RowFlags } from './RowFlags';

interface LineageTableProps {
  grid: LineageGrid;
  /** Opens the bake dialog; absent when the viewer cannot start bakes. */
  onBake?: (request: BakeRequest) => void;
}

/** Commits (newest first) down, worker types across. */
export function LineageTable({ grid, onBake }: LineageTableProps) {
  // With every worker type shown, full AMI ids would push the grid past the screen's width.
  const shortIds = grid.columns.length > 3;
  return (
    <InnerScrollContainer>
      <Table aria-label="AMI lineage: commits by worker type" variant="compact" gridBreakPoint="">
        <Thead>
          <Tr>
            <Th isStickyColumn stickyMinWidth="6.5rem" hasRightBorder>
              Commit
            </Th>
            <Th>Subject and flags</Th>
            {grid.columns.map((column) => (
              <Th key={column.key} data-column={column.key} modifier="nowrap" className="fp-lineage-column">
                <div>{column.key}</div>
                <div className="fp-lineage-cell__note">
                  {column.baseOs} × {column.role}
                </div>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {grid.rows.map((row) => (
            <Tr key={row.sha} data-sha={row.sha}>
              <Td isStickyColumn stickyMinWidth="6.5rem" hasRightBorder dataLabel="Commit">
                <CommitLink sha={row.sha} url={row.url} />
                <div className="fp-lineage-cell__note fp-nowrap">
                  <RelativeTime at={row.authoredAt} never="date unknown" />
                </div>
                {onBake && !row.flags.includes('not-in-history') && (
                  <Button variant="link" isInline size="sm" onClick={() => onBake({ commit: row.sha, workerTypes: [] })} data-testid="bake-commit">
                    Bake…
                  </Button>
                )}
              </Td>
              <Td dataLabel="Subject" className="fp-subject">
                <div>{row.subject ?? <span className="pf-v6-u-text-color-subtle">subject unknown</span>}</div>
                {row.author && <div className="fp-lineage-cell__note">{row.author}</div>}
                <RowFlags flags={row.flags} />
              </Td>
              {row.cells.map((cell, i) => (
                <Td key={grid.columns[i]?.key ?? i} dataLabel={grid.columns[i]?.key} className="fp-lineage-column">
                  <LineageCellView
                    cell={cell}
                    amis={grid.amis}
                    buildExpected={row.touchesPacker === true}
                    shortIds={shortIds}
                    groups={grid.groupMarks[row.sha]?.[grid.columns[i]?.key ?? '']}
                    onRebuild={onBake && (row.touchesPacker === true || row.flags.includes('incomplete-build')) ? () => onBake({ commit: row.sha, workerTypes: [grid.columns[i]!.key] }) : undefined}
                  />
                </Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
    </InnerScrollContainer>
  );
}
