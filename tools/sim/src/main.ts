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
});

const region = config.aws.buildAccount.regions[0] ?? 'us-east-1';
const accounts = [config.aws.buildAccount, ...config.aws.productionAccounts];
const build = sim.credentialsFor(config.aws.buildAccount.id);
const lines = [
  `Fleet simulator on ${sim.url} (EC2 2016-11-15, STS 2011-06-15; faults: POST ${sim.url}/_sim/faults)`,
  `Infra repo: ${sim.infraRepoPath} (${sim.world.commits.length} commits), ${sim.world.images.all().length} AMIs`,
  '',
  ...accounts.flatMap((account) => {
    const keys = sim.credentialsFor(account.id);
    return [`${account.name} (${account.id})`, `  AWS_ACCESS_KEY_ID=${keys.accessKeyId}`, `  AWS_SECRET_ACCESS_KEY=${keys.secretAccessKey}`];
  }),
  '',
  'Try:',
  `  AWS_ENDPOINT_URL=${sim.url} AWS_DEFAULT_REGION=${region} AWS_ACCESS_KEY_ID=${build.accessKeyId} AWS_SECRET_ACCESS_KEY='${build.secretAccessKey}' aws ec2 describe-images --owners self`,
];
console.log(lines.join('\n'));

const stop = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
