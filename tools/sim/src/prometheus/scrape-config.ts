export interface ScrapeConfigInput {
  /** The simulator's AWS endpoint, which ec2_sd_config calls instead of EC2's. */
  simulatorUrl: string;
  /** Where the simulator serves node-exporter (`Simulator.exporterUrl`). */
  exporterUrl: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** The instance tag naming the worker type; only instances carrying it are scraped. */
  workerTypeTag: string;
  /** As the team's Prometheus names the job; its targets page anchors on it. */
  jobName?: string;
  scrapeInterval?: string;
  /** How often ec2_sd_config calls DescribeInstances again. */
  refreshInterval?: string;
}

/**
 * A prometheus.yml that finds the fleet as production's does, with ec2_sd_config (DescribeInstances,
 * running instances with a worker type), and then, because the simulator serves every node's
 * exporter on one loopback port, relabels each target to `<exporter>/node-exporter/<instance id>/metrics`
 * with the instance id as its `instance` label. Production keeps `<private ip>:9100` instead.
 */
export function prometheusScrapeConfig(input: ScrapeConfigInput): string {
  const exporter = new URL(input.exporterUrl);
  const interval = input.scrapeInterval ?? '30s';
  const tagLabel = `__meta_ec2_tag_${sanitize(input.workerTypeTag)}`;
  const q = (text: string) => JSON.stringify(text);
  return [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    `  - job_name: ${q(input.jobName ?? 'pool-jenkins_worker')}`,
    `    scrape_interval: ${interval}`,
    '    ec2_sd_configs:',
    `      - endpoint: ${q(input.simulatorUrl)}`,
    `        region: ${q(input.region)}`,
    `        access_key: ${q(input.accessKey)}`,
    `        secret_key: ${q(input.secretKey)}`,
    `        refresh_interval: ${input.refreshInterval ?? '60s'}`,
    '        port: 9100',
    '        filters:',
    '          - name: tag-key',
    `            values: [${q(input.workerTypeTag)}]`,
    '          - name: instance-state-name',
    '            values: [running]',
    '    relabel_configs:',
    '      - source_labels: [__meta_ec2_instance_id]',
    '        target_label: __metrics_path__',
    "        replacement: '/node-exporter/${1}/metrics'",
    '      - target_label: __address__',
    `        replacement: ${q(exporter.host)}`,
    '      - source_labels: [__meta_ec2_instance_id]',
    '        target_label: instance',
    `      - source_labels: [${tagLabel}]`,
    '        target_label: worker_type',
    '      - source_labels: [__meta_ec2_tag_aws_autoscaling_groupName]',
    '        target_label: asg',
    '      - source_labels: [__meta_ec2_availability_zone]',
    '        target_label: availability_zone',
    '',
  ].join('\n');
}

/** What Prometheus makes of a tag key in a label name: anything but letters, digits and _ becomes _. */
function sanitize(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

interface SimulatedAccount {
  id: string;
  regions: string[];
}

/** What `simulatorScrapeConfig` needs of a running simulator. */
export interface ScrapedSimulator {
  url: string;
  exporterUrl: string;
  credentialsFor(accountId: string): { accessKeyId: string; secretAccessKey: string };
  world: { config: { aws: { buildAccount: SimulatedAccount; productionAccounts: SimulatedAccount[] }; tags: { workerType: string } } };
}

/**
 * The prometheus.yml for a running simulator: discovery with the first production account's keys
 * in its first region, where the simulated fleet runs (the build account's without one).
 */
export function simulatorScrapeConfig(sim: ScrapedSimulator, timing: Pick<ScrapeConfigInput, 'scrapeInterval' | 'refreshInterval'> = {}): string {
  const { aws } = sim.world.config;
  const account = aws.productionAccounts[0] ?? aws.buildAccount;
  const keys = sim.credentialsFor(account.id);
  return prometheusScrapeConfig({
    simulatorUrl: sim.url,
    exporterUrl: sim.exporterUrl,
    accessKey: keys.accessKeyId,
    secretKey: keys.secretAccessKey,
    region: account.regions[0] ?? aws.buildAccount.regions[0] ?? 'us-east-1',
    workerTypeTag: sim.world.config.tags.workerType,
    ...timing,
  });
}
