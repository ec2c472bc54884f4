/**
 * What the tRPC endpoint refuses before any procedure runs: requests another site's page could
 * make a signed-in browser send, bodies too large to read, batches too large to answer.
 */
export const ENDPOINT_LIMITS = {
  /** The largest request body read: a guarded action's request is a few kilobytes. */
  maxBodyBytes: 256 * 1024,
  /** Procedures in one batched request; the portal's client batches at most `CLIENT_BATCH_ITEMS`. */
  maxBatchSize: 16,
} as const;

export interface PerimeterRefusal {
  status: 400 | 403 | 413 | 415;
  code: 'cross-site-request' | 'not-json' | 'body-too-large' | 'batch-too-large';
  message: string;
}

/** The procedures a request names: `/api/trpc/a.b,c.d` is a batch of two. */
export function proceduresOf(url: URL, endpoint: string): string[] {
  const rest = url.pathname.startsWith(`${endpoint}/`) ? url.pathname.slice(endpoint.length + 1) : '';
  return rest === '' ? [] : rest.split(',');
}

/**
 * A mutation must come from the portal's own pages: browsers send Origin (and Sec-Fetch-Site) with
 * every POST, so a request that names another origin, or `null`, is another site's doing. Clients
 * outside a browser send neither and are left to the guard, which needs a signed-in user anyway.
 * The portal's own host is the one the browser asked for (Host, or X-Forwarded-Host behind a
 * proxy): a page elsewhere can make a browser send neither header with a value of its choosing.
 */
export function crossSiteRefusal(req: Request): PerimeterRefusal | null {
  const fetchSite = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  const hosts = [req.headers.get('host'), req.headers.get('x-forwarded-host'), new URL(req.url).host].filter((host): host is string => Boolean(host));
  const own = hosts[0] ?? '';
  let foreign = fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none';
  if (origin !== null) {
    try {
      foreign ||= !hosts.includes(new URL(origin).host);
    } catch {
      foreign = true;
    }
  }
  return foreign
    ? { status: 403, code: 'cross-site-request', message: `a change to the portal must come from the portal’s own pages (${origin ?? fetchSite ?? 'unknown origin'} is not ${own})` }
    : null;
}

/** Mutations take JSON only: a form another site submits cannot set this content type without the browser asking first. */
export function contentTypeRefusal(req: Request): PerimeterRefusal | null {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' ? null : { status: 415, code: 'not-json', message: `mutations take application/json, not ${type || 'a body without a content type'}` };
}

export function batchRefusal(procedures: readonly string[], maxBatchSize: number): PerimeterRefusal | null {
  return procedures.length > maxBatchSize
    ? { status: 400, code: 'batch-too-large', message: `a request may ask for at most ${maxBatchSize} procedures at once, not ${procedures.length}` }
    : null;
}

function tooLarge(maxBytes: number): PerimeterRefusal {
  return { status: 413, code: 'body-too-large', message: `the request body is larger than ${Math.round(maxBytes / 1024)} kB` };
}

/**
 * The body, read up to `maxBytes` and no further: a declared Content-Length over the limit is
 * refused unread, and a body streamed without one is cut off as soon as it passes the limit.
 */
export async function readBoundedBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | PerimeterRefusal> {
  const declared = Number(req.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const TRPC_CODE = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' } as const;

/** A refusal in tRPC's error envelope, so the portal's client shows its message like any other error. */
export function refusalResponse(refusal: PerimeterRefusal): Response {
  return Response.json(
    { error: { json: { message: refusal.message, code: -32600, data: { code: TRPC_CODE[refusal.status], httpStatus: refusal.status, perimeter: refusal.code, guard: null } } } },
    { status: refusal.status },
  );
}
