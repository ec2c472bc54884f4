import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatConfigProblems, parseFleetConfig } from '@fleet/core';
import { startSimulator } from './index.ts';

const configPath = resolve(process.env.FLEET_CONFIG ?? 'config/demo.yaml');
const parsed = parseFleetConfig(readFileSync(configPath, 'utf8'));
if (!parsed.ok) {
  console.error(formatConfigProblems(configPath, parsed.problems));
  process.exit(1);
}
const { config } = parsed;

const sim = await startSimulator({
  config,
  dataDir: process.env.SIM_DATA_DIR ?? '.data/sim',
  seed: process.env.SIM_SEED,
  port: Number(process.env.SIM_PORT ?? 4566),
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
const lines = [
  `Fleet simulator on ${sim.url} (EC2 2016-11-15, AutoScaling 2011-01-01, STS 2011-06-15; faults: POST ${sim.url}/_sim/faults)`,
  `Infra repo: ${sim.infraRepoPath} (${sim.world.commits.length} commits), ${sim.world.images.all().length} AMIs`,
  `Auto Scaling groups in ${facts?.accountId ?? '?'} ${facts?.region ?? ''} (time runs ${fleet.timeScale}x for refreshes; SIM_TIME_SCALE to change):`,
  ...fleet.groups().map((group) => {
    const running = fleet.instancesOf(group.name).length;
    return `  ${group.name}  ${group.launchTemplate.launchTemplateName} v${group.launchTemplate.version}  ${running}/${group.desiredCapacity} (max ${group.maxSize})  ${marks(group.name).join(', ')}`;
  }),
  '',
  ...accounts.flatMap((account) => {
    const keys = sim.credentialsFor(account.id);
    return [`${account.name} (${account.id})`, `  AWS_ACCESS_KEY_ID=${keys.accessKeyId}`, `  AWS_SECRET_ACCESS_KEY=${keys.secretAccessKey}`];
  }),
  '',
  'Try:',
  `  AWS_ENDPOINT_URL=${sim.url} AWS_DEFAULT_REGION=${region} AWS_ACCESS_KEY_ID=${build.accessKeyId} AWS_SECRET_ACCESS_KEY='${build.secretAccessKey}' aws ec2 describe-images --owners self`,
  `  (with the production account's keys) aws autoscaling describe-auto-scaling-groups; aws autoscaling start-instance-refresh --auto-scaling-group-name <group>`,
];
console.log(lines.join('\n'));

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
