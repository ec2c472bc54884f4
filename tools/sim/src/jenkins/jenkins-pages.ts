import { type SimulatedJenkins } from '../world/jenkins/simulated-jenkins.ts';
import { agentJson, type AgentRendering, BUILT_IN_NODE, builtInJson, computerSetJson } from './computer-json.ts';
import { jobRef } from './job-json.ts';
import { escapeHtml, notFound, type JenkinsPage } from './jenkins-route.ts';

/** The controller's own pages: its dashboard, who you are, its crumb, and its top-level API with the jobs. */
export const controllerPages: JenkinsPage[] = [
  {
    name: 'root',
    method: 'GET',
    path: /^\/$/,
    permission: 'read',
    answer: ({ jobs }) => ({
      status: 200,
      html: `<!DOCTYPE html><html><head><title>Dashboard [Jenkins]</title></head><body><h1>Dashboard</h1><ul>${jobs
        .jobs()
        .map((job) => `<li><a href="job/${encodeURIComponent(job.name)}/">${job.name}</a></li>`)
        .join('')}</ul></body></html>\n`,
      headers: { 'X-Hudson': '1.395' },
    }),
  },
  {
    name: 'me',
    method: 'GET',
    path: /^\/me\/api\/json$/,
    permission: 'read',
    answer: ({ caller, baseUrl }) => ({
      status: 200,
      json: {
        _class: 'hudson.model.User',
        absoluteUrl: `${baseUrl}/user/${caller.user.id}`,
        description: null,
        fullName: caller.user.id,
        id: caller.user.id,
        property: [{ _class: 'jenkins.security.ApiTokenProperty' }, { _class: 'hudson.model.MyViewsProperty' }, { _class: 'hudson.model.PaneStatusProperties' }, { _class: 'hudson.security.HudsonPrivateSecurityRealm$Details' }],
      },
    }),
  },
  {
    name: 'crumbIssuer',
    method: 'GET',
    path: /^\/crumbIssuer\/api\/json$/,
    permission: 'read',
    answer: ({ caller, auth }) => {
      const { crumb, setCookie } = auth.crumbFor(caller);
      return {
        status: 200,
        json: { _class: 'hudson.security.csrf.DefaultCrumbIssuer', crumb, crumbRequestField: 'Jenkins-Crumb' },
        headers: setCookie ? { 'Set-Cookie': setCookie } : undefined,
      };
    },
  },
  {
    name: 'whoAmI',
    method: 'GET',
    path: /^\/whoAmI\/api\/json$/,
    permission: 'read',
    answer: ({ caller }) => ({
      status: 200,
      json: { _class: 'hudson.security.WhoAmI', anonymous: false, authenticated: true, authorities: ['authenticated'], details: null, name: caller.user.id, toString: `${caller.user.id}` },
    }),
  },
  {
    name: 'api',
    method: 'GET',
    path: /^\/api\/json$/,
    permission: 'read',
    answer: ({ baseUrl, jobs }) => ({
      status: 200,
      json: {
        _class: 'hudson.model.Hudson',
        assignedLabels: [{ name: 'built-in' }],
        mode: 'EXCLUSIVE',
        nodeDescription: "the Jenkins controller's built-in node",
        nodeName: '',
        numExecutors: 0,
        description: null,
        jobs: jobs.jobs().map((job) => jobRef(job, baseUrl)),
        overallLoad: {},
        primaryView: { _class: 'hudson.model.AllView', name: 'all', url: `${baseUrl}/` },
        quietDownReason: null,
        quietingDown: false,
        slaveAgentPort: 50000,
        unlabeledLoad: { _class: 'jenkins.model.UnlabeledLoadStatistics' },
        url: `${baseUrl}/`,
        useCrumbs: true,
        useSecurity: true,
        views: [{ _class: 'hudson.model.AllView', name: 'all', url: `${baseUrl}/` }],
      },
    }),
  },
];

/** `/computer`: the agents the EC2 Fleet plugin keeps for the fleet's instances, one by one, and taking one out of service. */
export const computerPages: JenkinsPage[] = [
  {
    name: 'computers',
    method: 'GET',
    path: /^\/computer\/api\/json$/,
    permission: 'read',
    answer: ({ world, controller, depth, baseUrl }) => ({ status: 200, json: computerSetJson(controller.agents(), world.clock(), depth, baseUrl, fleetAgents(controller)) }),
  },
  {
    name: 'computer',
    method: 'GET',
    path: /^\/computer\/([^/]+)\/api\/json$/,
    permission: 'read',
    answer: ({ world, controller, match, depth, baseUrl }) => {
      const name = decodeURIComponent(match[1] ?? '');
      if (name === BUILT_IN_NODE) return { status: 200, json: builtInJson(world.clock()) };
      const agent = controller.agent(name);
      return agent ? { status: 200, json: agentJson(agent, world.clock(), depth, baseUrl, fleetAgents(controller)) } : notFound();
    },
  },
  {
    // Where toggleOffline redirects to: a client following the redirect (python-jenkins does) lands here.
    name: 'computerPage',
    method: 'GET',
    path: /^\/computer\/([^/]+)\/?$/,
    permission: 'read',
    answer: ({ controller, match }) => {
      const name = decodeURIComponent(match[1] ?? '');
      const agent = controller.agent(name);
      if (!agent) return notFound();
      const offline = agent.state.temporarilyOffline ? `<p>Disconnected by ${escapeHtml(agent.state.temporarilyOffline.by)}${agent.state.temporarilyOffline.message ? ` : ${escapeHtml(agent.state.temporarilyOffline.message)}` : ''}</p>` : '';
      return { status: 200, html: `<!DOCTYPE html><html><head><title>${escapeHtml(name)} [Jenkins]</title></head><body><h1>Agent ${escapeHtml(name)}</h1>${offline}</body></html>\n` };
    },
  },
  {
    name: 'toggleOffline',
    method: 'POST',
    path: /^\/computer\/([^/]+)\/toggleOffline$/,
    permission: 'disconnect',
    answer: ({ world, controller, match, url, form, caller, baseUrl }) => {
      const name = decodeURIComponent(match[1] ?? '');
      const message = url.searchParams.get('offlineMessage') ?? form.get('offlineMessage') ?? '';
      const toggled = controller.agent(name) && world.nodes.toggleOffline(name, caller.user.id, message);
      return toggled ? { status: 302, headers: { Location: `${baseUrl}/computer/${encodeURIComponent(name)}/` } } : notFound();
    },
  },
];


/** How the controller shows its fleet agents: their names and what their executors run. */
function fleetAgents(controller: SimulatedJenkins): AgentRendering {
  return { displayName: (agent) => controller.displayNameOf(agent), executables: (agent) => controller.jobs.slotsOf(agent) };
}
