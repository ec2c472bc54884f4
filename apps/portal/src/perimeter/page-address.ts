/**
 * Whether every segment of a path decodes as UTF-8: `/asgs/%E0%A4%A`, `/nodes/%` or `/amis/%ZZ`
 * cannot name anything, and are answered 400 before any page tries to read them.
 */
export function pathDecodes(pathname: string): boolean {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * A dynamic segment as the page should use it. Next.js hands pages the segment encoded once more;
 * a value that does not decode is taken as it is, so a page can say "no such group" instead of failing.
 */
export function pageParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const BAD_ADDRESS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not a valid address</title></head>
<body style="font-family: sans-serif; margin: 3rem"><h1>This address is not valid</h1>
<p>Part of it is not correctly percent-encoded, so it cannot name a page. <a href="/">Go to the overview</a>.</p></body></html>`;
