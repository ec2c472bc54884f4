import { boundedText } from '../text/bounded-text.ts';

/** A value that survives JSON unchanged: what the journal and the audit trail store. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const SECRET_KEY = /pass(word|phrase)?|secret|token|credential|private[-_]?key|api[-_]?key|authorization|cookie/i;
export const REDACTED = '[redacted]';

/** Keeps the audit trail bounded when someone posts a huge body. */
const MAX_AUDIT_PARAMETERS_CHARS = 8_000;
const MAX_KEY_CHARS = 200;

/**
 * Turns any request input into JSON for the audit trail, with the values of secret-looking keys
 * replaced; inputs that are not JSON-like (functions, cycles) or too large are summarised.
 */
export function auditParameters(value: unknown): JsonValue {
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): JsonValue => {
    if (node === null || typeof node === 'boolean') return node;
    // NUL and lone surrogates cannot be stored in jsonb: cleaned like every other stored text.
    if (typeof node === 'string') return boundedText(node, MAX_AUDIT_PARAMETERS_CHARS);
    if (typeof node === 'number') return Number.isFinite(node) ? node : String(node);
    if (node instanceof Date) return node.toISOString();
    if (typeof node !== 'object' || depth > 8 || seen.has(node)) return `[${typeof node}]`;
    seen.add(node);
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [boundedText(key, MAX_KEY_CHARS), SECRET_KEY.test(key) ? REDACTED : walk(item, depth + 1)]),
    );
  };
  if (value === undefined) return {};
  const json = walk(value, 0);
  const size = JSON.stringify(json).length;
  return size > MAX_AUDIT_PARAMETERS_CHARS ? { truncated: true, sizeChars: size } : json;
}

/**
 * JSON with object keys sorted at every level, so the same facts always give the same text
 * (and the same fingerprint) whatever order they were built in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) => {
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      return Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return node;
  });
}
