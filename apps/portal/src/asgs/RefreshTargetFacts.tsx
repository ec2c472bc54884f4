import { Alert, DescriptionList, Label, List, ListItem } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import { AmiLink, CommitLink } from '@/components/links';
import { Fact } from '@/components/Fact';
import styles from './asgs.module.css';
import type { RefreshTargetFacts } from './types';

type Change = RefreshTargetFacts['changes'][number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function Target({ facts }: { facts: RefreshTargetFacts }) {
  const { target, newest, commitsBehindNewest: behind } = facts;
  if (!target) return <span className={styles.note}>the launch template&apos;s AMI is not known to the portal</span>;
  return (
    <span data-testid="refresh-target">
      <AmiLink imageId={target.imageId} />{' '}
      {target.builtAt ? (
        <>
          built at <CommitLink sha={target.builtAt} url={target.commitUrl} />
        </>
      ) : (
        <span className={styles.note}>build commit unknown</span>
      )}{' '}
      {behind === 0 ? (
        <Label color="green" icon={<CheckCircleIcon />} isCompact>
          the newest AMI of its worker type
        </Label>
      ) : newest && newest.imageId !== target.imageId ? (
        <>
          <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact>
            {behind === null ? 'not the newest' : `${plural(behind, 'commit')} behind the newest`}
          </Label>{' '}
          <span className={styles.note}>
            newest: <AmiLink imageId={newest.imageId} />
            {newest.builtAt && (
              <>
                {' '}
                at <CommitLink sha={newest.builtAt} url={newest.commitUrl} />
              </>
            )}
            {facts.newestShared === false && `, not shared with ${facts.accountName ?? 'the group’s account'} yet`}
          </span>
        </>
      ) : null}
    </span>
  );
}

function Sharing({ facts }: { facts: RefreshTargetFacts }) {
  const account = facts.accountName ?? 'the group’s account';
  if (facts.shared === null) {
    return (
      <Label color="grey" icon={<OutlinedQuestionCircleIcon />} isCompact data-testid="refresh-target-shared" title="The launch-permission sync has not read this AMI yet">
        not checked yet
      </Label>
    );
  }
  return facts.shared ? (
    <Label color="green" icon={<CheckCircleIcon />} isCompact data-testid="refresh-target-shared">
      shared with {account}
    </Label>
  ) : (
    <Label color="red" icon={<ExclamationCircleIcon />} isCompact data-testid="refresh-target-shared">
      not shared with {account}: new instances would fail to launch
    </Label>
  );
}

function ChangeItem({ change, target }: { change: Change; target: RefreshTargetFacts['target'] }) {
  const from = change.from ? <AmiLink imageId={change.from.imageId} /> : <span className={styles.note}>an unknown AMI</span>;
  const head = (
    <>
      {plural(change.instances.length, 'instance')} on {from}
      {change.from?.builtAt && (
        <>
          {' '}
          (built at <CommitLink sha={change.from.builtAt} url={change.fromCommitUrl} />)
        </>
      )}
      :{' '}
    </>
  );
  if (change.direction === 'same') return <ListItem>{head}the same build; they are replaced by fresh instances of it, nothing in the image changes</ListItem>;
  if (change.direction === 'unknown') return <ListItem>{head}a build commit is not in the infra repo&apos;s history, so the changes cannot be listed</ListItem>;
  const verb = change.direction === 'forward' ? 'get' : 'lose (the target is older)';
  const older = change.direction === 'forward' ? change.from?.builtAt : target?.builtAt;
  const newer = change.direction === 'forward' ? target?.builtAt : change.from?.builtAt;
  const diff = change.compareUrl ? (
    <a href={change.compareUrl} target="_blank" rel="noreferrer">
      the diff
    </a>
  ) : (
    older && newer && <code title="No compare link is configured (infraRepo.compareUrlTemplate)">{older.slice(0, 7)}..{newer.slice(0, 7)}</code>
  );
  if (change.packerCommits.length === 0) {
    return (
      <ListItem>
        {head}no commit between the two builds touched packer/ {diff && <>({diff})</>}
      </ListItem>
    );
  }
  return (
    <ListItem>
      {head}
      {verb} {plural(change.packerCommits.length, 'packer change')} {diff && <>({diff})</>}
      <List className="pf-v6-u-font-size-sm" data-testid="refresh-packer-commits">
        {change.packerCommits.map((c) => (
          <ListItem key={c.sha}>
            <CommitLink sha={c.sha} url={c.url} /> {c.subject} <span className={styles.note}>{c.author}</span>
          </ListItem>
        ))}
      </List>
    </ListItem>
  );
}

/**
 * What a refresh really does: the AMI and commit new instances get against the newest, whether
 * the account may launch it, how many instances are replaced and what changes on them.
 */
export function RefreshTargetFacts({ facts, total, showRefusal = true }: { facts: RefreshTargetFacts; total: number; showRefusal?: boolean }) {
  const skipped = facts.skipped > 0 ? `; ${facts.skipped} already on it ${facts.skipped === 1 ? 'is' : 'are'} skipped` : '';
  return (
    <>
      {showRefusal && facts.refusal && (
        <Alert variant="danger" isInline isPlain title="A start would be refused" data-testid="refresh-refusal" className="pf-v6-u-mb-sm">
          {facts.refusal.message.charAt(0).toUpperCase() + facts.refusal.message.slice(1)}.
        </Alert>
      )}
      <DescriptionList isCompact isHorizontal aria-label="What the refresh does">
        <Fact term="New instances get">
          <Target facts={facts} />
        </Fact>
        <Fact term="Launch permission">
          <Sharing facts={facts} />
        </Fact>
        <Fact term="Replaced">
          <span data-testid="refresh-replaced">
            {facts.replaced} of {plural(total, 'instance')}
            {facts.skipMatching ? skipped : ' (skip matching off: every instance)'}
          </span>
        </Fact>
        <Fact term="What changes on the nodes">
          {facts.changes.length === 0 ? (
            <span className={styles.note}>no instance is replaced</span>
          ) : !facts.hasInfraHistory ? (
            <span className={styles.note}>unknown: the infra repo&apos;s history is not synced (infraRepo.localClone in the config)</span>
          ) : (
            <List isPlain data-testid="refresh-changes">
              {facts.changes.map((c) => (
                <ChangeItem key={c.from?.imageId ?? 'unknown'} change={c} target={facts.target} />
              ))}
            </List>
          )}
        </Fact>
      </DescriptionList>
    </>
  );
}
