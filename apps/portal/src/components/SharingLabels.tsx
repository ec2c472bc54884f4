import { Label, LabelGroup } from '@patternfly/react-core';
import { CheckCircleIcon, MinusCircleIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';

export interface AccountSharing {
  accountId: string;
  name: string;
  /** null while the launch permissions were never read. */
  shared: boolean | null;
}

function SharingLabel({ sharing }: { sharing: AccountSharing }) {
  const { name, accountId, shared } = sharing;
  const title = `${name} (${accountId})`;
  if (shared === null) {
    return (
      <Label color="grey" icon={<OutlinedQuestionCircleIcon />} title={`${title}: launch permissions not read yet`}>
        {name}: unknown
      </Label>
    );
  }
  return shared ? (
    <Label color="green" icon={<CheckCircleIcon />} title={`${title} may launch this AMI`}>
      {name}: shared
    </Label>
  ) : (
    <Label color="orange" icon={<MinusCircleIcon />} title={`${title} may not launch this AMI`}>
      {name}: not shared
    </Label>
  );
}

/** Whether each production account may launch the AMI: a colour and a word per account. */
export function SharingLabels({ sharing }: { sharing: AccountSharing[] }) {
  if (sharing.length === 0) return <span>no production accounts configured</span>;
  return (
    <LabelGroup numLabels={6}>
      {sharing.map((s) => (
        <SharingLabel key={s.accountId} sharing={s} />
      ))}
    </LabelGroup>
  );
}
