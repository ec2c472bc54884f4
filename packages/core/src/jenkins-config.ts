import { z } from 'zod';
import { envVarName, httpUrl } from './config-fields.ts';
import { declaredCloudsSchema } from './clouds/spec.ts';
import { durationSchema as duration } from './duration.ts';

/** A controller's key in the portal: in URLs, sync keys and the audit trail. */
const controllerName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, e.g. ci-int');

/** A job's full name as Jenkins shows it, folders separated by `/` (`infra/build-worker-amis`). */
const jobName = z
  .string()
  .min(1, 'must name a job')
  .max(500)
  .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) && !name.startsWith('/') && !name.endsWith('/') && !name.includes('//'), {
    message: 'must be a job name, folders separated by single slashes (e.g. infra/build-worker-amis)',
  });

/** The name of a job parameter, as the job declares it. */
const parameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/, 'must be a job parameter name such as INFRA_COMMIT');

/**
 * The portal writes its own action id into this parameter of every build it starts, so a trigger
 * whose answer was lost is found again in the queue or the builds instead of being sent twice.
 */
const actionIdParameter = parameterName.default('PORTAL_ACTION_ID');

const bakeJob = z.strictObject({
  /** The job that runs build_images.sh: bakes every worker type's AMI, or re-tags them. */
  job: jobName,
  parameters: z
    .strictObject({
      /** The infra commit to bake (a full sha). */
      commit: parameterName.default('INFRA_COMMIT'),
      /** Which worker types, comma-separated; empty means all. */
      workerTypes: parameterName.default('WORKER_TYPES'),
      actionId: actionIdParameter,
    })
    .prefault({}),
});

/**
 * How the housekeeping's aws_ec2 inventory names a host, in order of preference as its
 * `hostnames` option takes them: the first one a node has is its name in the play's output.
 */
export const HOSTNAME_SOURCES = ['private-ip-address', 'instance-id'] as const;
export type HostnameSource = (typeof HOSTNAME_SOURCES)[number];

const housekeepingJob = z.strictObject({
  job: jobName,
  /** What the job is for, shown beside its name. */
  description: z.string().max(300).optional(),
  parameters: z
    .strictObject({
      /** ansible-playbook's --limit: the hosts to run on; empty means all. */
      limit: parameterName.default('LIMIT'),
      /** ansible-playbook's --tags; empty means all. */
      tags: parameterName.default('TAGS'),
      actionId: actionIdParameter,
    })
    .prefault({}),
});

const housekeeping = z.strictObject({
  hostnames: z
    .array(z.enum(HOSTNAME_SOURCES, { error: `must be one of ${HOSTNAME_SOURCES.join(', ')}` }))
    .min(1, 'must name at least one source, e.g. [private-ip-address]')
    .default(['private-ip-address']),
  jobs: z.array(housekeepingJob).min(1, 'must list at least one housekeeping job'),
});

const controller = z.strictObject({
  name: controllerName,
  url: httpUrl,
  /** The user the API token belongs to; without it the portal reads Jenkins anonymously. */
  user: z.string().min(1).optional(),
  /** The environment variable holding the user's API token. */
  tokenEnv: envVarName('JENKINS_TOKEN').default('JENKINS_TOKEN'),
  /** Whether the controller's agents (named by instance id, as the EC2 Fleet plugin names them) are fleet nodes. */
  agents: z.boolean().default(true),
  /** The AMI bake job; at most one controller has it. */
  bake: bakeJob.optional(),
  /** Housekeeping jobs: Ansible playbooks run against the fleet's aws_ec2 inventory. */
  housekeeping: housekeeping.optional(),
  /**
   * The EC2 Fleet clouds this controller should have, under the plugin's JCasC names; the portal
   * diffs them against the controller and resyncs it. Left out: the portal does not manage its clouds.
   */
  clouds: declaredCloudsSchema.optional(),
});

export const jenkinsConfigSchema = z
  .strictObject({
    controllers: z.array(controller).min(1, 'must list at least one controller'),
    /**
     * How long a new instance may take to appear as an online agent. 3m is the EC2 Fleet plugin's own
     * default (initOnlineTimeoutSec 180); set it to what the cloud declares.
     */
    agentOnlineTimeout: duration.default(180_000),
  })
  .superRefine((jenkins, ctx) => {
    const seen = new Set<string>();
    jenkins.controllers.forEach((c, index) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['controllers', index, 'name'], message: `duplicate controller "${c.name}"; each controller is listed once` });
      seen.add(c.name);
    });
    const bakes = jenkins.controllers.flatMap((c, index) => (c.bake ? [index] : []));
    for (const index of bakes.slice(1)) {
      ctx.addIssue({ code: 'custom', path: ['controllers', index, 'bake'], message: 'another controller already has the bake job; the fleet has one AMI pipeline' });
    }
    jenkins.controllers.forEach((c, index) => {
      const jobs = new Set<string>();
      c.housekeeping?.jobs.forEach((job, j) => {
        if (jobs.has(job.job)) ctx.addIssue({ code: 'custom', path: ['controllers', index, 'housekeeping', 'jobs', j, 'job'], message: `duplicate housekeeping job "${job.job}"` });
        jobs.add(job.job);
      });
    });
  });

export type JenkinsConfig = z.output<typeof jenkinsConfigSchema>;
export type JenkinsControllerConfig = JenkinsConfig['controllers'][number];
export type BakeJobConfig = NonNullable<JenkinsControllerConfig['bake']>;
export type HousekeepingConfig = NonNullable<JenkinsControllerConfig['housekeeping']>;
export type HousekeepingJobConfig = HousekeepingConfig['jobs'][number];

/** The controller that runs the bake job, with its job; undefined when no controller has one. */
export function bakeControllerOf(jenkins: JenkinsConfig | undefined): { controller: JenkinsControllerConfig; bake: BakeJobConfig } | undefined {
  const controller = jenkins?.controllers.find((c) => c.bake);
  return controller?.bake ? { controller, bake: controller.bake } : undefined;
}

/** The controllers whose agents are the fleet's nodes. */
export function agentControllersOf(jenkins: JenkinsConfig | undefined): JenkinsControllerConfig[] {
  return jenkins?.controllers.filter((c) => c.agents) ?? [];
}

/** A job's page on its controller: `a/b` is `/job/a/job/b/`. */
export function jenkinsJobUrl(controller: { url: string }, job: string): string {
  return `${controller.url.replace(/\/+$/, '')}/${job.split('/').map((part) => `job/${encodeURIComponent(part)}`).join('/')}/`;
}

/** A build's page on its controller. */
export function jenkinsBuildUrl(controller: { url: string }, job: string, number: number): string {
  return `${jenkinsJobUrl(controller, job)}${number}/`;
}
