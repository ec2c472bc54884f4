import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { accessConfigSchema } from './access-config.ts';
import { auditConfigSchema } from './audit-config.ts';
import { authConfigSchema } from './auth-config.ts';
import { httpUrl } from './config-fields.ts';
import { durationSchema as duration } from './duration.ts';
import { healthConfigSchema, prometheusConfigSchema } from './health-config.ts';
import { validateDeclaredClouds } from './clouds/validate.ts';
import { jenkinsConfigSchema } from './jenkins-config.ts';

export { estimateDuration, formatDuration, parseDuration } from './duration.ts';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id, quoted in YAML');
const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-east-1');
const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/fleet-portal');
const tagKey = z.string().min(1).max(128);
const awsAccount = z.strictObject({
  id: accountId,
  name: z.string().min(1),
  regions: z.array(region).min(1, 'must list at least one region'),
  /** Role to assume in this account; without it the default credential chain is used as is. */
  roleArn: roleArn.optional(),
  /** An EC2/AutoScaling-compatible endpoint; AWS_ENDPOINT_URL* from the environment also apply. */
  endpoint: httpUrl.optional(),
});

const workerType = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
  baseOs: z.string().min(1),
  role: z.string().min(1),
  asgs: z.array(z.string().min(1)).default([]),
  jenkinsLabels: z.array(z.string().min(1)).default([]),
});

export const fleetConfigSchema = z
  .strictObject({
    infraRepo: z.strictObject({
      /** `{sha}` is replaced by the full commit sha. */
      commitUrlTemplate: z.string().includes('{sha}', { error: 'must contain {sha}' }),
      /** The diff between two commits; `{from}` and `{to}` are replaced by their full shas. */
      compareUrlTemplate: z
        .string()
        .includes('{from}', { error: 'must contain {from} (the older commit) and {to} (the newer one)' })
        .includes('{to}', { error: 'must contain {from} (the older commit) and {to} (the newer one)' })
        .optional(),
      /** A local clone of the infra repo, for which commits touched the packer folder. */
      localClone: z.string().min(1).optional(),
      packerPath: z.string().min(1).default('packer/'),
      branch: z.string().min(1).default('HEAD'),
      /** How many commits of history the lineage shows. */
      historyDepth: z.number().int().min(1).max(5000).default(200),
    }),
    aws: z.strictObject({
      buildAccount: awsAccount,
      productionAccounts: z.array(awsAccount).min(1, 'must list at least one production account'),
    }),
    tags: z
      .strictObject({
        commit: tagKey,
        workerType: tagKey,
        baseOs: tagKey,
        role: tagKey.optional(),
        buildId: tagKey,
        /** Tag that keeps the commit an AMI was built at; the commit tag itself moves on re-tags. */
        builtCommit: tagKey.optional(),
      })
      .default({ commit: 'infra_commit', workerType: 'worker_type', baseOs: 'base_os', buildId: 'packer_build_id' }),
    workerTypes: z.array(workerType).min(1, 'must list at least one worker type'),
    sync: z
      .strictObject({
        images: duration.default(60_000),
        launchPermissions: duration.default(300_000),
        infraRepo: duration.default(120_000),
        asgs: duration.default(60_000),
        /** How often groups are read while one of them refreshes. */
        asgsWhileRefreshing: duration.default(5_000),
        /** How often node health (EC2 status checks, Jenkins agents, node-exporter) is read. */
        nodes: duration.default(30_000),
        /** How often the Jenkins jobs the portal follows (the bake, housekeeping) are read while none runs; every 3 s while one does. */
        jenkinsJobs: duration.default(30_000),
        /** How often each controller's clouds are read and diffed against jenkins.controllers[].clouds: drift by hand shows within one read. */
        jenkinsClouds: duration.default(60_000),
      })
      .prefault({}),
    /** The Jenkins controllers: whose agents are the fleet's nodes, which runs the AMI bake and the housekeeping jobs. */
    jenkins: jenkinsConfigSchema.optional(),
    /** The Prometheus that scrapes the nodes' node-exporter; without it there is no disk, load or memory data. */
    prometheus: prometheusConfigSchema.optional(),
    /** When a node counts as degraded or unhealthy (docs/configuration.md, `health`). */
    health: healthConfigSchema.prefault({}),
    /** Who may do what, on which targets and when (docs/configuration.md, `access`). */
    access: accessConfigSchema.prefault({}),
    /** How the portal learns who a request comes from (docs/configuration.md, `auth`). */
    auth: authConfigSchema.prefault({}),
    /** The audit trail's retention archive and its reading of CloudTrail (docs/configuration.md, `audit`). */
    audit: auditConfigSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.workerTypes.forEach((type, index) => {
      if (seen.has(type.key)) {
        ctx.addIssue({ code: 'custom', path: ['workerTypes', index, 'key'], message: `duplicate worker type "${type.key}"` });
      }
      seen.add(type.key);
    });
    config.jenkins?.controllers.forEach((controller, index) => {
      for (const problem of validateDeclaredClouds(controller.clouds ?? [], config.workerTypes)) {
        ctx.addIssue({ code: 'custom', path: ['jenkins', 'controllers', index, 'clouds', ...problem.path], message: problem.message });
      }
    });
    const ids = [config.aws.buildAccount.id, ...config.aws.productionAccounts.map((a) => a.id)];
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['aws'], message: 'an account id appears twice; each account is listed once' });
    }
  });

export type FleetConfig = z.output<typeof fleetConfigSchema>;
export type AwsAccountConfig = FleetConfig['aws']['buildAccount'];
export type WorkerTypeConfig = FleetConfig['workerTypes'][number];
export type AccessConfig = FleetConfig['access'];
export type AuthConfig = FleetConfig['auth'];

export interface ConfigProblem {
  /** Dotted path of the key, e.g. `aws.buildAccount.id`. */
  key: string;
  message: string;
  /** The line of the file the key (or the nearest key above it that is there) stands on. */
  line?: number;
}

export type ConfigResult = { ok: true; config: FleetConfig } | { ok: false; problems: ConfigProblem[] };

/** Parses and validates the YAML text of a fleet config, reporting every problem at once. */
export function parseFleetConfig(text: string): ConfigResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        key: `(line ${(error.linePos?.[0]?.line ?? 0)})`,
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const result = fleetConfigSchema.safeParse(document.toJS(), { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const line = lineOf(document, lineCounter, issue.path);
      return { key: issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)', message: describeIssue(issue), ...(line !== null && { line }) };
    }),
  };
}

/** Where a key stands in the file; a key that is missing points at the nearest one above it that is there. */
function lineOf(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | null {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node = document.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling against docs/configuration.md`;
    case 'invalid_type':
      if (issue.input === undefined) return `is required (${issue.expected})`;
      if (issue.expected === 'string' && typeof issue.input === 'number') return `must be a string, got the number ${issue.input}: quote it in YAML`;
      return `must be ${issue.expected}, got ${describeInput(issue.input)}`;
    default:
      return issue.message;
  }
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input;
}

export function formatConfigProblems(source: string, problems: ConfigProblem[]): string {
  return [`${source}: ${problems.length} problem${problems.length > 1 ? 's' : ''}`, ...problems.map((p) => `  ${p.key}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`)].join('\n');
}

/** A commit's page in the forge from `infraRepo.commitUrlTemplate`; the one place the template is filled. */
export function commitUrlFrom(template: string, sha: string): string {
  return template.replaceAll('{sha}', sha);
}

export function commitUrl(config: FleetConfig, sha: string): string {
  return commitUrlFrom(config.infraRepo.commitUrlTemplate, sha);
}

/** The diff from one commit to another in the forge, or null when `infraRepo.compareUrlTemplate` is not set. */
export function compareUrl(config: FleetConfig, from: string, to: string): string | null {
  const template = config.infraRepo.compareUrlTemplate;
  return template ? template.replaceAll('{from}', from).replaceAll('{to}', to) : null;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ConfigProblem[],
  ) {
    super(formatConfigProblems(source, problems));
    this.name = 'ConfigError';
  }
}

/**
 * Validates a config file's text and resolves its relative paths against the file's folder,
 * throwing a {@link ConfigError} that lists every problem.
 */
export function fleetConfigFromFile(text: string, source: string, folder: string): FleetConfig {
  const result = parseFleetConfig(text);
  if (!result.ok) throw new ConfigError(source, result.problems);
  const clone = result.config.infraRepo.localClone;
  if (clone && !clone.startsWith('/')) {
    result.config.infraRepo.localClone = `${folder.replace(/\/$/, '')}/${clone}`;
  }
  const retention = result.config.audit.retention;
  if (retention && !retention.archiveDir.startsWith('/')) retention.archiveDir = `${folder.replace(/\/$/, '')}/${retention.archiveDir}`;
  return result.config;
}
