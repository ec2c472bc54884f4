import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultSpecSchema, type FaultInjector } from './faults.ts';
import { sendJson, type HttpRequest, type Route } from './http.ts';

/**
 * The simulator's own endpoints, under `/_sim`, for tests and SREs:
 * `POST /_sim/faults` (JSON fault spec) injects, `GET` lists pending faults, `DELETE` clears them.
 */
export function controlRoute(faults: FaultInjector): Route {
  return {
    matches: (request) => request.url.pathname.startsWith('/_sim/'),
    handle: async (request, response) => {
      const { pathname } = request.url;
      if (pathname === '/_sim/health' && request.method === 'GET') return sendJson(response, 200, { ok: true });
      if (pathname !== '/_sim/faults') return sendJson(response, 404, { error: `nothing at ${pathname}` });
      switch (request.method) {
        case 'GET':
          return sendJson(response, 200, { faults: faults.pending() });
        case 'DELETE':
          faults.clear();
          return sendJson(response, 200, { faults: [] });
        case 'POST':
          return injectFault(faults, request, response);
        default:
          return sendJson(response, 405, { error: 'use GET, POST or DELETE on /_sim/faults' });
      }
    },
  };
}

function injectFault(faults: FaultInjector, request: HttpRequest, response: ServerResponse): void {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return sendJson(response, 400, { error: 'the body must be JSON, e.g. {"kind":"throttle","count":2,"action":"DescribeImages"}' });
  }
  const spec = faultSpecSchema.safeParse(body);
  if (!spec.success) return sendJson(response, 400, { error: z.prettifyError(spec.error) });
  sendJson(response, 201, { fault: faults.inject(spec.data) });
}
