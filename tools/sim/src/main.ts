import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatConfigProblems, parseFleetConfig } from '@fleet/core';
import { BAKE_JOB, CA_CERTS_JOB, DEMO_JENKINS_CONTROLLERS, HOUSEKEEPING_JOB, JENKINS_DEMO_TOKEN, JENKINS_DEMO_USER, JENKINS_VERSION, type Simulator, simulatorScrapeConfig, startSimulator, WORKLOAD_JOBS } from './index.ts';
import { simulatorPorts } from './ports.ts';

const configPath = resolve(process.env.FLEET_CONFIG ?? 'config/demo.yaml');
const parsed = parseFleetConfig(readFileSync(configPath, 'utf8'));
if (!parsed.ok) {
  console.error(formatConfigProblems(configPath, parsed.problems));
  process.exit(1);
}
const { config } = parsed;

const dataDir = process.env.SIM_DATA_DIR ?? '.data/sim';
const sim = await startSimulator({
  config,
  dataDir,
  seed: process.env.SIM_SEED,
  ...simulatorPorts(),
  jenkinsControllers: DEMO_JENKINS_CONTROLLERS,
  timeScale: process.env.SIM_TIME_SCALE ? Number(process.env.SIM_TIME_SCALE) : undefined,
});

const region = config.aws.buildAccount.regions[0] ?? 'us-east-1';
const accounts = [config.aws.buildAccount, ...config.aws.productionAccounts];
const build = sim.credentialsFor(config.aws.buildAccount.id);
const { fleet } = sim.world;
const facts = sim.world.scenario?.fleet;
const marks = (name: string) =>
  [
    facts?.current.includes(name) ? 'current' : undefined,
    facts?.behind[name] ? `${facts.behind[name]} builds behind` : undefined,
    facts?.latestVersion === name ? 'on $Latest' : undefined,
    facts?.ssmImage === name ? 'AMI from SSM' : undefined,
    facts?.olderInstances === name ? 'some instances on an older AMI' : undefined,
    facts?.autoRolledBack === name ? 'last refresh rolled back' : undefined,
  ].filter(Boolean);
const nodes = sim.world.scenario?.nodes;
const stuck = sim.world.scenario?.jenkins.housekeepingFailingNode;
const prometheusFile = resolve(join(dataDir, 'prometheus.yml'));
writeFileSync(
  prometheusFile,
  simulatorScrapeConfig(sim, { refreshInterval: '15s', scrapeInterval: '15s' }),
);
const lines = [
  `Fleet simulator on ${sim.url} (EC2 2016-11-15, AutoScaling 2011-01-01, STS 2011-06-15; faults: POST ${sim.url}/_sim/faults)`,
  `Infra repo: ${sim.infraRepoPath} (${sim.world.commits.length} commits), ${sim.world.images.all().length} AMIs`,
  `Auto Scaling groups in ${facts?.accountId ?? '?'} ${facts?.region ?? ''} (time runs ${fleet.timeScale}x for refreshes; SIM_TIME_SCALE to change):`,
  ...fleet.groups().map((group) => {
    const running = fleet.instancesOf(group.name).length;
    return `  ${group.name}  ${group.launchTemplate.launchTemplateName} v${group.launchTemplate.version}  ${running}/${group.desiredCapacity} (max ${group.maxSize})  ${marks(group.name).join(', ')}`;
  }),
  '',
  `Jenkins controllers (${JENKINS_DEMO_USER} / API token ${JENKINS_DEMO_TOKEN} on each):`,
  ...controllerLines(sim),
  `  every one: GET /computer/api/json, POST /computer/<instance id>/toggleOffline, POST /scriptText (println and the portal's cloud scripts), GET /pluginManager/api/json`,
  `  a cloud changed by hand: curl -X POST ${sim.url}/_sim/jenkins/controllers/<controller>/clouds/<cloud> -d '{"maxSize":2}' ({"name":…} renames it, DELETE removes it; GET …/clouds lists clouds and orphaned agents)`,
  `Jobs on ${sim.jenkinsUrl} (GET /api/json, /job/<name>/api/json, POST /job/<name>/buildWithParameters, /queue/item/<id>/api/json, /job/<name>/<n>/logText/progressiveText):`,
  `  ${BAKE_JOB}: build_images.sh, a packer build when packer/ changed since the last bake, else a re-tag (INFRA_COMMIT, WORKER_TYPES, PORTAL_ACTION_ID)`,
  `  ${HOUSEKEEPING_JOB}, ${CA_CERTS_JOB}: ansible-playbook over the running workers, hosts named by private IP (LIMIT, TAGS, PORTAL_ACTION_ID)`,
  `  ${HOUSEKEEPING_JOB} has failed three nights running on ${stuck ? `${stuck.host} (${stuck.instanceId})` : '(no node)'}`,
  `  ${Object.keys(WORKLOAD_JOBS).join(', ')}: the teams' CI, whose builds fill the agents' busy executors`,
  `  builds run on simulated time (${fleet.timeScale}x); POST ${sim.url}/_sim/clock {"advanceMs":60000} skips ahead; POST ${sim.url}/_sim/jenkins/bake-failures {"workerType":"rhel8-gpu"} fails the next bake of a type`,
  `node-exporter of every node on ${sim.exporterUrl}/node-exporter/<instance id>/metrics; Prometheus config for it: ${prometheusFile}`,
  'Node failures:',
  ...Object.entries(nodes ?? {}).map(([failure, instanceId]) => `  ${failure}: ${instanceId ?? '(too few instances)'}`),
  '',
  ...accounts.flatMap((account) => {
    const keys = sim.credentialsFor(account.id);
    return [`${account.name} (${account.id})`, `  AWS_ACCESS_KEY_ID=${keys.accessKeyId}`, `  AWS_SECRET_ACCESS_KEY=${keys.secretAccessKey}`];
  }),
  '',
  'Try:',
  `  AWS_ENDPOINT_URL=${sim.url} AWS_DEFAULT_REGION=${region} AWS_ACCESS_KEY_ID=${build.accessKeyId} AWS_SECRET_ACCESS_KEY='${build.secretAccessKey}' aws ec2 describe-images --owners self`,
  `  (with the production account's keys) aws autoscaling describe-auto-scaling-groups; aws autoscaling start-instance-refresh --auto-scaling-group-name <group>`,
  `  curl -g -u ${JENKINS_DEMO_USER}:${JENKINS_DEMO_TOKEN} '${sim.jenkinsUrl}/computer/api/json?tree=computer[displayName,offline,offlineCauseReason]'`,
  `  curl -i -X POST -u ${JENKINS_DEMO_USER}:${JENKINS_DEMO_TOKEN} '${sim.jenkinsUrl}/job/${HOUSEKEEPING_JOB}/buildWithParameters?LIMIT=${stuck?.host ?? 'all'}'`,
  `  prometheus --config.file=${prometheusFile} --storage.tsdb.path=${resolve(join(dataDir, 'prometheus'))} --web.listen-address=127.0.0.1:9090`,
];
console.log(lines.join('\n'));

/** One line per controller: where it is, what it has installed, its clouds and the drift the seed left. */
function controllerLines(simulator: Simulator): string[] {
  return simulator.world.controllers.map((controller) => {
    const url = simulator.jenkinsControllers.find((candidate) => candidate.name === controller.name)?.url;
    const casc = controller.configurationAsCode ? `configuration-as-code ${controller.spec.configurationAsCodeVersion} (POST /configuration-as-code/export|check|apply)` : 'no Configuration as Code (Script Console only)';
    const stats = controller.release.statsApi ? ', GET /ec2-fleet/stats' : '';
    const others = controller.clouds.otherClouds().map((cloud) => `${cloud.symbol} ${cloud.name ?? ''}`);
    const drift = simulator.world.scenario?.clouds.drift[controller.name];
    const drifted = drift ? `; changed by hand: ${drift.cloud} ${drift.field} ${drift.live} (its worker type implies ${drift.implied})` : '';
    return `  ${controller.name} on ${url}: Jenkins ${controller.spec.jenkinsVersion ?? JENKINS_VERSION}, ec2-fleet ${controller.release.version}${stats}, ${casc}; ${controller.clouds.fleetClouds().length} EC2 Fleet clouds${others.length ? ` and ${others.join(', ')}` : ''}${drifted}`;
  });
}

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
