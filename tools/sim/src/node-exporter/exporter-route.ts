import { type ServerResponse } from 'node:http';
import { answersInstead, delayOrDrop, deliver, type FaultInjector } from '../faults.ts';
import { type Route } from '../http.ts';
import { type World } from '../world/world.ts';
import { EXPOSITION_CONTENT_TYPE, renderExposition } from './exposition.ts';
import { nodeMetrics } from './node-metrics.ts';

export interface ExporterRouteOptions {
  world: World;
  faults: FaultInjector;
  /** Brings the world up to the clock before answering. */
  settle(): void;
}

const METRICS_PATH = /^\/node-exporter\/(i-[0-9a-f]+)\/metrics$/;

/**
 * Every node's node-exporter behind one loopback port, at `/node-exporter/<instance id>/metrics`:
 * Prometheus relabels each discovered instance to its path. A node whose exporter is not up (stopped,
 * or the instance still booting or shut down) drops the connection, so the scrape fails as it would.
 */
export function exporterRoute(options: ExporterRouteOptions): Route {
  return {
    matches: (request) => request.url.pathname.startsWith('/node-exporter/'),
    handle: async (request, response) => {
      const instanceId = METRICS_PATH.exec(request.url.pathname)?.[1];
      const instance = instanceId ? options.world.fleet.instances.get(instanceId) : undefined;
      if (!instanceId || !instance || request.method !== 'GET') return notFound(response);
      const fault = options.faults.take({ service: 'node-exporter', action: instanceId, onlyNamed: true });
      if (await delayOrDrop(fault, request)) return;
      if (answersInstead(fault)) return failed(response, fault.kind === 'error' ? (fault.status ?? 503) : fault.kind === 'throttle' ? 503 : 500);
      options.settle();
      const node = options.world.nodes.require(instanceId);
      if (!node.exporterAnswers) {
        request.raw.socket.destroy();
        return;
      }
      const baseOs = options.world.config.workerTypes.find((type) => type.key === instance.tags.get(options.world.config.tags.workerType))?.baseOs;
      const text = renderExposition(nodeMetrics(node, instance, baseOs, options.world.clock()));
      deliver(fault, response, 200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) }, text);
    },
  };
}

/** What Go's http.ServeMux answers for a path it has nothing at. */
function notFound(response: ServerResponse): void {
  const text = '404 page not found\n';
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function failed(response: ServerResponse, status: number): void {
  const text = `${status === 503 ? 'Service Unavailable' : 'Internal Server Error'}\n`;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
