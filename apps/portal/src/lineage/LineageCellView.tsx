import { Label, Tooltip } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import type { LineageCell } from '@fleet/core';
import { AmiLink } from '@/components/links';
import type { LineageGrid } from '@/trpc/types';

type AmiFacts = LineageGrid['amis'][string];

const INFERRED =
  'No tag was seen carrying this commit. It did not touch packer/, and this AMI was seen carrying a newer commit, so it was re-tagged with this one in between.';

function Deregistered({ ami }: { ami: AmiFacts | undefined }) {
  if (!ami?.deregistered) return null;
  return (
    <Label color="grey" variant="outline" isCompact title="Deregistered in AWS: the portal keeps its history">
      deregistered
    </Label>
  );
}

function Conflicts({ ids, shortIds }: { ids: string[]; shortIds: boolean }) {
  if (ids.length === 0) return null;
  return (
    <Tooltip content="More than one AMI of this worker type carries this commit; the newest one is shown first.">
      <span className="fp-lineage-cell__note" data-conflicts={ids.join(' ')}>
        <ExclamationTriangleIcon color="var(--pf-t--global--icon--color--status--warning--default)" aria-label="conflict" /> also{' '}
        {ids.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            <AmiLink imageId={id} short={shortIds} />
          </span>
        ))}
      </span>
    </Tooltip>
  );
}

/** One worker type at one commit: built there, re-tagged onto it, or no AMI. */
interface LineageCellViewProps {
  cell: LineageCell;
  amis: LineageGrid['amis'];
  /** The commit changed packer/, so a missing AMI is a failure rather than history. */
  buildExpected: boolean;
  shortIds: boolean;
}

export function LineageCellView({ cell, amis, buildExpected, shortIds }: LineageCellViewProps) {
  if (cell.kind === 'missing') {
    return (
      <div className="fp-lineage-cell" data-cell="missing">
        <Label
          color={buildExpected ? 'red' : 'grey'}
          isCompact
          title={buildExpected ? 'This commit changed packer/ but no AMI was built at it' : 'No AMI of this worker type carried this commit'}
        >
          missing
        </Label>
      </div>
    );
  }
  const ami = amis[cell.imageId];
  return (
    <div className="fp-lineage-cell" data-cell={cell.kind}>
      <span className="fp-lineage-cell__labels">
        {cell.kind === 'built' ? (
          <Label color="green" isCompact title="An AMI was built at this commit">
            built
          </Label>
        ) : (
          <Label color="blue" isCompact title="The AMI was re-tagged with this commit">
            re-tag
          </Label>
        )}
        {cell.kind === 'carried' && cell.evidence === 'inferred' && (
          <Tooltip content={INFERRED}>
            <Label color="purple" variant="outline" isCompact>
              inferred
            </Label>
          </Tooltip>
        )}
        {cell.kind === 'carried' && cell.seenIn === 'cloudtrail' && (
          <Label color="purple" isCompact title="The image sync missed this re-tag between two passes; CloudTrail recorded it">
            seen in CloudTrail
          </Label>
        )}
        <Deregistered ami={ami} />
      </span>
      <AmiLink imageId={cell.imageId} short={shortIds} />
      {cell.kind === 'carried' && (
        <span className="fp-lineage-cell__note">from {cell.builtAt ? <code>{cell.builtAt.slice(0, 7)}</code> : 'an unknown commit'}</span>
      )}
      <Conflicts ids={cell.conflicts} shortIds={shortIds} />
    </div>
  );
}
