import { DescriptionList, Label } from '@patternfly/react-core';
import { ExclamationTriangleIcon } from '@patternfly/react-icons';
import { AmiLink, CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import styles from './asgs.module.css';
import { Fact } from '@/components/Fact';
import { DriftLabel } from './DriftLabel';
import { LaunchTemplateRef } from './LaunchTemplateRef';
import type { AsgDetail } from './types';


interface AsgSummaryProps {
  group: AsgDetail;
  commitUrl: (sha: string) => string | null;
}

function Commit({ sha, commitUrl }: { sha: string | null | undefined; commitUrl: AsgSummaryProps['commitUrl'] }) {
  return sha ? <CommitLink sha={sha} url={commitUrl(sha)} /> : <span className={styles.note}>no commit tag</span>;
}

/** Capacity, launch template, AMI and drift of one group, at a glance. */
export function AsgSummary({ group, commitUrl }: AsgSummaryProps) {
  const inService = group.instances.filter((i) => i.lifecycleState === 'InService').length;
  const older = group.instances.filter((i) => i.onGroupAmi === false).length;
  const { runs, newest } = group.drift;
  return (
    <DescriptionList isCompact isHorizontal columnModifier={{ lg: '2Col' }} aria-label="Group facts">
      <Fact term="Capacity">
        <span data-testid="asg-capacity">
          desired {group.desiredCapacity} (min {group.minSize}, max {group.maxSize}), {inService} in service of {group.instances.length}{' '}
          {group.instances.length === 1 ? 'instance' : 'instances'}
        </span>
      </Fact>
      <Fact term="Worker type">{group.workerType ?? <span className={styles.note}>not one of the configured worker types</span>}</Fact>
      <Fact term="Launch template">
        <LaunchTemplateRef launchTemplate={group.launchTemplate} imageSource={group.imageSource} />
      </Fact>
      <Fact term="AMI">
        {group.imageId ? (
          <>
            <AmiLink imageId={group.imageId} /> <Commit sha={runs?.currentCommit} commitUrl={commitUrl} />
            {runs && <div className={styles.note}>{runs.name}</div>}
            {group.imageSource === 'ssm' && <div className={styles.note}>what the template&apos;s SSM parameter holds now</div>}
          </>
        ) : (
          <span className={styles.note}>{group.imageSource === 'ssm' ? 'named by an SSM parameter that AWS could not resolve' : 'unknown'}</span>
        )}
      </Fact>
      <Fact term="Drift">
        <DriftLabel subject={group} />
      </Fact>
      <Fact term={`Newest AMI of ${group.workerType ?? 'its worker type'}`}>
        {newest ? (
          <>
            <AmiLink imageId={newest.imageId} /> <Commit sha={newest.currentCommit} commitUrl={commitUrl} />{' '}
            <span className={styles.note}>
              built <RelativeTime at={newest.creationDate} />
            </span>
          </>
        ) : (
          <span className={styles.note}>none recorded</span>
        )}
      </Fact>
      <Fact term="On an older AMI">
        {group.imageId === null ? (
          <span className={styles.note}>unknown: the group&apos;s AMI is not known</span>
        ) : older === 0 ? (
          'no instance'
        ) : (
          <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact>
            {older} of {group.instances.length} instances
          </Label>
        )}
      </Fact>
      <Fact term="Account / region">
        {group.accountId} / {group.region}
      </Fact>
      <Fact term="Last seen in AWS">
        <RelativeTime at={group.lastSeenAt} withAbsolute />
      </Fact>
    </DescriptionList>
  );
}
