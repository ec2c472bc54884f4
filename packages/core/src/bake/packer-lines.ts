import type { BakeStep } from './types.ts';

/**
 * The lines of the AMI bake job's console that move a worker type's progress, after colours and
 * timestamp prefixes are taken off (see console-log/console-line.ts: Jenkins timestamper and
 * Packer `-timestamp-ui` prefixes are both fine). `-machine-readable` output is not read.
 *
 * build_images.sh (our script) prints one mode line, then per worker type in a re-tag run one
 * re-tag line; `<sha>` is 7 to 40 lower-case hex digits, `<tag>` the commit tag's key:
 *   packer/ changed since <sha>: building all worker types
 *   packer/ changed since <sha>: building <n> worker types at <full sha>
 *   no packer change since <sha>: re-tagging[ the newest AMIs with <full sha>]
 *   Re-tagging <ami-id> (<worker type>) with <tag>=<sha>
 * e.g. `Re-tagging ami-0a1b2c3d4e5f67890 (centos7-builder) with infra_commit=3f2a9c1d`: that
 * worker type's previous AMI now carries the new commit.
 *
 * Packer (hashicorp/packer command/build.go, packer/ui.go; packer-plugin-amazon
 * builder/ebs and builder/common step_*.go; packer-plugin-ansible provisioner/ansible):
 * - a build's own output: `==> <build>: <message>` (Say, Error) and `    <build>: <message>`
 *   (Message, and the Ansible provisioner's output in older plugins); `<build>` is
 *   `amazon-ebs.<worker type>` (HCL `source "amazon-ebs" "<worker type>"`), or
 *   `<build block name>.amazon-ebs.<worker type>`, or a configured worker type as the whole name
 *   (a JSON template's builder `"name"`)
 * - `<build>: output will be in this color.` at the start, for each build
 * - `Build '<build>' finished after <duration>.` / `Build '<build>' finished.` (Packer < 1.7)
 * - `Build '<build>' errored after <duration>: <error>` / `Build '<build>' errored: <error>`
 * - `==> Wait completed after <duration>`
 * - `==> Some builds didn't complete successfully and had errors:` then `--> <build>: <error>`
 * - `==> Builds finished. The artifacts of successful builds are:` then
 *   `--> <build>: AMIs were created:` and one `<region>: <ami-id>` line per region
 * - `==> Builds finished but no artifacts were created.`
 * - `Cleanly cancelled builds after being interrupted.`
 * `<duration>` is durafmt's, two units at most: `22 minutes 39 seconds`, `1 hour 2 minutes`.
 */
export type PackerLine =
  | { kind: 'mode'; mode: 'full-bake' | 're-tag'; sinceCommit: string; commit: string | null }
  | { kind: 'retag'; amiId: string; workerType: string; tag: string; commit: string }
  | { kind: 'build-output'; build: string; message: string; prefixed: boolean }
  | { kind: 'build-finished'; build: string; duration: string | null }
  | { kind: 'build-errored'; build: string; duration: string | null; error: string }
  | { kind: 'wait-completed' }
  | { kind: 'section'; section: 'errors' | 'artifacts' | 'no-artifacts' }
  | { kind: 'section-entry'; build: string; text: string }
  | { kind: 'region-ami'; region: string; amiId: string }
  | { kind: 'cancelled' }
  | { kind: 'other' };

const AMI_ID = 'ami-[0-9a-f]{8,17}';
const SHA = '[0-9a-f]{7,40}';
const FULL_BAKE = new RegExp(`^\\S+ changed since (${SHA}): building (?:all|\\d+) worker types?(?: at (${SHA}))?\\b`);
const RE_TAG_MODE = new RegExp(`^no packer change since (${SHA}): re-tagging(?: the newest AMIs with (${SHA}))?\\b`);
const RE_TAG = new RegExp(`^Re-tagging (${AMI_ID}) \\(([a-z0-9][a-z0-9-]*)\\) with ([^=\\s]+)=(${SHA})$`);
const FINISHED = /^Build '(.+)' finished(?: after (.+?))?\.$/;
const ERRORED = /^Build '(.+)' errored(?: after (.+?))?: (.*)$/;
const SECTION_ENTRY = /^--> (\S+): (.*)$/;
const REGION_AMI = new RegExp(`^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d): (${AMI_ID})$`);
const BUILD_OUTPUT = /^(?:==> | {4})(\S+):(?: (.*))?$/;
const BARE_BUILD_OUTPUT = /^(\S+): (.*)$/;

export function classifyPackerLine(text: string): PackerLine {
  let match: RegExpExecArray | null;
  if ((match = FINISHED.exec(text))) return { kind: 'build-finished', build: match[1]!, duration: match[2] ?? null };
  if ((match = ERRORED.exec(text))) return { kind: 'build-errored', build: match[1]!, duration: match[2] ?? null, error: match[3]! };
  if (text.startsWith('==> Wait completed after ')) return { kind: 'wait-completed' };
  if (text === "==> Some builds didn't complete successfully and had errors:") return { kind: 'section', section: 'errors' };
  if (text === '==> Builds finished. The artifacts of successful builds are:') return { kind: 'section', section: 'artifacts' };
  if (text === '==> Builds finished but no artifacts were created.') return { kind: 'section', section: 'no-artifacts' };
  if (text === 'Cleanly cancelled builds after being interrupted.') return { kind: 'cancelled' };
  if ((match = SECTION_ENTRY.exec(text))) return { kind: 'section-entry', build: match[1]!, text: match[2]! };
  if ((match = REGION_AMI.exec(text))) return { kind: 'region-ami', region: match[1]!, amiId: match[2]! };
  if ((match = FULL_BAKE.exec(text))) return { kind: 'mode', mode: 'full-bake', sinceCommit: match[1]!, commit: match[2] ?? null };
  if ((match = RE_TAG_MODE.exec(text))) return { kind: 'mode', mode: 're-tag', sinceCommit: match[1]!, commit: match[2] ?? null };
  if ((match = RE_TAG.exec(text))) return { kind: 'retag', amiId: match[1]!, workerType: match[2]!, tag: match[3]!, commit: match[4]! };
  if ((match = BUILD_OUTPUT.exec(text))) return { kind: 'build-output', build: match[1]!, message: match[2] ?? '', prefixed: true };
  if ((match = BARE_BUILD_OUTPUT.exec(text))) return { kind: 'build-output', build: match[1]!, message: match[2]!, prefixed: false };
  return { kind: 'other' };
}

/** What one message of a build says about its progress. */
export interface BuildMessage {
  step: BakeStep | null;
  instanceId: string | null;
  amiId: string | null;
  amiName: string | null;
}

const STEPS: [RegExp, BakeStep][] = [
  [/^(?:Prevalidating |Found Image ID: |Creating temporary (?:keypair|security group)|Authorizing access to port|Using existing SSH private key|Found (?:VPC|Subnet) ID)/, 'preparing'],
  [/^(?:Launching a (?:source|spot) AWS instance|Adding tags to source instance|Instance ID: |Waiting for instance \()/, 'launching'],
  [/^(?:Using (?:ssh|winrm) communicator to connect|Waiting for (?:SSH|WinRM) to become available|Connected to (?:SSH|WinRM)!)/, 'connecting'],
  [/^(?:Provisioning with |Setting up proxy adapter for Ansible|Executing Ansible)/, 'provisioning'],
  [/^(?:Stopping the source instance|Stopping instance|Waiting for the instance to stop)/, 'stopping'],
  [new RegExp(`^(?:Creating AMI (?!tags$)|Creating the AMI: |AMI: ${AMI_ID}|Waiting for AMI to become ready)`), 'creating-ami'],
  [/^(?:Adding tags to AMI|Tagging snapshot|Creating AMI tags|Creating snapshot tags|Modifying attributes on (?:AMI|snapshot)|Copying\/Encrypting AMI)/, 'tagging'],
  [/^(?:Terminating the source AWS instance|Cleaning up any extra volumes|No volumes to clean up|Deleting temporary (?:security group|keypair)|Destroying volume)/, 'cleaning-up'],
];
const INSTANCE = /(?:^Instance ID: |^Waiting for instance \(| from instance )(i-[0-9a-f]{8,17})/;
const AMI = new RegExp(`^(?:AMI: |Adding tags to AMI \\()(${AMI_ID})`);
const AMI_NAME = /^(?:Creating AMI (?!tags$)(.+?) from instance i-[0-9a-f]+$|Creating the AMI: (.+)$)/;

export function readBuildMessage(message: string): BuildMessage {
  const step = STEPS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
  const name = AMI_NAME.exec(message);
  return {
    step,
    instanceId: INSTANCE.exec(message)?.[1] ?? null,
    amiId: AMI.exec(message)?.[1] ?? null,
    amiName: name ? (name[1] ?? name[2]!) : null,
  };
}

const UNIT_SECONDS: Record<string, number> = {
  year: 31_536_000,
  week: 604_800,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
  millisecond: 0.001,
  microsecond: 0.000_001,
};

/** Seconds in a durafmt duration such as `22 minutes 39 seconds`; null when it is not one. */
export function packerDurationSeconds(text: string): number | null {
  const parts = [...text.matchAll(/(\d+) (year|week|day|hour|minute|second|millisecond|microsecond)s?\b/g)];
  if (parts.length === 0) return null;
  const seconds = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_SECONDS[unit!]!, 0);
  return Math.round(seconds * 1000) / 1000;
}
