import { randomBytes } from 'node:crypto';
import { type ServerResponse } from 'node:http';
import { answersInstead, delayOrDrop, deliver, type Fault, type FaultInjector } from '../faults.ts';
import { type HttpRequest, type Route } from '../http.ts';
import { type JenkinsController } from '../world/jenkins/controller.ts';
import { type SimulatedJenkins } from '../world/jenkins/simulated-jenkins.ts';
import { type World } from '../world/world.ts';
import { parseTree, pruneToTree, TreeSyntaxError } from './api-tree.ts';
import { type Json } from './computer-json.ts';
import { type Caller, type JenkinsAuth } from './jenkins-auth.ts';

export const JENKINS_VERSION = '2.462.3';

export interface PageContext {
  match: RegExpExecArray;
  url: URL;
  /** A POST's form body; Jenkins reads parameters from it as from the query. */
  form: URLSearchParams;
  /** The raw body, for the endpoints that read it whole (Configuration as Code's check and apply). */
  body: Buffer;
  caller: Caller & { kind: 'user' };
  world: World;
  /** The controller this server is. */
  controller: SimulatedJenkins;
  /** Its jobs, queue and builds. */
  jobs: JenkinsController;
  auth: JenkinsAuth;
  /** The controller's root URL as the client reached it, for the URLs Jenkins writes into answers. */
  baseUrl: string;
  depth: number;
}

export interface JenkinsAnswer {
  status: number;
  json?: Json;
  html?: string;
  /** text/plain, as consoleText and progressiveText answer. */
  text?: string;
  headers?: Record<string, string>;
}

/** One URL of the controller: its name is what a fault's `action` names. */
export interface JenkinsPage {
  name: string;
  /** `ANY`: GET, HEAD or POST, as progressiveText takes. */
  method: 'GET' | 'POST' | 'ANY';
  path: RegExp;
  /** Overall/Read; Computer/Disconnect to take agents offline; Job/Build and Job/Cancel to start and stop builds; Overall/Administer for the Script Console. */
  permission: Permission;
  answer(context: PageContext): JenkinsAnswer;
}

export interface JenkinsRouteOptions {
  world: World;
  controller: SimulatedJenkins;
  auth: JenkinsAuth;
  faults: FaultInjector;
  pages: readonly JenkinsPage[];
  settle(): void;
}

const TREE_DEPTH = 10;
const PERMISSIONS = {
  read: { id: 'hudson.model.Hub.Read', title: 'Overall/Read' },
  disconnect: { id: 'hudson.model.Computer.Disconnect', title: 'Agent/Disconnect' },
  build: { id: 'hudson.model.Item.Build', title: 'Job/Build' },
  cancel: { id: 'hudson.model.Item.Cancel', title: 'Job/Cancel' },
  administer: { id: 'hudson.model.Hudson.Administer', title: 'Overall/Administer' },
} as const;
export type Permission = keyof typeof PERMISSIONS;

/**
 * A secured Jenkins controller: every answer carries X-Jenkins; anonymous callers get 403 with the
 * permission headers, a bad token 401, a POST without API token or crumb 403; `?tree=` prunes JSON;
 * injected faults (service `jenkins`) answer 503/500, hang or drop the connection.
 */
export function jenkinsRoute(options: JenkinsRouteOptions): Route {
  const session = randomBytes(4).toString('hex');
  return {
    matches: () => true,
    handle: async (request, response) => {
      response.setHeader('X-Jenkins', options.controller.spec.jenkinsVersion ?? JENKINS_VERSION);
      response.setHeader('X-Jenkins-Session', session);
      const found = findPage(options.pages, request.url.pathname);
      if (!found) return send(request, response, notFound());
      const fault = options.faults.take({ service: 'jenkins', action: found.page.name, onlyNamed: true });
      if (await delayOrDrop(fault, request)) return;
      if (fault?.kind === 'error' && fault.status === 302) return send(request, response, loginRedirect(request.url));
      if (answersInstead(fault)) return send(request, response, failure(fault.kind === 'internal-error' ? 500 : fault.kind === 'error' ? (fault.status ?? 503) : 503, fault.message));
      send(request, response, answer(options, found, request), fault);
    },
  };
}

function answer(options: JenkinsRouteOptions, found: { page: JenkinsPage; match: RegExpExecArray }, request: HttpRequest): JenkinsAnswer {
  const { page } = found;
  const authentication = options.auth.authenticate(request.raw.headers);
  if (!authentication.ok) {
    return { status: 401, html: errorPage(401, 'Unauthorized', `Invalid password/token for user: ${authentication.user}`), headers: { 'WWW-Authenticate': 'Basic realm="Jenkins"' } };
  }
  const { caller } = authentication;
  if (caller.kind === 'anonymous') return denied('anonymous', PERMISSIONS.read.id, authenticationRequired(request.url));
  const get = request.method === 'GET' || request.method === 'HEAD';
  if (page.method === 'POST' && get) return { status: 405, html: errorPage(405, 'Method Not Allowed', 'This URL requires POST') };
  if (page.method !== 'POST' && !get && request.method !== 'POST') return { status: 405, html: errorPage(405, 'Method Not Allowed', `${request.method} is not allowed here`) };
  if (page.permission !== 'read' && !caller.user.admin) {
    const { id, title } = PERMISSIONS[page.permission];
    return denied(caller.user.id, id, errorPage(403, 'Forbidden', `${caller.user.id} is missing the ${title} permission`));
  }
  const form = new URLSearchParams(request.method === 'POST' ? request.body.toString('utf8') : '');
  if (request.method === 'POST' && !options.auth.crumbAccepted(caller, request.raw.headers, form)) {
    return { status: 403, html: errorPage(403, 'Forbidden', 'No valid crumb was included in the request') };
  }
  options.settle();
  const tree = request.url.searchParams.get('tree');
  // A tree names what to show at any depth, so Jenkins ignores `depth` alongside it.
  const depth = tree ? TREE_DEPTH : Number(request.url.searchParams.get('depth') ?? 0) || 0;
  const host = request.raw.headers.host ?? '127.0.0.1';
  const { world, controller } = options;
  const result = page.answer({ match: found.match, url: request.url, form, caller, world, controller, jobs: controller.jobs, auth: options.auth, baseUrl: `http://${host}`, depth, body: request.body });
  if (result.json === undefined || !tree) return result;
  try {
    return { ...result, json: pruneToTree(result.json, parseTree(tree)) as Json };
  } catch (error) {
    if (error instanceof TreeSyntaxError) return { status: 400, html: errorPage(400, 'Bad Request', error.message) };
    throw error;
  }
}

function findPage(pages: readonly JenkinsPage[], pathname: string): { page: JenkinsPage; match: RegExpExecArray } | undefined {
  for (const page of pages) {
    const match = page.path.exec(pathname);
    if (match) return { page, match };
  }
  return undefined;
}

export function notFound(): JenkinsAnswer {
  return { status: 404, html: errorPage(404, 'Not Found', 'Not Found') };
}

/** What Jenkins answers an API call whose session it no longer knows, when anonymous users may not read. */
function loginRedirect(url: URL): JenkinsAnswer {
  return { status: 302, headers: { Location: `/login?from=${encodeURIComponent(url.pathname + url.search)}` } };
}

function failure(status: number, message: string | undefined): JenkinsAnswer {
  return { status, html: errorPage(status, status === 500 ? 'Server Error' : 'Service Unavailable', message ?? (status === 503 ? 'Jenkins is restarting' : 'A problem occurred while processing the request')) };
}

function denied(who: string, permission: string, html: string): JenkinsAnswer {
  return {
    status: 403,
    html,
    headers: {
      'X-You-Are-Authenticated-As': who,
      'X-You-Are-In-Group-Disabled': 'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose',
      'X-Required-Permission': permission,
      'X-Permission-Implied-By': 'hudson.model.Hudson.Administer',
    },
  };
}

function authenticationRequired(url: URL): string {
  const login = `/login?from=${encodeURIComponent(url.pathname + url.search)}`;
  return `<html><head><meta http-equiv='refresh' content='1;url=${login}'/></head><body style='background-color:white; color:white;'>\nAuthentication required\n</body></html>\n`;
}

/** Text as HTML shows it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function errorPage(status: number, title: string, message: string): string {
  const text = escapeHtml(message);
  return `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>\n<title>Error ${status} ${title}</title>\n</head>\n<body><h2>HTTP ERROR ${status} ${text}</h2>\n<table>\n<tr><th>STATUS:</th><td>${status}</td></tr>\n<tr><th>MESSAGE:</th><td>${text}</td></tr>\n</table>\n</body>\n</html>\n`;
}

function send(request: HttpRequest, response: ServerResponse, result: JenkinsAnswer, fault?: Fault): void {
  const body = result.json !== undefined ? JSON.stringify(result.json) : (result.text ?? result.html ?? '');
  const type = result.json !== undefined ? 'application/json;charset=utf-8' : result.text !== undefined ? 'text/plain;charset=utf-8' : 'text/html;charset=utf-8';
  deliver(fault, response, result.status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...result.headers }, request.method === 'HEAD' ? undefined : body);
}
