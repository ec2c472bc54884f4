'use client';

import { Label } from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, ExclamationTriangleIcon, InProgressIcon, OutlinedQuestionCircleIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AmiLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import styles from './asgs.module.css';
import { sortRows, type SortValue, useColumnSort } from '@/components/sort';
import type { AsgInstance } from './types';

type Color = 'green' | 'blue' | 'orange' | 'red' | 'grey';

/** Auto Scaling's lifecycle states by how a person should read them; the word shown is AWS's own. */
function lifecycleColor(state: string): Color {
  if (state === 'InService') return 'green';
  if (state.startsWith('Pending') || state.startsWith('Warmed')) return 'blue';
  if (state.startsWith('Terminat') || state.startsWith('Detach') || state.startsWith('Entering') || state === 'Standby') return 'orange';
  return 'grey';
}

function LifecycleLabel({ state }: { state: string }) {
  const color = lifecycleColor(state);
  const icon = color === 'green' ? <CheckCircleIcon /> : color === 'blue' ? <InProgressIcon /> : color === 'orange' ? <ExclamationTriangleIcon /> : undefined;
  return (
    <Label color={color} icon={icon} isCompact>
      {state}
    </Label>
  );
}

function HealthLabel({ health }: { health: string }) {
  if (health === 'Healthy') {
    return (
      <Label color="green" icon={<CheckCircleIcon />} isCompact>
        healthy
      </Label>
    );
  }
  return (
    <Label color={health === 'Unhealthy' ? 'red' : 'grey'} icon={health === 'Unhealthy' ? <ExclamationCircleIcon /> : <OutlinedQuestionCircleIcon />} isCompact>
      {health.toLowerCase()}
    </Label>
  );
}

/** "new" when the instance runs the AMI of the group's launch template, "old" when a refresh would replace it. */
function AmiAge({ onGroupAmi }: { onGroupAmi: boolean | null }) {
  if (onGroupAmi === null) {
    return (
      <Label color="grey" variant="outline" isCompact title="The instance's or the group's AMI is not known" data-ami-age="unknown">
        unknown
      </Label>
    );
  }
  return onGroupAmi ? (
    <Label color="green" variant="outline" isCompact title="The AMI of the group's launch template" data-ami-age="new">
      new
    </Label>
  ) : (
    <Label color="orange" icon={<ExclamationTriangleIcon />} isCompact title="Not the AMI of the group's launch template: a refresh would replace this instance" data-ami-age="old">
      old
    </Label>
  );
}

type InstanceSortKey = 'id' | 'zone' | 'lifecycle' | 'health' | 'ami' | 'version' | 'ip' | 'launched';
const COLUMNS: { title: string; key: InstanceSortKey }[] = [
  { title: 'Instance', key: 'id' },
  { title: 'Zone', key: 'zone' },
  { title: 'Lifecycle', key: 'lifecycle' },
  { title: 'Health', key: 'health' },
  { title: 'AMI', key: 'ami' },
  { title: 'Template version', key: 'version' },
  { title: 'Private IP', key: 'ip' },
  { title: 'Launched', key: 'launched' },
];

const SORT_VALUES: Record<InstanceSortKey, (i: AsgInstance) => SortValue> = {
  id: (i) => i.instanceId,
  zone: (i) => i.availabilityZone,
  lifecycle: (i) => i.lifecycleState,
  health: (i) => i.healthStatus,
  // Old first: those are the ones a person looks for.
  ami: (i) => (i.onGroupAmi === null ? null : i.onGroupAmi ? 1 : 0),
  version: (i) => i.launchTemplateVersion,
  ip: (i) => i.privateIp,
  launched: (i) => i.launchTime?.getTime() ?? null,
};

export function InstancesTable({ instances }: { instances: AsgInstance[] }) {
  const { sort, sortFor } = useColumnSort(
    COLUMNS.map((c) => c.key),
    'zone',
  );
  if (instances.length === 0) return <p>The group has no instance: its desired capacity is 0, or AWS has not launched any yet.</p>;
  const rows = sortRows(instances, SORT_VALUES[sort.key], sort.direction, (i) => i.instanceId);
  return (
    <Table aria-label="Instances" variant="compact" gridBreakPoint="grid-lg" className={styles.dense}>
      <Thead>
        <Tr>
          {COLUMNS.map((column, index) => (
            <Th key={column.key} sort={sortFor(index)} modifier="nowrap">
              {column.title}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((i) => (
          <Tr key={i.instanceId} data-instance={i.instanceId}>
            <Td dataLabel="Instance" modifier="nowrap">
              <code>{i.instanceId}</code>
            </Td>
            <Td dataLabel="Zone">{i.availabilityZone}</Td>
            <Td dataLabel="Lifecycle">
              <LifecycleLabel state={i.lifecycleState} />
            </Td>
            <Td dataLabel="Health">
              <HealthLabel health={i.healthStatus} />
            </Td>
            <Td dataLabel="AMI">
              <span className={styles.nowrap}>
                {i.imageId ? <AmiLink imageId={i.imageId} /> : <span className={styles.note}>unknown</span>} <AmiAge onGroupAmi={i.onGroupAmi} />
              </span>
            </Td>
            <Td dataLabel="Template version">{i.launchTemplateVersion ?? <span className={styles.note}>unknown</span>}</Td>
            <Td dataLabel="Private IP">{i.privateIp ? <code>{i.privateIp}</code> : <span className={styles.note}>none</span>}</Td>
            <Td dataLabel="Launched" modifier="nowrap">
              <RelativeTime at={i.launchTime} never="unknown" />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
