/**
 * How data travels into a Script Console script without ever being code: one JSON document in one
 * Groovy single-quoted string literal.
 *
 * Jenkins runs Groovy 2.4, whose parser turns every `\uXXXX` anywhere in the source into its
 * character before it reads a single token (org.codehaus.groovy.antlr.UnicodeEscapingReader), as
 * Java does. A `\u0027` written for a quote would therefore end the literal. So the escaping is
 * done in JSON instead: every character outside printable ASCII, and `'` and `$`, becomes a JSON
 * `\uXXXX` escape, which JsonSlurper decodes. The literal then only has to double each backslash:
 * every backslash in it is one of an even run, which neither Groovy 2.4's pre-reader nor Groovy
 * 3+'s escape handling (StringUtils.replaceHexEscapes counts the backslashes before `\u`) reads as
 * the start of a unicode escape.
 */

const UNSAFE_IN_LITERAL = /[^\x20-\x7e]|['$]/g;

/** JSON text made only of printable ASCII, without `'` or `$`. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_LITERAL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Java's class file keeps a string constant in at most 65535 bytes; Groovy 2.4 refuses longer literals. */
export const GROOVY_STRING_CONSTANT_LIMIT = 65_535;

/** `'…'` holding the JSON text of `value` exactly, as Groovy reads it. */
export function groovyJsonLiteral(value: unknown): string {
  const json = asciiJson(value);
  return `'${json.replaceAll('\\', '\\\\')}'`;
}
