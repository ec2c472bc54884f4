'use client';

import { Button, Flex, FlexItem, SearchInput, Switch, Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { AngleDownIcon, AngleUpIcon } from '@patternfly/react-icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '@/trpc/client';
import { errorMessage } from '@/trpc/errors';
import styles from './build-log.module.css';

/** Lines fetched at a time: a window of an hour-long log, never the whole of it. */
const PAGE_LINES = 500;
const LINE_HEIGHT = 20;
// Colours and cursor codes that ansible or packer may leave in the text.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

interface BuildLogProps {
  buildId: string;
  /** How many lines are stored so far. */
  total: number;
  /** The whole console is stored: there is no more to follow. */
  complete: boolean;
  /** What the log is of, for the viewer's label, e.g. "the console of bake #42". */
  label: string;
}

/**
 * A build's console, read from the portal's store a window at a time: only the lines in view (and
 * a page around them) are fetched, so an hour-long bake scrolls like a short one. While the build
 * runs it follows the end, until the reader scrolls up; search asks the server for the matching
 * lines and steps through them.
 */
export function BuildLog({ buildId, total, complete, label }: BuildLogProps) {
  const trpc = useTRPC();
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(!complete);
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);

  // The portal does not run the React Compiler; TanStack Virtual's functions are used as documented.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => LINE_HEIGHT, overscan: 40 });
  const items = virtualizer.getVirtualItems();
  const firstPage = items.length > 0 ? Math.floor(items[0]!.index / PAGE_LINES) : 0;
  const lastPage = items.length > 0 ? Math.floor(items.at(-1)!.index / PAGE_LINES) : 0;
  const pageNumbers = useMemo(() => Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i), [firstPage, lastPage]);
  const pages = useQueries({
    queries: pageNumbers.map((page) => {
      const from = page * PAGE_LINES;
      // A full page never changes again; the last one is asked for again as the log grows.
      const count = Math.max(1, Math.min(PAGE_LINES, total - from));
      return trpc.buildLogs.read.queryOptions({ id: buildId, from, count }, { staleTime: count === PAGE_LINES ? Infinity : 0, enabled: total > 0 });
    }),
  });
  const lineAt = (index: number): string | undefined => {
    const at = pageNumbers.indexOf(Math.floor(index / PAGE_LINES));
    return pages[at]?.data?.lines[index - Math.floor(index / PAGE_LINES) * PAGE_LINES];
  };
  const failedPage = pages.find((p) => p.isError);

  const search = useQuery(trpc.buildLogs.search.queryOptions({ id: buildId, query: submitted, limit: 500 }, { enabled: submitted !== '' }));
  const matches = useMemo(() => search.data?.matches ?? [], [search.data]);
  const current = matches[Math.min(matchIndex, matches.length - 1)];
  const matchLines = useMemo(() => new Set(matches.map((m) => m.line)), [matches]);

  useEffect(() => {
    if (follow && total > 0) virtualizer.scrollToIndex(total - 1, { align: 'end' });
  }, [follow, total, virtualizer]);
  useEffect(() => {
    if (current) {
      setFollow(false);
      virtualizer.scrollToIndex(current.line, { align: 'center' });
    }
  }, [current, virtualizer]);
  useEffect(() => {
    if (complete) setFollow(false);
  }, [complete]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element || complete) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight < LINE_HEIGHT * 2;
    if (!atEnd && follow) setFollow(false);
  };
  const step = (delta: number) => setMatchIndex((i) => (matches.length === 0 ? 0 : (i + delta + matches.length) % matches.length));
  const highlight = (text: string) => {
    if (!submitted) return text;
    const at = text.toLowerCase().indexOf(submitted.toLowerCase());
    if (at < 0) return text;
    return (
      <>
        {text.slice(0, at)}
        <mark>{text.slice(at, at + submitted.length)}</mark>
        {text.slice(at + submitted.length)}
      </>
    );
  };

  return (
    <div className={styles.log} data-testid="build-log">
      <Toolbar className={styles.toolbar}>
        <ToolbarContent>
          <ToolbarItem>
            <SearchInput
              aria-label={`Search ${label}`}
              placeholder="Search the log"
              value={query}
              onChange={(_event, value) => setQuery(value)}
              onSearch={() => {
                setSubmitted(query.trim());
                setMatchIndex(0);
              }}
              onClear={() => {
                setQuery('');
                setSubmitted('');
              }}
              resultsCount={submitted ? `${matches.length === 0 ? 0 : Math.min(matchIndex, matches.length - 1) + 1} / ${matches.length}${search.data?.more ? '+' : ''}` : undefined}
              onNextClick={() => step(1)}
              onPreviousClick={() => step(-1)}
            />
          </ToolbarItem>
          <ToolbarItem alignSelf="center">
            <Switch id={`follow-${buildId}`} label={complete ? 'Ended: nothing more to follow' : follow ? 'Following the end' : 'Paused: follow the end'} isChecked={follow} isDisabled={complete} onChange={(_event, on) => setFollow(on)} />
          </ToolbarItem>
          <ToolbarItem align={{ default: 'alignEnd' }} alignSelf="center">
            <Flex spaceItems={{ default: 'spaceItemsSm' }}>
              <FlexItem className="pf-v6-u-font-size-sm pf-v6-u-text-color-subtle">
                {total.toLocaleString('en')} lines{complete ? '' : ' so far'}
              </FlexItem>
              <Button variant="plain" aria-label="To the first line" icon={<AngleUpIcon />} onClick={() => { setFollow(false); virtualizer.scrollToIndex(0); }} />
              <Button variant="plain" aria-label="To the last line" icon={<AngleDownIcon />} onClick={() => virtualizer.scrollToIndex(Math.max(0, total - 1), { align: 'end' })} />
            </Flex>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {failedPage && <p className={styles.error}>Part of the log could not be read: {errorMessage(failedPage.error)}</p>}
      {search.isError && <p className={styles.error}>{errorMessage(search.error)}</p>}
      <div ref={scroller} className={styles.scroller} onScroll={onScroll} role="log" aria-label={label} aria-live="off" tabIndex={0}>
        {total === 0 ? (
          <p className={styles.empty}>{complete ? 'The build printed nothing.' : 'No console output yet: Jenkins has not started the build, or it has not printed a line.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const text = lineAt(item.index);
              const cls = [styles.line, matchLines.has(item.index) ? styles.match : '', current?.line === item.index ? styles.current : ''].join(' ');
              return (
                <div key={item.key} className={cls} style={{ transform: `translateY(${item.start}px)`, height: LINE_HEIGHT }} data-line={item.index + 1}>
                  <span className={styles.number} aria-hidden>
                    {item.index + 1}
                  </span>
                  <span className={styles.text}>{text === undefined ? '…' : highlight(text.replace(ANSI, ''))}</span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
