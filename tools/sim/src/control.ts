import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { type CallLog } from './aws/call-log.ts';
import { cloudControl } from './cloud-control.ts';
import { faultSpecSchema, type FaultInjector } from './faults.ts';
import { sendJson, type HttpRequest, type Route } from './http.ts';
import { type World } from './world/world.ts';

/**
 * The simulator's own endpoints, under `/_sim`, for tests and SREs:
 * `POST /_sim/faults` (JSON fault spec) injects, `GET` lists pending faults, `DELETE` clears them;
 * `GET /_sim/clock` tells the world's time and `POST /_sim/clock` `{"advanceMs": n}` moves it on;
 * `POST /_sim/jenkins/bake-failures` `{"workerType", "task"?, "message"?}` makes the next bake of a
 * worker type fail; `POST /_sim/jenkins/jobs/<name>/disable` (or `enable`) toggles a job;
 * `/_sim/jenkins/controllers/<controller>/clouds[/<cloud>]` shows, changes by hand and removes
 * a controller's clouds (cloud-control.ts);
 * `GET /_sim/aws-calls` counts the AWS requests received by account, region, service and action
 * (`?account=`, `?action=` narrow it) and `DELETE` starts the count again.
 */
export function controlRoute(faults: FaultInjector, world?: World, calls?: CallLog): Route {
  return {
    matches: (request) => request.url.pathname.startsWith('/_sim/'),
    handle: async (request, response) => {
      const { pathname } = request.url;
      if (pathname === '/_sim/health' && request.method === 'GET') return sendJson(response, 200, { ok: true });
      if (world && pathname.startsWith('/_sim/clock')) return clock(world, request, response);
      if (world && pathname.startsWith('/_sim/jenkins/controllers/')) return cloudControl(world, request, response, () => jsonBody(request, response, '{"maxSize":4}'));
      if (world && pathname.startsWith('/_sim/jenkins/')) return jenkins(world, request, response);
      if (calls && pathname === '/_sim/aws-calls') return awsCalls(calls, request, response);
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
  const body = jsonBody(request, response, '{"kind":"throttle","count":2,"action":"DescribeImages"}');
  if (body === undefined) return;
  const spec = faultSpecSchema.safeParse(body);
  if (!spec.success) return sendJson(response, 400, { error: z.prettifyError(spec.error) });
  sendJson(response, 201, { fault: faults.inject(spec.data) });
}

function awsCalls(calls: CallLog, request: HttpRequest, response: ServerResponse): void {
  if (request.method === 'DELETE') {
    calls.clear();
    return sendJson(response, 200, { calls: [], total: 0 });
  }
  if (request.method !== 'GET') return sendJson(response, 405, { error: 'use GET or DELETE on /_sim/aws-calls' });
  const query = request.url.searchParams;
  const filter = { accountId: query.get('account') ?? undefined, region: query.get('region') ?? undefined, action: query.get('action') ?? undefined };
  sendJson(response, 200, { calls: calls.list(filter), total: calls.total(filter) });
}

const advanceSchema = z.strictObject({ advanceMs: z.number().int().min(0).max(30 * 86_400_000) });

function clock(world: World, request: HttpRequest, response: ServerResponse): void {
  if (request.url.pathname !== '/_sim/clock') return sendJson(response, 404, { error: `nothing at ${request.url.pathname}` });
  if (request.method === 'GET') return sendJson(response, 200, { now: world.clock().toISOString() });
  if (request.method !== 'POST') return sendJson(response, 405, { error: 'use GET or POST on /_sim/clock' });
  const body = jsonBody(request, response, '{"advanceMs":60000}');
  if (body === undefined) return;
  const parsed = advanceSchema.safeParse(body);
  if (!parsed.success) return sendJson(response, 400, { error: z.prettifyError(parsed.error) });
  world.advance(parsed.data.advanceMs);
  sendJson(response, 200, { now: world.clock().toISOString() });
}

const bakeFailureSchema = z.strictObject({ workerType: z.string().min(1), task: z.string().min(1).optional(), message: z.string().min(1).optional() });

function jenkins(world: World, request: HttpRequest, response: ServerResponse): void {
  const { pathname } = request.url;
  if (request.method !== 'POST') return sendJson(response, 405, { error: `use POST on ${pathname}` });
  const toggle = /^\/_sim\/jenkins\/jobs\/([^/]+)\/(disable|enable)$/.exec(pathname);
  if (toggle) {
    const name = decodeURIComponent(toggle[1] ?? '');
    if (!world.jenkins.job(name)) return sendJson(response, 404, { error: `no job ${name}` });
    if (toggle[2] === 'disable') world.jenkins.disable(name);
    else world.jenkins.enable(name);
    return sendJson(response, 200, { name, disabled: toggle[2] === 'disable' });
  }
  if (pathname !== '/_sim/jenkins/bake-failures') return sendJson(response, 404, { error: `nothing at ${pathname}` });
  const body = jsonBody(request, response, '{"workerType":"rhel8-gpu","task":"Install the JDK"}');
  if (body === undefined) return;
  const parsed = bakeFailureSchema.safeParse(body);
  if (!parsed.success) return sendJson(response, 400, { error: z.prettifyError(parsed.error) });
  if (!world.config.workerTypes.some((type) => type.key === parsed.data.workerType)) return sendJson(response, 400, { error: `no worker type ${parsed.data.workerType} in the fleet config` });
  world.jenkins.failBakeOf(parsed.data.workerType, parsed.data);
  sendJson(response, 201, { failNext: parsed.data });
}

function jsonBody(request: HttpRequest, response: ServerResponse, example: string): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    sendJson(response, 400, { error: `the body must be JSON, e.g. ${example}` });
    return undefined;
  }
}
