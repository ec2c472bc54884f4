import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FleetConfig, parseFleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { createJenkinsClient, type JenkinsClient } from '@fleet/jenkins';
import { JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, type JenkinsControllerSpec, type Simulator, startSimulator } from '@fleet/sim';
import { stringify } from 'yaml';
import { createContext } from '../context.ts';
import { createCaller } from '../root.ts';
import { testConfig } from './harness.ts';

/** A caller signed in through auth.signIn, with the portal's own actions. */
export async function signedInAs(prisma: PrismaClient, config: FleetConfig, user: string) {
  const call = (headers: Record<string, string>, resHeaders = new Headers()) =>
    createCaller(() => createContext({ req: new Request('http://portal.test/api/trpc', { headers }), config, prisma, resHeaders }));
  const resHeaders = new Headers();
  await call({}, resHeaders).auth.signIn({ user, password: 'demo' });
  return call({ cookie: (resHeaders.get('set-cookie') ?? '').split(';')[0]! });
}

export interface JenkinsWorld {
  sim: Simulator;
  config: FleetConfig;
  jenkins: JenkinsClient;
  dispose(): Promise<void>;
}

export interface JenkinsWorldOptions {
  /** The simulated controllers; ci-int alone when left out. The first is the `controller` given. */
  controllers?: readonly JenkinsControllerSpec[];
  /** What the config says of each controller after the first, besides its name, address and user. */
  others?: (sim: Simulator, name: string) => Record<string, unknown>;
}

const HISTORY_END = new Date(Date.UTC(2025, 2, 14));

/**
 * The simulated world on a clock that stands still until a test moves it, and the demo config with
 * the test's access rules and a `jenkins.controllers` entry for the simulator's controller (the
 * test gives its jobs). The actions read the API token from JENKINS_TOKEN, as in production.
 */
export async function startJenkinsWorld(controller: Record<string, unknown>, options: JenkinsWorldOptions = {}): Promise<JenkinsWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fleet-jenkins-actions-'));
  const base = testConfig();
  const sim = await startSimulator({
    config: base,
    dataDir,
    port: 0,
    historyEnd: HISTORY_END,
    clock: () => new Date(HISTORY_END.getTime() + 3_600_000),
    timeScale: 1,
    ...(options.controllers ? { jenkinsControllers: options.controllers } : {}),
  });
  const declared = { name: 'ci-int', url: sim.jenkinsUrl, user: JENKINS_DEMO_USER, ...controller };
  const others = sim.jenkinsControllers.slice(1).map((c) => ({ name: c.name, url: c.url, user: JENKINS_DEMO_USER, ...options.others?.(sim, c.name) }));
  const parsed = parseFleetConfig(stringify({ ...JSON.parse(JSON.stringify(base)), access: undefined, auth: undefined, sync: undefined, health: undefined, audit: undefined, jenkins: { controllers: [declared, ...others] } }));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.key}: ${p.message}`).join('; '));
  const config = { ...parsed.config, access: base.access, auth: base.auth, audit: base.audit, infraRepo: { ...parsed.config.infraRepo, localClone: sim.infraRepoPath } };
  const saved = process.env.JENKINS_TOKEN;
  process.env.JENKINS_TOKEN = JENKINS_DEMO_TOKEN;
  return {
    sim,
    config,
    jenkins: createJenkinsClient({ url: sim.jenkinsUrl, user: JENKINS_DEMO_USER, token: JENKINS_DEMO_TOKEN }),
    dispose: async () => {
      if (saved === undefined) delete process.env.JENKINS_TOKEN;
      else process.env.JENKINS_TOKEN = saved;
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How many builds of a job, queued or run, carry this action id: what "sent once" is checked by. */
export async function buildsCarrying(jenkins: JenkinsClient, job: string, actionId: string): Promise<number> {
  const queued = (await jenkins.queue()).filter((item) => item.state !== 'gone' && item.parameters.some((p) => p.value === actionId)).length;
  const built = (await jenkins.builds(job, { limit: 50 })).filter((b) => b.parameters.some((p) => p.value === actionId)).length;
  return queued + built;
}
