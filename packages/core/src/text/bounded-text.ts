import { z } from 'zod';

/**
 * Characters no stored or shown text may hold: C0 controls but tab, line feed and carriage return
 * (NUL above all: PostgreSQL refuses it in text and in jsonb), DEL, C1 controls, and the
 * bidirectional overrides that make a line read differently from what it holds.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;
/** A UTF-16 half without its other half: it has no UTF-8 form, so it cannot be stored faithfully. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  LONE_SURROGATE.lastIndex = 0;
  return UNSAFE.test(text) || LONE_SURROGATE.test(text);
}

/**
 * Text from a person or a remote source made fit to store and show: unsafe characters become
 * U+FFFD (so a reviewer sees that something was there), and text over `maxChars` is cut with a
 * note of how much was left out, so a 1 MB reason is kept as its first lines, not refused.
 */
export function boundedText(text: string, maxChars: number): string {
  const clean = text.replace(UNSAFE, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  if (clean.length <= maxChars) return clean;
  const note = ` … [${clean.length - maxChars} more characters not kept]`;
  const kept = clean.slice(0, Math.max(0, maxChars - note.length));
  // Never end on the first half of a surrogate pair.
  return (/[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept) + note;
}

/** `boundedText` for optional values. */
export function boundedOptionalText(text: string | null | undefined, maxChars: number): string | null {
  return text === null || text === undefined ? null : boundedText(text, maxChars);
}

/**
 * A string a person sends (a filter, a reason, a user name): at most `maxChars`, and refused when
 * it holds control characters or broken UTF-16, with a message that says so rather than quoting it.
 */
export function personText(maxChars: number, minChars = 0) {
  return z
    .string()
    .min(minChars, minChars === 1 ? 'must not be empty' : `at least ${minChars} characters`)
    .max(maxChars, `at most ${maxChars} characters`)
    .refine((text) => !hasUnsafeCharacters(text), 'must not contain control characters (NUL, escape codes, direction overrides)');
}

/**
 * Where in a request's input a string holds unsafe characters (`filter.user`, `[2]`), or null: a
 * net under every read, so a schema that forgot `personText` still cannot hand NUL to the database.
 */
export function unsafeTextPath(value: unknown, path = 'input', depth = 0): string | null {
  if (typeof value === 'string') return hasUnsafeCharacters(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 16) return null;
  for (const [key, item] of Object.entries(value)) {
    if (hasUnsafeCharacters(key)) return `${path} (a key)`;
    const found = unsafeTextPath(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}
