'use client';

import {
  Pagination,
  SearchInput,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarGroup,
  ToolbarItem,
  ToolbarToggleGroup,
} from '@patternfly/react-core';
import { FilterIcon } from '@patternfly/react-icons';
import { useEffect, useRef, useState } from 'react';
import { MultiSelectFilter } from '@/components/filters/MultiSelectFilter';
import type { FleetSettings } from '@/trpc/types';
import { type LineageFilter, PER_PAGE_OPTIONS } from './useLineageFilter';

interface LineageToolbarProps {
  filter: LineageFilter;
  settings: FleetSettings | undefined;
  total: number | undefined;
  isFetching: boolean;
  update: (change: Partial<LineageFilter>) => void;
  clearAll: () => void;
}

// Long enough that a person typing a sha does not reload the grid on every key.
const SEARCH_DELAY_MS = 300;

function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  if (value !== lastValue) {
    // The URL changed under us (clear all, back button): show what it says.
    setLastValue(value);
    setText(value);
  }
  // The page re-renders on every refresh; a ref keeps those renders from restarting the delay.
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onSearchRef.current(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <SearchInput
      aria-label="Search by commit sha prefix or AMI id"
      placeholder="sha prefix or AMI id"
      value={text}
      onChange={(_event, next) => setText(next)}
      onSearch={(_event, next) => onSearch(next.trim())}
      onClear={() => {
        setText('');
        onSearch('');
      }}
    />
  );
}

export function LineageToolbar({ filter, settings, total, isFetching, update, clearAll }: LineageToolbarProps) {
  const workerTypeOptions = (settings?.workerTypes ?? []).map((w) => ({ value: w.key, description: `${w.baseOs} × ${w.role}` }));
  const baseOsOptions = (settings?.baseOses ?? []).map((b) => ({ value: b }));
  return (
    <Toolbar clearAllFilters={clearAll} collapseListedFiltersBreakpoint="xl" clearFiltersButtonText="Clear all filters">
      <ToolbarContent>
        <ToolbarToggleGroup toggleIcon={<FilterIcon />} breakpoint="xl">
          <ToolbarItem>
            <SearchBox value={filter.q} onSearch={(q) => update({ q })} />
          </ToolbarItem>
          <ToolbarGroup variant="filter-group">
            <MultiSelectFilter category="Worker type" options={workerTypeOptions} selected={filter.workerTypes} onChange={(workerTypes) => update({ workerTypes })} />
            <MultiSelectFilter category="Base OS" options={baseOsOptions} selected={filter.baseOs} onChange={(baseOs) => update({ baseOs })} />
          </ToolbarGroup>
        </ToolbarToggleGroup>
        {isFetching && (
          <ToolbarItem alignSelf="center">
            <Spinner size="md" aria-label="Loading the lineage for this filter" />
          </ToolbarItem>
        )}
        <ToolbarItem variant="pagination" align={{ default: 'alignEnd' }}>
          <Pagination
            itemCount={total ?? 0}
            page={filter.page}
            perPage={filter.perPage}
            perPageOptions={PER_PAGE_OPTIONS.map((n) => ({ title: String(n), value: n }))}
            onSetPage={(_event, page) => update({ page, perPage: filter.perPage })}
            onPerPageSelect={(_event, perPage) => update({ perPage })}
            titles={{ items: 'commits', page: 'page' }}
            isCompact
          />
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}
