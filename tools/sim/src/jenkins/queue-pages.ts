import { queueItemJson } from './job-json.ts';
import { errorPage, notFound, type JenkinsPage } from './jenkins-route.ts';

/** `/queue`: what waits to run, one item by id (for five minutes after it left), and cancelling one. */
export const queuePages: JenkinsPage[] = [
  {
    name: 'queue',
    method: 'GET',
    path: /^\/queue\/api\/json$/,
    permission: 'read',
    answer: ({ jobs, baseUrl }) => ({ status: 200, json: { _class: 'hudson.model.Queue', discoverableItems: [], items: jobs.queue.pending().map((item) => queueItemJson(item, jobs, baseUrl)) } }),
  },
  {
    name: 'queueItem',
    method: 'GET',
    path: /^\/queue\/item\/(\d+)\/api\/json$/,
    permission: 'read',
    answer: ({ world, jobs, match, baseUrl }) => {
      const item = jobs.queue.item(Number(match[1]), world.clock().getTime());
      return item ? { status: 200, json: queueItemJson(item, jobs, baseUrl) } : notFound();
    },
  },
  {
    name: 'queueItemIndex',
    method: 'GET',
    path: /^\/queue\/item\/(\d+)\/?$/,
    permission: 'read',
    answer: ({ world, jobs, match, url }) => {
      const item = jobs.queue.item(Number(match[1]), world.clock().getTime());
      const here = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
      return item ? { status: 200, text: `Queue item exists. For details check, for example, ${here}api/json?tree=cancelled,executable[url]` } : notFound();
    },
  },
  {
    // Queue.doCancelItem: 204 when cancelled; 422 without Job/Cancel; 404 for an id it does not know.
    name: 'cancelItem',
    method: 'POST',
    path: /^\/queue\/cancelItem$/,
    permission: 'read',
    answer: ({ world, jobs, url, form, caller }) => {
      const id = Number(url.searchParams.get('id') ?? form.get('id'));
      const known = Number.isSafeInteger(id) ? jobs.queue.item(id, world.clock().getTime()) : undefined;
      if (!known) return { status: 404, html: errorPage(404, 'Not Found', `Provided id (${id}) not found`) };
      if (!caller.user.admin) return { status: 422, html: errorPage(422, 'Unprocessable Entity', `Item for id (${id}) is not cancellable`) };
      const outcome = jobs.cancel(id);
      if (outcome === 'cancelled') return { status: 204 };
      return { status: 500, html: errorPage(500, 'Server Error', `Could not cancel run for id ${id}`) };
    },
  },
];
