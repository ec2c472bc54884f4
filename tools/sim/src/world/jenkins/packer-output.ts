import { type WorkerTypeConfig } from '@fleet/core';
import { Random } from '../random.ts';
import { packerDuration } from './durations.ts';
import { PlanWriter } from './plan-writer.ts';
import { type TaskFailure, workerPlaybookOutput } from './worker-playbook.ts';

/*
 * `packer build -color=false` of the infra repo's amazon-ebs sources, one per worker type, all in
 * parallel, as packer 1.x prints it. The strings come from hashicorp/packer-plugin-amazon
 * (builder/ebs/builder.go's step order; builder/common/step_pre_validate.go, step_source_ami_info.go,
 * step_key_pair.go, step_security_group.go, step_run_source_instance.go, step_stop_ebs_instance.go,
 * step_create_tags.go, step_cleanup_volumes.go, step_enable_deprecation.go,
 * step_enable_deregistration_protection.go; builder/ebs/step_create_ami.go; common/artifact.go
 * String()), hashicorp/packer-plugin-sdk (communicator/step_connect.go, step_connect_ssh.go,
 * multistep/commonsteps/step_provision.go), hashicorp/packer-plugin-ansible v1.1.4
 * (provisioner/ansible/provisioner.go: the playbook's lines go through ui.Message, later releases
 * use ui.Say) and hashicorp/packer (packer/ui.go TargetedUI.prefixLines, command/build.go: the
 * finished/errored lines, "Wait completed", the error and artifact summaries).
 */

export interface PackerSource {
  type: WorkerTypeConfig;
  amiName: string;
  /** The AMI it creates; allocated up front so every line naming it agrees. */
  imageId: string;
  snapshotId: string;
  tags: [string, string][];
  failure: TaskFailure | undefined;
}

/** What a live bake does to the world as packer reaches each point; a replayed history has none. */
export interface PackerHooks {
  created(source: PackerSource, at: Date): void;
  available(source: PackerSource, at: Date): void;
}

export interface PackerOptions {
  region: string;
  /** Absolute path of the playbook, as the provisioner resolves it. */
  playbookPath: string;
  random: Random;
  hooks: PackerHooks | undefined;
  /**
   * How much faster than real time a live bake runs: packer prints the time that really passed,
   * which is what Jenkins measures for the build too.
   */
  timeScale: number;
}

export interface PackerOutcome {
  succeeded: PackerSource[];
  failed: PackerSource[];
  /** When each source's build ended, by worker type (simulated seconds from the build's start). */
  endedAt: Map<string, number>;
}

const ERROR = 'Error executing Ansible: Non-zero exit status: exit status 2';

export function writePackerBuild(writer: PlanWriter, sources: readonly PackerSource[], options: PackerOptions): PackerOutcome {
  const start = writer.elapsed;
  const outcome: PackerOutcome = { succeeded: [], failed: [], endedAt: new Map() };
  for (const source of sources) {
    const random = new Random(`${options.random.hex(8)}/${source.type.key}`);
    const sub = new PlanWriter(start + random.next() * 0.5);
    const ok = writeSource(sub, source, options, random);
    (ok ? outcome.succeeded : outcome.failed).push(source);
    outcome.endedAt.set(source.type.key, sub.elapsed);
    writer.merge(sub);
  }
  writer.wait(0.3).say('', `==> Wait completed after ${packerDuration(((writer.elapsed - start) * 1000) / options.timeScale)}`);
  const random = options.random;
  if (outcome.failed.length > 0) {
    writer.say('', "==> Some builds didn't complete successfully and had errors:");
    for (const source of random.sample(outcome.failed, outcome.failed.length)) writer.say(`--> amazon-ebs.${source.type.key}: ${ERROR}`);
  }
  if (outcome.succeeded.length === 0) {
    writer.say('', '==> Builds finished but no artifacts were created.');
    return outcome;
  }
  writer.say('', '==> Builds finished. The artifacts of successful builds are:');
  for (const source of random.sample(outcome.succeeded, outcome.succeeded.length)) {
    writer.say(`--> amazon-ebs.${source.type.key}: AMIs were created:`, `${options.region}: ${source.imageId}`, '');
  }
  return outcome;
}

/** One source's build; true when it made its AMI. */
function writeSource(w: PlanWriter, source: PackerSource, options: PackerOptions, random: Random): boolean {
  const name = `amazon-ebs.${source.type.key}`;
  const say = (text: string) => w.say(`==> ${name}: ${text}`);
  const message = (text: string) => w.say(`    ${name}: ${text}`.trimEnd());
  const started = w.elapsed;
  const instanceId = `i-0${random.hex(16)}`;
  const ip = `127.20.${random.int(0, 255)}.${random.int(1, 254)}`;
  say('Prevalidating any provided VPC information');
  say(`Prevalidating AMI Name: ${source.amiName}`);
  w.wait(0.6 + random.next());
  message(`Found Image ID: ${sourceImage(source.type.baseOs)}`);
  w.wait(0.4 + random.next());
  say(`Creating temporary keypair: packer_${random.uuid()}`);
  w.wait(0.3 + random.next());
  say(`Creating temporary security group for this instance: packer_${random.uuid()}`);
  say('Authorizing access to port 22 from [0.0.0.0/0] in the temporary security groups...');
  w.wait(0.5 + random.next());
  say('Launching a source AWS instance...');
  w.wait(1.5 + random.next() * 2);
  message(`Instance ID: ${instanceId}`);
  say(`Waiting for instance (${instanceId}) to become ready...`);
  w.wait(random.int(18, 45));
  say(`Using SSH communicator to connect: ${ip}`);
  say('Waiting for SSH to become available...');
  w.wait(random.int(25, 90));
  say('Connected to SSH!');
  say('Provisioning with Ansible...');
  message('Setting up proxy adapter for Ansible....');
  w.wait(0.5 + random.next());
  const key = source.type.key;
  say(
    `Executing Ansible: ansible-playbook -e packer_build_name="${key}" -e packer_builder_type=amazon-ebs --ssh-extra-args '-o IdentitiesOnly=yes' --extra-vars worker_role=${key} -e ansible_ssh_private_key_file=/tmp/ansible-key${random.int(10 ** 8, 4 * 10 ** 9)} -i /tmp/packer-provisioner-ansible${random.int(10 ** 8, 4 * 10 ** 9)} ${options.playbookPath}`,
  );
  const ansible = workerPlaybookOutput(source.type, random, source.failure);
  const base = w.elapsed + 1;
  for (const line of ansible.lines) {
    w.waitUntil(base + line.after);
    message(line.text.trimEnd());
  }
  w.waitUntil(base + ansible.seconds);
  if (ansible.failed) {
    say('Provisioning step had errors: Running the cleanup provisioner, if present...');
    cleanup(w, say, random);
    w.say(`Build '${name}' errored after ${packerDuration(((w.elapsed - started) * 1000) / options.timeScale)}: ${ERROR}`);
    return false;
  }
  w.wait(0.5);
  say('Stopping the source instance...');
  message('Stopping instance');
  say('Waiting for the instance to stop...');
  w.wait(random.int(30, 80));
  say(`Creating AMI ${source.amiName} from instance ${instanceId}`);
  w.wait(0.5 + random.next());
  const hooks = options.hooks;
  if (hooks) w.effect((at) => hooks.created(source, at));
  message(`AMI: ${source.imageId}`);
  say('Waiting for AMI to become ready...');
  w.wait(random.int(200, 480));
  if (hooks) w.effect((at) => hooks.available(source, at));
  say('Skipping Enable AMI deprecation...');
  say('Skipping Enable AMI deregistration protection...');
  say(`Adding tags to AMI (${source.imageId})...`);
  w.wait(0.4 + random.next());
  say(`Tagging snapshot: ${source.snapshotId}`);
  say('Creating AMI tags');
  for (const [tagKey, value] of source.tags) message(`Adding tag: "${tagKey}": "${value}"`);
  say('Creating snapshot tags');
  w.wait(1 + random.next());
  say('Terminating the source AWS instance...');
  cleanup(w, say, random, true);
  w.say(`Build '${name}' finished after ${packerDuration(((w.elapsed - started) * 1000) / options.timeScale)}.`);
  return true;
}

/** The steps' cleanups in reverse order: the instance, its extra volumes, the security group, the key pair. */
function cleanup(w: PlanWriter, say: (text: string) => void, random: Random, terminated = false): void {
  if (!terminated) say('Terminating the source AWS instance...');
  w.wait(random.int(25, 70));
  say('Cleaning up any extra volumes...');
  say('No volumes to clean up, skipping');
  say('Deleting temporary security group...');
  w.wait(1 + random.next() * 2);
  say('Deleting temporary keypair...');
  w.wait(0.3 + random.next());
}

/** The marketplace image each base OS starts from (the source_ami_filter's most recent match). */
function sourceImage(baseOs: string): string {
  return `ami-0${new Random(`source-ami/${baseOs}`).hex(16)}`;
}
