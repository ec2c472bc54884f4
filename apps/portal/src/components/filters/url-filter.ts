'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/** How one page's filter is read from and written to the address. Declare it once, at module level. */
export interface UrlFilterCodec<F> {
  read(params: Pick<URLSearchParams, 'get' | 'getAll'>): F;
  /** Only what differs from the defaults, so a plain page has a plain address. */
  write(filter: F): URLSearchParams;
  /** What "Clear all filters" sets. */
  cleared: Partial<F>;
  isFiltered(filter: F): boolean;
  /** `push`: the back button returns to the previous filter; `replace`: one history entry per page. */
  history: 'push' | 'replace';
  /** Adjusts every change before it is written, e.g. a new filter starts again at page 1. */
  adjust?(change: Partial<F>): Partial<F>;
}

/**
 * A page's filter, sort and page live in the URL, so a view can be shared as a link and survives a
 * reload. The native history API updates useSearchParams without a server round trip: the rows
 * come from tRPC, the page itself does not change with the filter.
 */
export function useUrlFilter<F>(codec: UrlFilterCodec<F>) {
  const params = useSearchParams();
  const pathname = usePathname();
  const filter = useMemo(() => codec.read(params), [codec, params]);

  const update = useCallback(
    (change: Partial<F>) => {
      const text = codec.write({ ...filter, ...(codec.adjust?.(change) ?? change) }).toString();
      const url = `${pathname}${text ? `?${text}` : ''}`;
      if (codec.history === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [codec, filter, pathname],
  );

  const clearAll = useCallback(() => update(codec.cleared), [codec, update]);
  return { filter, update, clearAll, isFiltered: codec.isFiltered(filter) };
}

/** Adds or removes one value of a multi-select. */
export function toggled<T extends string>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/** The values of `name` that are one of `allowed`, in the order given. */
export function oneOf<T extends string>(allowed: readonly T[], values: readonly string[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}
