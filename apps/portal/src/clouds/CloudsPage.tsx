'use client';

import {
  Content,
  DescriptionList,
  Flex,
  FlexItem,
  Label,
  List,
  ListItem,
  PageSection,
  Stack,
  Title,
} from '@patternfly/react-core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { BuildStateLabel } from '@/components/BuildStateLabel';
import { Fact } from '@/components/Fact';
import { FreshnessStateLabel } from '@/components/FreshnessLabel';
import { asgHref, HistoryLink, nodeHref } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { Section } from '@/components/Section';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import type { CloudRowView, CloudsController } from '@/trpc/types';
import { CloudStatusLabel } from './CloudStatusLabel';
import { useResyncClouds } from './useResyncClouds';

const ROW_LOOKS: Record<CloudRowView['status'], { color: 'green' | 'orange' | 'blue' | 'red' | 'grey'; word: string; meaning: string }> = {
  'in-sync': { color: 'green', word: 'in sync', meaning: 'as declared' },
  changed: { color: 'orange', word: 'changed', meaning: 'differs from the declaration: a resync writes the declared values' },
  added: { color: 'blue', word: 'missing', meaning: 'declared but not on the controller: a resync adds it' },
  removed: { color: 'red', word: 'not declared', meaning: 'on the controller but not in the config: a resync removes it' },
  unmanaged: { color: 'grey', word: 'other kind', meaning: 'a cloud of another kind: shown, never changed' },
};

function shown(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Differences({ row }: { row: CloudRowView }) {
  if (row.status === 'changed') {
    return (
      <List isPlain className="pf-v6-u-font-size-sm" data-testid="cloud-changes">
        {row.changes.map((change) => (
          <ListItem key={change.field}>
            <code>{change.field}</code>: <del title="on the controller">{shown(change.live)}</del> → <ins title="declared">{shown(change.declared)}</ins>
          </ListItem>
        ))}
      </List>
    );
  }
  if (row.status === 'added') return <span className="pf-v6-u-font-size-sm">a resync adds it</span>;
  if (row.status === 'removed') return <span className="pf-v6-u-font-size-sm">a resync removes it; its agents are named as orphans if any remain</span>;
  if (row.status === 'unmanaged') return <span className="pf-v6-u-font-size-sm">{row.kind}: left as it is</span>;
  return null;
}

function CloudsTable({ controller }: { controller: CloudsController }) {
  return (
    <Table aria-label={`EC2 Fleet clouds of ${controller.controller}`} variant="compact" data-testid="clouds-table">
      <Thead>
        <Tr>
          <Th width={20}>Cloud</Th>
          <Th width={10}>State</Th>
          <Th width={20}>Auto Scaling group</Th>
          <Th width={10}>Labels</Th>
          <Th width={10}>Size</Th>
          <Th width={10}>Agents</Th>
          <Th width={20}>Drift: now → declared</Th>
        </Tr>
      </Thead>
      <Tbody>
        {controller.rows.map((row, index) => {
          const cloud = row.live ?? row.declared;
          const look = ROW_LOOKS[row.status];
          return (
            <Tr key={`${row.name ?? row.kind}:${index}`} data-cloud={row.name ?? ''} data-cloud-status={row.status}>
              <Td dataLabel="Cloud">{row.name ?? <span className="pf-v6-u-text-color-subtle">(unnamed)</span>}</Td>
              <Td dataLabel="State">
                <Label color={look.color} isCompact title={look.meaning}>
                  {look.word}
                </Label>
              </Td>
              <Td dataLabel="Auto Scaling group">{cloud?.fleet ? <Link href={asgHref(cloud.fleet)}>{cloud.fleet}</Link> : '—'}</Td>
              <Td dataLabel="Labels">{cloud?.labelString ? <code>{cloud.labelString}</code> : '—'}</Td>
              <Td dataLabel="Size">{cloud ? `${cloud.minSize}–${cloud.maxSize}${cloud.minSpareSize > 0 ? `, ${cloud.minSpareSize} spare` : ''} · ${cloud.numExecutors} executor${cloud.numExecutors === 1 ? '' : 's'}` : '—'}</Td>
              <Td dataLabel="Agents">{row.stat ? `${row.stat.numActive} of ${row.stat.numDesired} wanted · ${row.stat.state.toLowerCase()}` : <span className="pf-v6-u-text-color-subtle">—</span>}</Td>
              <Td dataLabel="Differences">
                <Differences row={row} />
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}

function Orphans({ orphans }: { orphans: CloudsController['orphans'] }) {
  if (orphans.length === 0) return null;
  return (
    <div className="pf-v6-u-mt-md" data-testid="cloud-orphans">
      <Title headingLevel="h3" size="md">
        Agents no cloud manages ({orphans.length})
      </Title>
      <p className="pf-v6-u-text-color-subtle pf-v6-u-font-size-sm">EC2 Fleet agents whose cloud is gone: nothing scales them in. Drain and delete them in Jenkins, or declare their cloud again.</p>
      <List isPlain>
        {orphans.map((orphan) => (
          <ListItem key={orphan.agent}>
            {orphan.instanceId ? <Link href={nodeHref(orphan.instanceId)}>{orphan.agent}</Link> : orphan.agent}
            {orphan.cloud && <span className="pf-v6-u-text-color-subtle"> (was in {orphan.cloud})</span>}
          </ListItem>
        ))}
      </List>
    </div>
  );
}

function LastResync({ last }: { last: NonNullable<CloudsController['lastResync']> }) {
  const state = last.state === 'succeeded' || last.state === 'failed' || last.state === 'cancelled' ? last.state : last.state === 'pending-approval' || last.state === 'queued' ? 'queued' : 'running';
  return (
    <span data-testid="clouds-last-resync">
      {last.dryRun ? 'Dry run' : 'Resync'} by {last.requestedBy}, <RelativeTime at={last.createdAt} withAbsolute /> <BuildStateLabel state={state} />
      {last.errorMessage && <span className="pf-v6-u-text-color-subtle"> {last.errorMessage}</span>}
    </span>
  );
}

function ControllerSection({ controller }: { controller: CloudsController }) {
  const read = controller.read;
  const resync = useResyncClouds(controller.controller, controller.drift);
  return (
    <Section title={controller.controller}>
      <div data-controller={controller.controller}>
        <Flex alignItems={{ default: 'alignItemsCenter' }} className="pf-v6-u-mb-md">
          <FlexItem>
            <CloudStatusLabel status={controller.status} drift={controller.drift} />
          </FlexItem>
          <FlexItem>
            <a href={`${controller.url.replace(/\/$/, '')}/manage/cloud/`} target="_blank" rel="noreferrer">
              Clouds in Jenkins <ExternalLinkAltIcon />
            </a>
          </FlexItem>
          <FlexItem>
            <HistoryLink target={controller.controller} />
          </FlexItem>
          {controller.status !== 'not-managed' && (
            <FlexItem align={{ default: 'alignRight' }}>{resync.button}</FlexItem>
          )}
        </Flex>
        {resync.notice}
        {controller.problem && <p className="pf-v6-u-danger-color-100">{controller.problem}</p>}
        <DescriptionList isCompact isHorizontal columnModifier={{ default: '2Col' }} className="pf-v6-u-mb-md">
          <Fact term="Written with">
            {read ? (read.method === 'casc' ? `Configuration as Code ${read.cascVersion ?? ''}` : 'the Script Console (no Configuration as Code)') : '—'}
          </Fact>
          <Fact term="ec2-fleet plugin">{read?.pluginVersion ?? '—'}</Fact>
          <Fact term="Declared clouds">{controller.status === 'not-managed' ? 'none: the portal leaves this controller alone' : controller.declaredCount}</Fact>
          <Fact term="Read">
            {controller.source ? (
              <FreshnessStateLabel state={controller.source.state} age={read ? <RelativeTime at={read.readAt} /> : undefined} />
            ) : read ? (
              <RelativeTime at={read.readAt} />
            ) : (
              'never'
            )}
            {controller.source?.lastError && <span className="pf-v6-u-text-color-subtle"> {controller.source.lastError.message}</span>}
          </Fact>
          <Fact term="Last changed">{read ? <RelativeTime at={read.changedAt} withAbsolute /> : '—'}</Fact>
          <Fact term="Last resync">{controller.lastResync ? <LastResync last={controller.lastResync} /> : 'none from the portal'}</Fact>
        </DescriptionList>
        {controller.rows.length > 0 ? <CloudsTable controller={controller} /> : controller.status !== 'not-managed' && <p>No cloud read yet.</p>}
        <Orphans orphans={controller.orphans} />
      </div>
    </Section>
  );
}

/** Each Jenkins controller's EC2 Fleet clouds against the config's declaration, with a guarded resync. */
export function CloudsPage() {
  const trpc = useTRPC();
  const controllers = useQuery(trpc.clouds.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Jenkins clouds</Title>
        <Content component="p">
          The EC2 Fleet clouds each controller runs, against the ones the config declares (<code>jenkins.controllers[].clouds</code>): what drifted field by field, the agents each cloud
          holds, and agents left without a cloud.
        </Content>
      </PageSection>
      <PageSection>
        {controllers.isPending ? (
          <LoadingState what="the Jenkins clouds" />
        ) : controllers.isError ? (
          <ErrorState what="the Jenkins clouds" error={controllers.error} onRetry={() => void controllers.refetch()} />
        ) : controllers.data.length === 0 ? (
          <p>The config names no Jenkins controller (jenkins.controllers).</p>
        ) : (
          <Stack hasGutter>
            {controllers.data.map((controller) => (
              <ControllerSection key={controller.controller} controller={controller} />
            ))}
          </Stack>
        )}
      </PageSection>
    </>
  );
}
