'use client';

import { Flex, FlexItem, PageSection, SearchInput, Title, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { formatDuration, shortSha } from '@fleet/core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { type UrlFilterCodec, useUrlFilter } from '@/components/filters/url-filter';
import { CommitLink } from '@/components/links';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState, LoadingState } from '@/components/states';
import { useTRPC } from '@/trpc/client';
import type { BakeView } from '@/trpc/types';
import { BuildStateLabel, startedByWords } from '@/components/BuildStateLabel';
import { RebuildButton } from './RebuildButton';

interface BakesFilter {
  /** A commit sha prefix. */
  commit: string;
}

const bakesFilter: UrlFilterCodec<BakesFilter> = {
  read: (params) => ({ commit: /^[0-9a-f]{7,40}$/.test(params.get('commit') ?? '') ? params.get('commit')! : '' }),
  write: (filter) => new URLSearchParams(filter.commit ? { commit: filter.commit } : {}),
  cleared: { commit: '' },
  isFiltered: (filter) => filter.commit !== '',
  history: 'push',
};

function outcomeWords(bake: BakeView): string {
  if (bake.failure) return `${bake.failure.workerType} failed`;
  const made = bake.amis.filter((a) => !a.retagged).length;
  const retagged = bake.amis.filter((a) => a.retagged).length;
  if (made > 0) return `${made} AMI${made === 1 ? '' : 's'} made`;
  if (retagged > 0) return `${retagged} AMI${retagged === 1 ? '' : 's'} re-tagged`;
  return '';
}

function BakesTable({ bakes }: { bakes: BakeView[] }) {
  return (
    <Table aria-label="AMI bakes" variant="compact" data-testid="bakes-table">
      <Thead>
        <Tr>
          <Th>Build</Th>
          <Th>State</Th>
          <Th>Commit</Th>
          <Th>Mode</Th>
          <Th>Started by</Th>
          <Th>Requested</Th>
          <Th>Took</Th>
          <Th>Result</Th>
        </Tr>
      </Thead>
      <Tbody>
        {bakes.map((bake) => (
          <Tr key={bake.id} data-bake-id={bake.id}>
            <Td dataLabel="Build">
              <Link href={`/bakes/${encodeURIComponent(bake.id)}`}>{bake.number === null ? 'queued' : `#${bake.number}`}</Link>
            </Td>
            <Td dataLabel="State">
              <BuildStateLabel state={bake.state} />
            </Td>
            <Td dataLabel="Commit">{bake.commit ? <CommitLink sha={bake.commit} url={bake.commitUrl} /> : <span className="pf-v6-u-text-color-subtle">head</span>}</Td>
            <Td dataLabel="Mode">{bake.mode === 'unknown' ? '—' : bake.mode === 'full-bake' ? 'bake' : 're-tag'}</Td>
            <Td dataLabel="Started by">{startedByWords(bake.startedBy)}</Td>
            <Td dataLabel="Requested">
              <RelativeTime at={bake.requestedAt} withAbsolute />
            </Td>
            <Td dataLabel="Took">{bake.elapsedMs === null ? '—' : formatDuration(bake.elapsedMs)}</Td>
            <Td dataLabel="Result">{outcomeWords(bake)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

/** Every bake of the AMI job the portal has seen, whoever started it, kept after Jenkins forgets it. */
export function BakesPage() {
  const trpc = useTRPC();
  const { filter, update } = useUrlFilter(bakesFilter);
  const [text, setText] = useState(filter.commit);
  const settings = useQuery(trpc.bakes.settings.queryOptions());
  const overview = useQuery(trpc.overview.get.queryOptions());
  const bakes = useQuery(trpc.bakes.list.queryOptions({ ...(filter.commit && { commit: filter.commit }), limit: 100 }, { refetchInterval: 10_000 }));
  const head = overview.data?.head ?? null;
  return (
    <>
      <PageSection>
        <Flex alignItems={{ default: 'alignItemsCenter' }}>
          <FlexItem>
            <Title headingLevel="h1">AMI bakes</Title>
          </FlexItem>
          {settings.data && head && (
            <FlexItem align={{ default: 'alignRight' }}>
              <RebuildButton commit={head.sha} workerTypes={[]} label={`Bake the head (${shortSha(head.sha)})`} variant="primary" />
            </FlexItem>
          )}
        </Flex>
        <p className="pf-v6-u-text-color-subtle">
          {settings.data ? (
            <>
              Builds of <code>{settings.data.job}</code> on {settings.data.controller}: a packer bake of every worker type when a commit changed packer/, otherwise the newest AMIs re-tagged.
            </>
          ) : (
            'No Jenkins controller in the config has a bake job (jenkins.controllers[].bake).'
          )}
        </p>
      </PageSection>
      <PageSection>
        <Toolbar clearAllFilters={() => { setText(''); update({ commit: '' }); }}>
          <ToolbarContent>
            <ToolbarItem>
              <SearchInput
                aria-label="Bakes of a commit"
                placeholder="Commit sha prefix"
                value={text}
                onChange={(_event, value) => setText(value)}
                onSearch={(_event, value) => update({ commit: value.trim().toLowerCase() })}
                onClear={() => {
                  setText('');
                  update({ commit: '' });
                }}
              />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        {bakes.isPending ? (
          <LoadingState what="the bakes" />
        ) : bakes.isError ? (
          <ErrorState what="the bakes" error={bakes.error} onRetry={() => void bakes.refetch()} />
        ) : bakes.data.items.length === 0 ? (
          <p className="pf-v6-u-p-md">{filter.commit ? `No bake of ${filter.commit} yet.` : 'No bake seen yet: the bake job is read every few seconds once a controller has one.'}</p>
        ) : (
          <BakesTable bakes={bakes.data.items} />
        )}
      </PageSection>
    </>
  );
}
