import { resolve } from 'node:path';
import { type FleetConfig } from '@fleet/core';
import { autoScalingService } from './aws/autoscaling/autoscaling-service.ts';
import { CallLog } from './aws/call-log.ts';
import { cloudTrailEndpoint } from './aws/cloudtrail/cloudtrail-endpoint.ts';
import { queryEndpoint } from './aws/endpoint.ts';
import { ec2Service } from './aws/ec2/ec2-service.ts';
import { Identities, type AwsCredentials } from './aws/identities.ts';
import { stsService } from './aws/sts/sts-service.ts';
import { controlRoute } from './control.ts';
import { FaultInjector } from './faults.ts';
import { listen, type Listening, type Route } from './http.ts';
import { JenkinsAuth } from './jenkins/jenkins-auth.ts';
import { cascPages } from './jenkins/casc/casc-pages.ts';
import { computerPages, controllerPages } from './jenkins/jenkins-pages.ts';
import { type JenkinsPage, jenkinsRoute } from './jenkins/jenkins-route.ts';
import { jobPages } from './jenkins/job-pages.ts';
import { fleetStatsPage, pluginManagerPage } from './jenkins/plugin-pages.ts';
import { queuePages } from './jenkins/queue-pages.ts';
import { scriptTextPage } from './jenkins/script-console/script-pages.ts';
import { exporterRoute } from './node-exporter/exporter-route.ts';
import { SimClock } from './world/clock.ts';
import { createWorld, type WorldSeeding } from './world/history.ts';
import { checkControllerSpecs, DEFAULT_JENKINS_CONTROLLERS, type JenkinsControllerSpec } from './world/jenkins/controller-spec.ts';
import { type SimulatedJenkins } from './world/jenkins/simulated-jenkins.ts';
import { type World } from './world/world.ts';

export type { AwsCredentials } from './aws/identities.ts';
export type { CallCount, CallFilter, CallKey, CallLog } from './aws/call-log.ts';
export { CONSOLE_USER } from './aws/identities.ts';
export type { CloudTrail, TrailEvent, TrailIdentity, TrailResource } from './world/cloud-trail.ts';
export { simulatorPorts } from './ports.ts';
export { JENKINS_DEMO_PASSWORD, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, JENKINS_READER } from './jenkins/jenkins-auth.ts';
export { JENKINS_VERSION } from './jenkins/jenkins-route.ts';
export { BAKE_JOB } from './world/jenkins/bake-job.ts';
export { CA_CERTS_JOB, HOUSEKEEPING_JOB } from './world/jenkins/housekeeping-jobs.ts';
export { DISK_CHECK_PERCENT } from './world/jenkins/housekeeping-playbooks.ts';
export { housekeepingHostName } from './world/jenkins/inventory.ts';
export { QUIET_PERIOD_MS, type JenkinsController, type JenkinsScenario, type ScheduleOutcome, type ScheduleRequest } from './world/jenkins/controller.ts';
export { CI_EXT, CI_INT, CONFIGURATION_AS_CODE_VERSION, CURRENT_EC2_FLEET_VERSION, DEFAULT_JENKINS_CONTROLLERS, DEMO_JENKINS_CONTROLLERS, type JenkinsControllerSpec } from './world/jenkins/controller-spec.ts';
export type { SimulatedJenkins } from './world/jenkins/simulated-jenkins.ts';
export type { CloudsWorld, ControllerClouds, FleetCloudStats } from './world/jenkins/clouds/controller-clouds.ts';
export type { Ec2FleetRelease, JavaParameter } from './world/jenkins/clouds/ec2-fleet-release.ts';
export type { Cloud, Describable, FleetCloud, FleetCloudFields, OtherCloud, SshConnector } from './world/jenkins/clouds/fleet-cloud.ts';
export type { FleetNodeBinding, FleetNodes } from './world/jenkins/clouds/fleet-nodes.ts';
export type { CloudScenario } from './world/jenkins/clouds/seed-clouds.ts';
export type { InstalledPlugin } from './world/jenkins/plugins.ts';
export { LEFT_ITEM_RETENTION_MS, type QueueItem, type QueueState } from './world/jenkins/queue.ts';
export { WORKLOAD_JOBS } from './world/jenkins/workload.ts';
export type { BuildResult, JenkinsBuild, ParameterValue } from './world/jenkins/build.ts';
export type { Cause } from './world/jenkins/causes.ts';
export type { Job, StringParameter } from './world/jenkins/job.ts';
export { PROMETHEUS_BINARY, startPrometheus, type PrometheusProcess, type PrometheusProcessOptions } from './prometheus/process.ts';
export { prometheusScrapeConfig, type ScrapeConfigInput, type ScrapedSimulator, simulatorScrapeConfig } from './prometheus/scrape-config.ts';
export type { AgentView } from './world/nodes/nodes.ts';
export type { NodeScenario } from './world/nodes/seed-nodes.ts';
export type { AgentConnection, AgentState, CheckStatus, DiskState, EventCode, MemoryState, NodePatch, NodeState, ScheduledEvent, SettledCheck, StatusChecks, TemporarilyOffline } from './world/nodes/node-state.ts';
export type { Fault, FaultInjector, FaultSpec } from './faults.ts';
export type { SimClock } from './world/clock.ts';
export type { FleetError } from './world/fleet/errors.ts';
export type { Fleet, LaunchTemplateVersionInput } from './world/fleet/fleet.ts';
export type { ActivityRecord, ActivityStatus, AutoScalingGroupRecord, GroupTag } from './world/fleet/groups.ts';
export type { HealthStatus, InstanceRecord, InstanceStateName, LifecycleState } from './world/fleet/instances.ts';
export type { LaunchTemplateData, LaunchTemplateRecord, LaunchTemplateRef, LaunchTemplateVersionRecord } from './world/fleet/launch-templates.ts';
export type { InstanceRefreshRecord, RefreshPreferences, RefreshStatus, RollbackDetails, StartRefreshInput } from './world/fleet/refresh-request.ts';
export type { FleetScenario } from './world/fleet/seed-fleet.ts';
export type { GroupPlacement, WorldSeeding } from './world/history.ts';
export type { BlockDevice, ImageRecord, ImageState } from './world/images.ts';
export type { BuildInput, BuildRecord, CommitInput, CommitOutcome, CommitRecord, ImageInput, RetagRecord, Scenario, World } from './world/world.ts';

export interface SimulatorOptions {
  config: FleetConfig;
  /** The infra repo is (re)created at `<dataDir>/infra`. */
  dataDir: string;
  seed?: string | number;
  /** 0 picks a free port. */
  port?: number;
  /** The first Jenkins controller's port; 0 (the default) picks a free one. */
  jenkinsPort?: number;
  /** The ports of the controllers after the first, in order, where their specs give none; 0 (the default) picks free ones. */
  extraJenkinsPorts?: readonly number[];
  /**
   * The Jenkins controllers, each on its own port with its own session cookie: ci-int alone by
   * default (DEFAULT_JENKINS_CONTROLLERS); DEMO_JENKINS_CONTROLLERS adds ci-ext.
   */
  jenkinsControllers?: readonly JenkinsControllerSpec[];
  /** The port every node's node-exporter is served on; 0 (the default) picks a free one. */
  exporterPort?: number;
  /** A loopback address; anything else is refused. */
  host?: string;
  /** When the seeded history ends; defaults to the start of the current UTC day, so shas stay put all day. */
  historyEnd?: Date;
  /** Where time comes from; a fixed instant in tests freezes the world until `world.advance(ms)`. */
  clock?: () => Date;
  /**
   * Simulated seconds per second of the clock for what the fleet does (boots, warm-ups,
   * checkpoint delays, bake times): 20 by default, so a demo refresh takes a minute or two.
   */
  timeScale?: number;
  /** How often the fleet catches up with the clock between requests; 100 ms by default. */
  tickMs?: number;
  /** A larger world than the demo's: more history, groups in every production account and region, more instances. */
  seeding?: WorldSeeding;
}

export interface Simulator {
  /** The endpoint for every simulated AWS service (AWS_ENDPOINT_URL). */
  url: string;
  /** The first Jenkins controller, with JENKINS_DEMO_USER and JENKINS_DEMO_TOKEN. */
  jenkinsUrl: string;
  /** Every Jenkins controller, the first one first; each takes JENKINS_DEMO_USER and JENKINS_DEMO_TOKEN. */
  jenkinsControllers: { name: string; url: string }[];
  /** Every node's node-exporter, at `<exporterUrl>/node-exporter/<instance id>/metrics`. */
  exporterUrl: string;
  world: World;
  /** The fixed demo key pair of a configured account. */
  credentialsFor(accountId: string): AwsCredentials;
  /** The key pair of a person with console access (CONSOLE_USER): her changes are made outside the portal. */
  consoleCredentialsFor(accountId: string): AwsCredentials;
  faults: FaultInjector;
  /** Every AWS request received, by account, region, service and action, as a counting proxy sees them. */
  calls: CallLog;
  infraRepoPath: string;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const { config } = options;
  const seed = options.seed ?? 'fleet-demo';
  const clock = new SimClock(options.clock);
  const historyEnd = options.historyEnd ?? startOfUtcDay(clock.now());
  const dataDir = resolve(options.dataDir);
  const controllers = options.jenkinsControllers ?? DEFAULT_JENKINS_CONTROLLERS;
  checkControllerSpecs(controllers);
  const world = await createWorld({ config, dataDir, seed, historyEnd, clock, timeScale: options.timeScale ?? DEFAULT_TIME_SCALE, controllers, seeding: options.seeding });
  const accountIds = [config.aws.buildAccount.id, ...config.aws.productionAccounts.map((account) => account.id)];
  const identities = new Identities(accountIds, seed);
  const faults = new FaultInjector();
  const calls = new CallLog();
  const settle = () => world.fleet.tick();
  const services = [ec2Service(world), autoScalingService(world), stsService(identities)];
  const host = options.host ?? '127.0.0.1';
  const jenkinsPort = (index: number) => world.controllers[index]?.spec.port ?? (index === 0 ? options.jenkinsPort : options.extraJenkinsPorts?.[index - 1]) ?? 0;
  const [server, exporter, ...jenkins] = await listenAll(host, [
    {
      routes: [
        controlRoute(faults, world, calls),
        cloudTrailEndpoint({ trail: world.cloudTrail, identities, faults, clock: clock.now }),
        queryEndpoint({ services, identities, faults, calls, clock: clock.now, settle, trail: world.cloudTrail }),
      ],
      port: options.port ?? 0,
    },
    { routes: [exporterRoute({ world, faults, settle })], port: options.exporterPort ?? 0 },
    ...world.controllers.map((controller, index) => ({ routes: [jenkinsRoute({ world, controller, auth: new JenkinsAuth(), faults, pages: pagesOf(controller), settle })], port: jenkinsPort(index) })),
  ]);
  const jenkinsControllers = world.controllers.map((controller, index) => ({ name: controller.name, url: jenkins[index]?.url ?? '' }));
  const ticker = setInterval(settle, options.tickMs ?? 100);
  ticker.unref();
  return {
    url: server.url,
    jenkinsUrl: jenkinsControllers[0]?.url ?? '',
    jenkinsControllers,
    exporterUrl: exporter.url,
    world,
    credentialsFor: (accountId) => identities.credentialsFor(accountId),
    consoleCredentialsFor: (accountId) => identities.consoleCredentialsFor(accountId),
    faults,
    calls,
    infraRepoPath: world.repo.path,
    close: async () => {
      clearInterval(ticker);
      await Promise.all([server, exporter, ...jenkins].map((listening) => listening.close()));
    },
  };
}

const DEFAULT_TIME_SCALE = 20;

/** A controller's pages: the ones every Jenkins has, and those of the plugins it has installed. */
function pagesOf(controller: SimulatedJenkins): JenkinsPage[] {
  const plugins = [...(controller.release.statsApi ? [fleetStatsPage] : []), ...(controller.configurationAsCode ? cascPages : [])];
  return [...controllerPages, ...computerPages, ...jobPages, ...queuePages, scriptTextPage, pluginManagerPage, ...plugins];
}

/** The simulator's servers (AWS, the node-exporters, each Jenkins), or none: a port already taken closes the ones opened before it. */
async function listenAll(host: string, servers: readonly { routes: Route[]; port: number }[]): Promise<[Listening, Listening, ...Listening[]]> {
  const opened: Listening[] = [];
  try {
    for (const { routes, port } of servers) opened.push(await listen(routes, host, port));
  } catch (error) {
    await Promise.all(opened.map((server) => server.close()));
    throw error;
  }
  const [aws, exporter, ...jenkins] = opened;
  if (!aws || !exporter || jenkins.length === 0) throw new Error('the simulator needs its AWS, node-exporter and Jenkins servers');
  return [aws, exporter, ...jenkins];
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
