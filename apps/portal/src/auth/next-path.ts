/**
 * Where to go after signing in. Only a path on this portal is taken: `?next=https://evil.example`
 * or `//evil.example` would otherwise turn the sign-in page into an open redirect.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw === '/signin' || raw.startsWith('/signin?')) return '/';
  return raw;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInHref(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}
