import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm, Label } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { CommitLink, commitHref } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import type { AmiDetail, FleetSettings } from '@/trpc/types';

const STATE_COLORS: Record<string, 'green' | 'blue' | 'red' | 'grey' | 'orange'> = {
  available: 'green',
  pending: 'blue',
  failed: 'red',
  error: 'red',
  deregistered: 'grey',
  disabled: 'orange',
};

export function AmiStateLabel({ state }: { state: string }) {
  return <Label color={STATE_COLORS[state] ?? 'grey'}>{state}</Label>;
}

const BUILT_AT_SOURCES: Record<string, string> = {
  tag: 'from its built-commit tag',
  history: 'the oldest commit of the infra history it was seen carrying',
  'first-seen': 'the first commit it was seen carrying (the infra history does not have it)',
};

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

const unknown = <span className="pf-v6-u-text-color-subtle">unknown</span>;

export function AmiFacts({ ami, settings }: { ami: AmiDetail; settings: FleetSettings | undefined }) {
  const accounts = settings ? [settings.buildAccount, ...settings.productionAccounts] : [];
  const accountName = accounts.find((a) => a.id === ami.accountId)?.name;
  return (
    <DescriptionList isCompact isHorizontal columnModifier={{ lg: '2Col' }} aria-label="AMI facts">
      <Fact term="Image id">
        <code data-testid="ami-id">{ami.imageId}</code>
      </Fact>
      <Fact term="Name">{ami.name}</Fact>
      <Fact term="State">
        <AmiStateLabel state={ami.state} />
      </Fact>
      <Fact term="Created">
        <RelativeTime at={ami.creationDate} withAbsolute />
      </Fact>
      <Fact term="Account / region">
        {accountName ? `${accountName} (${ami.accountId})` : ami.accountId} / {ami.region}
      </Fact>
      <Fact term="Worker type">{ami.workerType ?? unknown}</Fact>
      <Fact term="Base OS">{ami.baseOs ?? unknown}</Fact>
      <Fact term="Role">{ami.role ?? unknown}</Fact>
      <Fact term="Build id">{ami.buildId ? <code>{ami.buildId}</code> : unknown}</Fact>
      <Fact term="Built at">
        {ami.builtAt ? (
          <>
            <CommitLink sha={ami.builtAt.sha} url={ami.builtAt.url} /> <span className="pf-v6-u-text-color-subtle">{BUILT_AT_SOURCES[ami.builtAt.source]}</span>
          </>
        ) : (
          unknown
        )}
      </Fact>
      <Fact term="Current commit">
        {ami.currentCommit ? <CommitLink sha={ami.currentCommit} url={commitHref(settings?.commitUrlTemplate, ami.currentCommit)} /> : unknown}
      </Fact>
      <Fact term="Seen by the portal">
        first <RelativeTime at={ami.firstSeenAt} />, last <RelativeTime at={ami.lastSeenAt} />
      </Fact>
      {ami.description && <Fact term="Description">{ami.description}</Fact>}
    </DescriptionList>
  );
}
