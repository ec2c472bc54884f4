import { type AwsError } from './errors.ts';

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export interface PageRequest<T> {
  /** A key that orders the items and tells each apart; tokens carry the last one of a page. */
  key: (item: T) => string;
  token: string | undefined;
  /** Undefined: everything after the token. */
  size: number | undefined;
  /** The error this API answers a token it did not write with. */
  invalidToken: (token: string) => AwsError;
}

/**
 * One page of a list. Tokens name the last key of the previous page rather than an offset, so a
 * page never repeats or skips an item when others come or go between calls.
 */
export function paginate<T>(items: readonly T[], request: PageRequest<T>): Page<T> {
  const sorted = [...items].sort((a, b) => compare(request.key(a), request.key(b)));
  const after = request.token === undefined ? undefined : readToken(request.token, request.invalidToken);
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(request.key(item), after) > 0);
  const page = request.size === undefined ? rest : rest.slice(0, request.size);
  const last = page.at(-1);
  return { items: page, nextToken: last && page.length < rest.length ? writeToken(request.key(last)) : undefined };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function writeToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 1, after: lastKey })).toString('base64');
}

function readToken(token: string, invalid: (token: string) => AwsError): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'after' in parsed && typeof parsed.after === 'string') return parsed.after;
  } catch {
    // An unreadable token is as invalid as a well-formed one that says nothing.
  }
  throw invalid(token);
}

/** Newest first as a key that sorts ascending. */
export function newestFirst(time: Date, id: string): string {
  return `${String(9_999_999_999_999 - time.getTime()).padStart(13, '0')}/${id}`;
}
