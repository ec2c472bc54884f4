import { type FleetConfig } from '@fleet/core';
import { bakeTags } from './packer-template.ts';
import { type Random } from './random.ts';

/** What the infra repo's files say; each commit changes one part of it. */
export interface InfraState {
  versions: Record<string, string>;
  packages: string[];
  maxSize: Record<string, number>;
  idleMinutes: Record<string, number>;
  retentionDays: number;
  runbook: string[];
}

const EXTRA_PACKAGES = ['jq', 'git-lfs', 'skopeo', 'buildah', 'ShellCheck', 'zstd', 'rsync', 'unzip', 'python3.11', 'make'];
const RUNBOOK_NOTES = [
  'how to tell a re-tagged AMI from a rebuilt one',
  'what to do when an instance refresh stalls at a checkpoint',
  'rolling back a worker pool to the previous AMI',
  'finding a node from its Jenkins agent name',
  'why housekeeping skips busy agents',
  'draining an agent before terminating it',
  'reading the PLAY RECAP of a housekeeping run',
  'sharing an AMI by hand when aws-ami-share lags',
];

export function initialInfraState(config: FleetConfig): InfraState {
  return {
    versions: { java_version: '17.0.10', ansible_core_version: '2.15.8', node_exporter_version: '1.7.0', awscli_version: '2.15.10', podman_version: '4.6.1' },
    packages: ['git', 'java-17-openjdk-headless', 'podman', 'python3', 'tar'],
    maxSize: Object.fromEntries(asgNames(config).map((asg) => [asg, 6])),
    idleMinutes: Object.fromEntries(config.workerTypes.map((type) => [type.key, 30])),
    retentionDays: 7,
    runbook: ['# Jenkins workers runbook', ''],
  };
}

/** Changes the state the way one commit would and says so in the commit's message. */
export function changeInfra(state: InfraState, config: FleetConfig, random: Random, touchesPacker: boolean): string {
  if (touchesPacker) {
    const extra = EXTRA_PACKAGES.find((name) => !state.packages.includes(name));
    if (extra && random.chance(0.35)) {
      state.packages.push(extra);
      return `packer: install ${extra} on every worker`;
    }
    const name = random.pick(Object.keys(state.versions));
    const next = bump(state.versions[name] ?? '1.0.0');
    state.versions[name] = next;
    return `packer: bump ${name.replace(/_version$/, '').replaceAll('_', '-')} to ${next}`;
  }
  switch (random.int(0, 3)) {
    case 0: {
      const asg = random.pick(asgNames(config));
      const size = (state.maxSize[asg] ?? 6) + 2;
      state.maxSize[asg] = size;
      return `terraform: raise max size of ${asg} to ${size}`;
    }
    case 1: {
      const days = state.retentionDays === 7 ? random.pick([3, 5, 10]) : 7;
      state.retentionDays = days;
      return `ansible: keep workspace leftovers for ${days} days in housekeeping`;
    }
    case 2: {
      const type = random.pick(config.workerTypes).key;
      const minutes = random.pick([10, 15, 20, 45, 60].filter((m) => m !== state.idleMinutes[type]));
      state.idleMinutes[type] = minutes;
      return `jenkins: terminate idle ${type} agents after ${minutes} minutes`;
    }
    default: {
      const note = RUNBOOK_NOTES[state.runbook.length % RUNBOOK_NOTES.length] ?? 'notes';
      state.runbook.push(`- ${note}`);
      return `docs: runbook on ${note}`;
    }
  }
}

function bump(version: string): string {
  const parts = version.split('.');
  const last = Number(parts.pop() ?? '0');
  return [...parts, String(last + 1)].join('.');
}

function asgNames(config: FleetConfig): string[] {
  return config.workerTypes.flatMap((type) => (type.asgs.length > 0 ? type.asgs : [`jenkins-worker-${type.key}`]));
}

/** Every file of the repo, by path. */
export function renderInfraTree(config: FleetConfig, state: InfraState): Map<string, string> {
  const packer = config.infraRepo.packerPath.replace(/\/+$/, '');
  return new Map([
    ['README.md', readme(packer)],
    ['build_images.sh', buildScript(config, packer)],
    [`${packer}/variables.pkr.hcl`, packerVariables(state)],
    [`${packer}/worker.pkr.hcl`, packerSources(config)],
    [`${packer}/ansible/jenkins-worker.yaml`, playbook(state)],
    ['terraform/app-sre/app-sre-ci/ci-int-nodes.tf', terraform(config, state)],
    ['ci-int-jenkins-worker.groovy', clouds(config, state)],
    ['ansible/hosts/aws_ec2.yaml', inventory(config)],
    ['ansible/housekeeping.yml', housekeeping(state)],
    ['ansible/update-ca-certs.yml', CA_CERTS],
    ['docs/runbook.md', `${state.runbook.join('\n')}\n`],
  ]);
}

const readme = (packer: string) => `# infra

Jenkins worker images and pools.

- \`${packer}/\`: Packer templates and the Ansible playbook that bake one AMI per worker type.
- \`build_images.sh\`: run by CI on every commit; rebuilds the AMIs when \`${packer}/\` changed,
  otherwise re-tags the previous AMIs with the new commit.
- \`terraform/\`: the Auto Scaling groups of the worker pools.
- \`ansible/\`: housekeeping playbooks, run as Jenkins jobs against the aws_ec2 inventory.
`;

/**
 * What the bake job (tools/sim/src/world/jenkins/bake-job.ts) runs; its decision and re-tag lines
 * are the ones the job prints.
 */
const buildScript = (config: FleetConfig, packer: string) => `#!/usr/bin/env bash
set -euo pipefail

commit=$(git rev-parse HEAD)
build_id=$(uuidgen)
worker_types=\${WORKER_TYPES:-${config.workerTypes.map((type) => type.key).join(',')}}
# The commit the last packer build started from, failed or not.
last_bake=$(aws ssm get-parameter --name /jenkins-workers/last-bake-commit --query Parameter.Value --output text)

if ! git diff --quiet "$last_bake" "$commit" -- ${packer}/; then
  echo "${packer}/ changed since \${last_bake:0:7}: building $(tr ',' '\\n' <<<"$worker_types" | wc -l) worker types at $commit"
  aws ssm put-parameter --name /jenkins-workers/last-bake-commit --value "$commit" --overwrite >/dev/null
  packer init ${packer}/
  packer build -color=false -only="$(sed 's/[^,]*/amazon-ebs.&/g' <<<"$worker_types")" \\
    -var "infra_commit=$commit" -var "build_id=$build_id" ${packer}/
  exit 0
fi

# Nothing to rebuild: carry the newest AMI of every worker type forward to this commit.
echo "no packer change since \${last_bake:0:7}: re-tagging the newest AMIs with $commit"
for worker_type in \${worker_types//,/ }; do
  image_id=$(aws ec2 describe-images --owners self \\
    --filters "Name=tag:${config.tags.workerType},Values=$worker_type" "Name=state,Values=available" \\
    --query 'sort_by(Images, &CreationDate)[-1].ImageId' --output text)
  echo "Re-tagging $image_id ($worker_type) with ${config.tags.commit}=$commit"
  aws ec2 create-tags --resources "$image_id" --tags "Key=${config.tags.commit},Value=$commit"
done
`;

function packerVariables(state: InfraState): string {
  const variables = ['variable "infra_commit" {\n  type = string\n}', 'variable "build_id" {\n  type = string\n}'];
  for (const [name, value] of Object.entries(state.versions)) {
    variables.push(`variable "${name}" {\n  type    = string\n  default = "${value}"\n}`);
  }
  return `${variables.join('\n\n')}\n`;
}

function packerSources(config: FleetConfig): string {
  const sources = config.workerTypes.map((type) => {
    const rhel = type.baseOs.startsWith('rhel');
    const tagLines = bakeTags(config, type, 'var.infra_commit', 'var.build_id').map(([key, value]) => `    ${key} = ${value.startsWith('var.') ? value : `"${value}"`}`);
    return `source "amazon-ebs" "${type.key}" {
  ami_name      = "jenkins-worker-${type.key}-\${formatdate("YYYYMMDDhhmm", timestamp())}"
  instance_type = "${type.role === 'gpu' ? 'g4dn.xlarge' : 'm6i.large'}"
  region        = "${config.aws.buildAccount.regions[0] ?? 'us-east-1'}"
  ssh_username  = "${rhel ? 'ec2-user' : 'centos'}"
  source_ami_filter {
    owners      = ["${rhel ? '309956199498' : '125523088429'}"]
    filters     = { name = "${rhel ? `RHEL-${type.baseOs.slice(4)}*_HVM-*-x86_64-*` : 'CentOS 7*x86_64*'}" }
    most_recent = true
  }
  tags = {
${tagLines.join('\n')}
  }
}`;
  });
  const build = `build {
  sources = [${config.workerTypes.map((type) => `"source.amazon-ebs.${type.key}"`).join(', ')}]
  provisioner "ansible" {
    playbook_file = "\${path.root}/ansible/jenkins-worker.yaml"
    extra_arguments = ["--extra-vars", "worker_role=\${source.name}"]
  }
}`;
  return `${[...sources, build].join('\n\n')}\n`;
}

const playbook = (state: InfraState) => `- hosts: all
  become: true
  roles:
    - common
    - jenkins_agent
    - node_exporter
  tasks:
    - name: Install what every worker needs
      ansible.builtin.package:
        name:
${state.packages.map((name) => `          - ${name}`).join('\n')}
        state: present
`;

function terraform(config: FleetConfig, state: InfraState): string {
  return config.workerTypes
    .flatMap((type) => (type.asgs.length > 0 ? type.asgs : [`jenkins-worker-${type.key}`]).map((asg) => ({ asg, type })))
    .map(({ asg, type }) => `module "${asg.replaceAll('-', '_')}" {
  source      = "../../modules/jenkins-worker-asg"
  name        = "${asg}"
  worker_type = "${type.key}"
  min_size    = 1
  max_size    = ${state.maxSize[asg] ?? 6}
  extra_tags  = { pool = "jenkins_worker", worker_type = "${type.key}" }
}
`)
    .join('\n');
}

function clouds(config: FleetConfig, state: InfraState): string {
  const rows = config.workerTypes.map(
    (type) =>
      `  [name: '${type.key}', asg: '${type.asgs[0] ?? `jenkins-worker-${type.key}`}', labels: '${type.jenkinsLabels.join(' ')}', idleMinutes: ${state.idleMinutes[type.key] ?? 30}],`,
  );
  return `// EC2 Fleet clouds of the controller; pasted into the Script Console after each change.
def clouds = [
${rows.join('\n')}
]
clouds.each { addFleetCloud(it) }
`;
}

const inventory = (config: FleetConfig) => `plugin: amazon.aws.aws_ec2
regions:
${config.aws.productionAccounts.flatMap((account) => account.regions).map((region) => `  - ${region}`).join('\n')}
filters:
  tag:pool: jenkins_worker
  instance-state-name: running
keyed_groups:
  - key: tags.worker_type
    prefix: worker
hostnames:
  - private-ip-address
`;

/** The playbooks the housekeeping jobs run (tools/sim/src/world/jenkins/housekeeping-playbooks.ts prints their runs). */
const housekeeping = (state: InfraState) => `- name: Jenkins worker housekeeping
  hosts: all
  become: true
  vars:
    workspace_retention_days: ${state.retentionDays}
  tasks:
    - name: Remove workspace leftovers older than {{ workspace_retention_days }} days
      ansible.builtin.shell: find /var/lib/jenkins/workspace -mindepth 1 -maxdepth 1 -mtime +{{ workspace_retention_days }} -print -exec rm -rf {} +
      register: leftovers
      changed_when: leftovers.stdout | length > 0
      tags: [workspace]
    - name: Prune unused container images
      ansible.builtin.command: podman system prune --all --force
      register: prune
      changed_when: "'Total reclaimed space: 0B' not in prune.stdout"
      tags: [containers]
    - name: Remove files under /tmp older than a day
      ansible.builtin.shell: find /tmp -mindepth 1 -mtime +1 -print -delete
      register: stale
      changed_when: stale.stdout | length > 0
      tags: [tmp]
    - name: Measure free space on /
      ansible.builtin.command: df --output=pcent /
      register: root_usage
      changed_when: false
      tags: [always]
    - name: Check free space on /
      vars:
        root_used_percent: "{{ root_usage.stdout_lines[-1] | trim | replace('%', '') }}"
      ansible.builtin.assert:
        that: root_used_percent | int < 90
        fail_msg: "/ is {{ root_used_percent }}% full after cleanup: find what fills it (du -xsh /var/lib/jenkins/workspace/*) and free it by hand"
        quiet: true
      tags: [always]
`;

const CA_CERTS = `- name: Refresh the internal CA bundle on Jenkins workers
  hosts: all
  become: true
  tasks:
    - name: Install the internal CA bundle
      ansible.builtin.copy:
        src: files/internal-ca-bundle.pem
        dest: /etc/pki/ca-trust/source/anchors/internal-ca-bundle.pem
        mode: "0644"
      register: bundle
      tags: [certs]
    - name: Rebuild the CA trust store
      ansible.builtin.command: update-ca-trust extract
      when: bundle is changed
      tags: [certs]
`;
