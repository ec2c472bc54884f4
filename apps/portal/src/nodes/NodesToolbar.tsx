'use client';

import {
  Button,
  Checkbox,
  MenuToggle,
  type MenuToggleElement,
  Pagination,
  Select,
  SelectList,
  SelectOption,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarFilter,
  ToolbarGroup,
  ToolbarItem,
  ToolbarToggleGroup,
} from '@patternfly/react-core';
import { FilterIcon, SortAmountDownIcon, SortAmountUpIcon } from '@patternfly/react-icons';
import { type Ref, useState } from 'react';
import { ExactFilterInput } from '@/components/filters/ExactFilterInput';
import { MultiSelectFilter } from '@/components/filters/MultiSelectFilter';
import type { NodeFacets } from '@/trpc/types';
import { STATUSES_WORST_FIRST } from './NodeStatusLabel';
import styles from './nodes.module.css';
import { AGENT_WORDS, reasonWords } from './reason-words';
import { currentSort } from './NodesTable';
import { type ListFilterKey, type NodeFilter, type NodeSort, PAGE_SIZES } from './useNodeFilter';

type FacetCounts = { value: string; count: number }[];

const nodes = (n: number) => `${n} ${n === 1 ? 'node' : 'nodes'}`;

/** The values to offer: every value with nodes under the other filters, and the chosen ones even with none. */
function optionsOf(counts: FacetCounts, selected: string[], words: (value: string) => string | null, fixed?: string[]) {
  const values = fixed ?? [...new Set([...counts.map((c) => c.value), ...selected])];
  return values.map((value) => {
    const count = counts.find((c) => c.value === value)?.count ?? 0;
    const word = words(value);
    return { value, description: word ? `${word} · ${nodes(count)}` : nodes(count) };
  });
}

interface FilterSpec {
  key: ListFilterKey;
  category: string;
  counts: (facets: NodeFacets) => FacetCounts;
  words: (value: string) => string | null;
  fixed?: string[];
}

const FILTERS: FilterSpec[] = [
  { key: 'status', category: 'Status', counts: (f) => f.statuses, words: () => null, fixed: STATUSES_WORST_FIRST },
  { key: 'reason', category: 'Reason', counts: (f) => f.reasons, words: reasonWords },
  { key: 'workerType', category: 'Worker type', counts: (f) => f.workerTypes, words: () => null },
  { key: 'agent', category: 'Agent', counts: (f) => f.agents, words: (v) => AGENT_WORDS[v] ?? null, fixed: Object.keys(AGENT_WORDS) },
  { key: 'lifecycleState', category: 'Lifecycle', counts: (f) => f.lifecycleStates, words: () => null },
  { key: 'asgName', category: 'Group', counts: (f) => f.asgs, words: () => null },
  { key: 'availabilityZone', category: 'AZ', counts: (f) => f.availabilityZones, words: () => null },
];

const SORT_WORDS: Record<NodeSort, string> = {
  status: 'Status',
  statusSince: 'Status since',
  instanceId: 'Instance id',
  workerType: 'Worker type',
  asgName: 'Group',
  availabilityZone: 'Availability zone',
  launchTime: 'Launch time',
  lifecycleState: 'Auto Scaling lifecycle',
  ec2Status: 'EC2 instance check',
  agent: 'Agent offline since',
  busyExecutors: 'Busy executors',
  diskUsedPercent: 'Disk used',
  inodesUsedPercent: 'Inodes used',
  loadPerCore: 'Load per core',
  memoryAvailablePercent: 'Memory available',
  diskFullInHours: 'Disk full in',
};

/** Every order the API knows, also those without a column of their own. */
function SortBy({ filter, update }: { filter: NodeFilter; update: NodesToolbarProps['update'] }) {
  const [isOpen, setIsOpen] = useState(false);
  const { key, direction } = currentSort(filter);
  const toggle = (ref: Ref<MenuToggleElement>) => (
    <MenuToggle ref={ref} onClick={() => setIsOpen((open) => !open)} isExpanded={isOpen} aria-label="Sort by" style={{ minWidth: '12rem' }}>
      Sort by: {SORT_WORDS[key]}
    </MenuToggle>
  );
  return (
    <>
      <Select
        isOpen={isOpen}
        selected={key}
        onSelect={(_event, value) => {
          update({ sort: value as NodeSort, direction: null });
          setIsOpen(false);
        }}
        onOpenChange={setIsOpen}
        toggle={toggle}
      >
        <SelectList aria-label="Sort by">
          {(Object.keys(SORT_WORDS) as NodeSort[]).map((sort) => (
            <SelectOption key={sort} value={sort}>
              {SORT_WORDS[sort]}
            </SelectOption>
          ))}
        </SelectList>
      </Select>
      <Button
        variant="plain"
        onClick={() => update({ sort: key, direction: direction === 'asc' ? 'desc' : 'asc' })}
        aria-label={`Sorted ${direction === 'asc' ? 'ascending' : 'descending'}; reverse the order`}
        title={direction === 'asc' ? 'ascending: click for descending' : 'descending: click for ascending'}
        icon={direction === 'asc' ? <SortAmountUpIcon /> : <SortAmountDownIcon />}
      />
    </>
  );
}

interface NodesToolbarProps {
  filter: NodeFilter;
  facets: NodeFacets | undefined;
  total: number;
  isFetching: boolean;
  update: (change: Partial<NodeFilter>) => void;
  clearAll: () => void;
}

export function NodesToolbar({ filter, facets, total, isFetching, update, clearAll }: NodesToolbarProps) {
  const pagination = (
    <Pagination
      itemCount={total}
      page={filter.page}
      perPage={filter.perPage}
      perPageOptions={PAGE_SIZES.map((n) => ({ title: String(n), value: n }))}
      onSetPage={(_event, page) => update({ page })}
      onPerPageSelect={(_event, perPage) => update({ perPage })}
      isCompact
      titles={{ paginationAriaLabel: 'Pages of nodes' }}
    />
  );
  return (
    <Toolbar clearAllFilters={clearAll} collapseListedFiltersBreakpoint="xl" clearFiltersButtonText="Clear all filters">
      <ToolbarContent>
        <ToolbarToggleGroup toggleIcon={<FilterIcon />} breakpoint="xl" className={styles.wrap}>
          <ToolbarGroup variant="filter-group" className={styles.wrap}>
            <ToolbarFilter categoryName="Search" labels={filter.search ? [filter.search] : []} deleteLabel={() => update({ search: '' })}>
              <ExactFilterInput value={filter.search} category="instance id, AMI, IP or commit" placeholder="Id, AMI, IP or commit sha" onApply={(search) => update({ search })} />
            </ToolbarFilter>
            {FILTERS.map((spec) => {
              const selected: string[] = filter[spec.key];
              return (
                <MultiSelectFilter
                  key={spec.key}
                  category={spec.category}
                  options={optionsOf(facets ? spec.counts(facets) : [], selected, spec.words, spec.fixed)}
                  selected={selected}
                  onChange={(values) => update({ [spec.key]: values })}
                />
              );
            })}
            <ToolbarFilter categoryName="Show" labels={filter.includeGone ? ['nodes that left'] : []} deleteLabel={() => update({ includeGone: false })}>
              <Checkbox
                id="nodes-include-gone"
                label="Include nodes that left"
                isChecked={filter.includeGone}
                onChange={(_event, includeGone) => update({ includeGone })}
                className="pf-v6-u-align-self-center"
              />
            </ToolbarFilter>
          </ToolbarGroup>
        </ToolbarToggleGroup>
        <ToolbarGroup>
          <SortBy filter={filter} update={update} />
        </ToolbarGroup>
        {isFetching && (
          <ToolbarItem alignSelf="center">
            <Spinner size="md" aria-label="Loading the nodes for this filter" />
          </ToolbarItem>
        )}
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          {pagination}
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
