/**
 * Configuration as Code resolves `${…}` in every value it applies (secrets, files, environment
 * variables: SecretSourceResolver), and its export writes a literal `${` as `^${`. A declared
 * value is data, so it is written escaped the same way and read back unescaped.
 */

function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  }
  return value;
}

/** SecretSourceResolver.encode: `${` → `^${`, for every string inside `value`. */
export function escapeCascValues(value: unknown): unknown {
  return mapStrings(value, (text) => text.replaceAll('${', '^${'));
}

/** The reverse, as JCasC's resolver reads an escaped `^${`. */
export function unescapeCascValues(value: unknown): unknown {
  return mapStrings(value, (text) => text.replaceAll('^${', '${'));
}
