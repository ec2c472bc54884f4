/**
 * Shell-like name patterns for actions and targets in the config: `*` is any run of characters
 * (also none), `?` is one character, everything else stands for itself. No character classes:
 * ASG names and action names never need them, and fewer rules are easier to review.
 */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

export function globMatches(pattern: string, name: string): boolean {
  return globToRegExp(pattern).test(name);
}

export function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => globMatches(pattern, name));
}

/**
 * How narrowly a pattern picks names: more literal characters is narrower, then fewer wildcards.
 * `ci-int-*-prod*` (12 literal) beats `ci-int-*` (7), which beats `*` (0).
 */
export function globSpecificity(pattern: string): [literal: number, wildcards: number] {
  const wildcards = [...pattern].filter((char) => char === '*' || char === '?').length;
  return [pattern.length - wildcards, wildcards];
}

/** Negative when `a` is more specific than `b`, for sorting the most specific first. */
export function compareSpecificity(a: string, b: string): number {
  const [literalA, wildA] = globSpecificity(a);
  const [literalB, wildB] = globSpecificity(b);
  return literalB - literalA || wildA - wildB;
}
