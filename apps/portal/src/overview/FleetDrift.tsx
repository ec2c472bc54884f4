import { Content, Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationTriangleIcon } from '@patternfly/react-icons';
import Link from 'next/link';
import { asgHref } from '@/components/links';
import type { Overview } from '@/trpc/types';

type TypeGroups = Overview['workerTypes'][number]['groups'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The fleet as a whole against the newest AMIs: what the groups run, not what was built. */
export function FleetDriftLine({ drift }: { drift: Overview['fleetDrift'] }) {
  const calm = drift.groupsBehind === 0 && drift.instancesOnOlderAmis === 0;
  return (
    <Content component="p" data-testid="fleet-drift">
      {calm ? (
        <Label color="green" icon={<CheckCircleIcon />} isCompact>
          every group runs its newest AMI
        </Label>
      ) : (
        <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact>
          drift
        </Label>
      )}{' '}
      {drift.groupsBehind} of {plural(drift.groups, 'group')} launch an older AMI than their worker type&apos;s newest; {drift.instancesOnOlderAmis} of{' '}
      {plural(drift.instances, 'instance')} run an older AMI.
    </Content>
  );
}

/** One worker type's groups: which are behind the newest AMI, and how many instances are not on it. */
export function WorkerTypeGroups({ groups, hasAmi }: { groups: TypeGroups; hasAmi: boolean }) {
  if (groups.length === 0) return <span className="pf-v6-u-text-color-subtle">no group</span>;
  const behind = groups.filter((g) => g.upToDate === false);
  const older = groups.reduce((n, g) => n + (g.onOlderAmi ?? 0), 0);
  const instances = groups.reduce((n, g) => n + g.instances, 0);
  return (
    <div data-testid="worker-type-groups">
      {behind.length === 0 ? (
        <Label color={hasAmi ? 'green' : 'grey'} icon={hasAmi ? <CheckCircleIcon /> : undefined} isCompact>
          {groups.length === 1 ? 'its group runs it' : `all ${groups.length} groups run it`}
        </Label>
      ) : (
        behind.map((g) => (
          <div key={g.name}>
            <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact title={g.name}>
              <Link href={asgHref(g.name)}>{g.runsCommit ? `runs ${g.runsCommit.slice(0, 7)}` : 'older AMI'}</Link>
              {g.commitsBehind ? `, ${plural(g.commitsBehind, 'commit')} behind` : ''}
            </Label>
          </div>
        ))
      )}
      <div className="fp-lineage-cell__note">
        {older === 0 ? `all ${plural(instances, 'instance')} on it` : `${older} of ${plural(instances, 'instance')} on older AMIs`}
      </div>
    </div>
  );
}
