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
