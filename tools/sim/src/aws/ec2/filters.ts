import { AwsError } from '../errors.ts';
import { type QueryParams } from '../query-params.ts';

/** The values a resource offers to one filter; the caller's view of its tags comes along. */
export type FilterValues<T> = (item: T, tags: ReadonlyMap<string, string>) => string[];
export type FilterPredicate<T> = (item: T, tags: ReadonlyMap<string, string>) => boolean;

export const single =
  <T>(read: (item: T) => string | number | boolean | undefined): FilterValues<T> =>
  (item) => {
    const value = read(item);
    return value === undefined ? [] : [String(value)];
  };

/**
 * `Filter.N.Name` / `Filter.N.Value.M`: values of one filter are alternatives, filters all apply.
 * Besides the resource's own filters, every taggable EC2 resource knows tag:<key>, tag-key and tag-value;
 * lists of something else (instance statuses, zones) say `tags: false`.
 */
export function filterPredicates<T>(params: QueryParams, known: Record<string, FilterValues<T>>, options: { tags?: boolean } = {}): FilterPredicate<T>[] {
  const tags = options.tags ?? true;
  return params.structures('Filter').map((filter) => {
    const name = filter.string('Name') ?? '';
    const values = !tags ? known[name] : name.startsWith('tag:') ? tagValue<T>(name.slice(4)) : ((TAG_FILTERS as Record<string, FilterValues<T>>)[name] ?? known[name]);
    if (!values) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    const patterns = filter.list('Value').map(wildcard);
    return (item, tags) => values(item, tags).some((value) => patterns.some((pattern) => pattern.test(value)));
  });
}

const TAG_FILTERS: Record<string, FilterValues<unknown>> = {
  'tag-key': (_item, tags) => [...tags.keys()],
  'tag-value': (_item, tags) => [...tags.values()],
};

function tagValue<T>(key: string): FilterValues<T> {
  return (_item, tags) => {
    const value = tags.get(key);
    return value === undefined ? [] : [value];
  };
}

/** EC2's filter wildcards: `*` any run of characters, `?` exactly one, a backslash escapes either. */
export function wildcard(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += escapeRegExp(pattern[i] ?? '');
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
