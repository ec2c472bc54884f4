import { Button, Label, Tooltip } from '@patternfly/react-core';
import Link from 'next/link';
import { ExclamationTriangleIcon, ServerIcon } from '@patternfly/react-icons';
import type { LineageCell } from '@fleet/core';
import { AmiLink, asgHref } from '@/components/links';
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
  /** Rebuilds this worker type at this commit, for a cell that should have an AMI and has none. */
  onRebuild?: () => void;
  /** The groups whose launch template runs this AMI, marked at the newest commit it carried. */
  groups?: string[];
}

/** "in service": the commit a group of this worker type runs; a link to the group. */
function GroupsMark({ groups }: { groups: string[] | undefined }) {
  if (!groups?.length) return null;
  const title = `${groups.join(', ')} ${groups.length === 1 ? 'runs' : 'run'} this AMI: its launch template launches it, and this is the newest commit it carries`;
  return (
    <Link href={asgHref(groups[0]!)} title={title} data-group-mark={groups.join(' ')}>
      <Label color="teal" icon={<ServerIcon />} isCompact>
        {groups.length === 1 ? 'in service' : `in service ×${groups.length}`}
      </Label>
    </Link>
  );
}

function NewMark({ ami }: { ami: AmiFacts | undefined }) {
  if (!ami?.bake) return null;
  return (
    <Link href={`/bakes/${encodeURIComponent(ami.bake.id)}`} title={`${ami.bake.retagged ? 'Re-tagged' : 'Made'} by bake ${ami.bake.number === null ? '' : `#${ami.bake.number} `}in the last day`}>
      <Label color="yellow" isCompact data-new-ami>
        new
      </Label>
    </Link>
  );
}

export function LineageCellView({ cell, amis, buildExpected, shortIds, onRebuild, groups }: LineageCellViewProps) {
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
        {onRebuild && (
          <Button variant="link" isInline size="sm" onClick={onRebuild} data-testid="rebuild-cell">
            Rebuild
          </Button>
        )}
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
        <NewMark ami={ami} />
        <GroupsMark groups={groups} />
      </span>
      <AmiLink imageId={cell.imageId} short={shortIds} />
      {cell.kind === 'carried' && (
        <span className="fp-lineage-cell__note">from {cell.builtAt ? <code>{cell.builtAt.slice(0, 7)}</code> : 'an unknown commit'}</span>
      )}
      <Conflicts ids={cell.conflicts} shortIds={shortIds} />
    </div>
  );
}
