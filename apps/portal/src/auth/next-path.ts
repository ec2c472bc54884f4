/** Control characters (which browsers drop or read as separators) and backslashes (which they read as slashes). */
function isUnsafe(character: string): boolean {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f || character === '\\';
}

/** Any origin will do: only whether a path stays on it matters. */
const HERE = 'http://portal.invalid';

/**
 * Where to go after signing in. Only a path on this portal is taken: `?next=https://evil.example`,
 * `//evil.example` or `/%09/evil.example` (browsers drop tabs and line breaks, which makes it
 * `//evil.example`) would otherwise turn the sign-in page into an open redirect. The path is read
 * as the browser's own URL parser reads it, and the parsed path is what is returned.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || [...raw].some(isUnsafe)) return '/';
  let url: URL;
  try {
    url = new URL(raw, HERE);
  } catch {
    return '/';
  }
  if (url.origin !== HERE || url.pathname.startsWith('//')) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.pathname === '/signin') return '/';
  return path;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInHref(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}
