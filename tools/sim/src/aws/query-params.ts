import { AwsError, missingParameter } from './errors.ts';

/**
 * The parameters of a query-protocol request, where lists and structures are flattened into
 * numbered keys: `Filter.1.Name`, `Filter.1.Value.1`, `LaunchPermission.Add.2.UserId`.
 */
export class QueryParams {
  constructor(
    private readonly entries: ReadonlyMap<string, string>,
    private readonly prefix = '',
  ) {}

  static parse(body: string): QueryParams {
    const entries = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(body)) entries.set(key, value);
    return new QueryParams(entries);
  }

  has(name: string): boolean {
    return this.entries.has(this.prefix + name);
  }

  /** Whether the request gives `name` itself or any member of it (`name.…`). */
  present(name: string): boolean {
    const key = this.prefix + name;
    return [...this.entries.keys()].some((candidate) => candidate === key || candidate.startsWith(`${key}.`));
  }

  string(name: string): string | undefined {
    return this.entries.get(this.prefix + name);
  }

  required(name: string, label = name): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw missingParameter(label);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new AwsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected a boolean.`);
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) {
      throw new AwsError('InvalidParameterValue', `Value (${value}) for parameter ${name} is invalid. Expected an integer.`);
    }
    return Number(value);
  }

  /** `Name.1`, `Name.2`, … in index order. */
  list(name: string): string[] {
    return this.indices(name).flatMap((index) => {
      const value = this.string(`${name}.${index}`);
      return value === undefined ? [] : [value];
    });
  }

  /** The structures `Name.1.*`, `Name.2.*`, … each as its own view. */
  structures(name: string): QueryParams[] {
    return this.indices(name).map((index) => this.scope(`${name}.${index}`));
  }

  /** The members of one nested structure, e.g. `LaunchPermission` for `LaunchPermission.Add.1.UserId`. */
  scope(name: string): QueryParams {
    return new QueryParams(this.entries, `${this.prefix}${name}.`);
  }

  private indices(name: string): number[] {
    const pattern = new RegExp(`^${escapeRegExp(this.prefix + name)}\\.(\\d+)(\\.|$)`);
    const found = new Set<number>();
    for (const key of this.entries.keys()) {
      const match = pattern.exec(key);
      if (match) found.add(Number(match[1]));
    }
    return [...found].sort((a, b) => a - b);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
