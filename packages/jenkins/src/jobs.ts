import { z } from 'zod';
import { type JenkinsTransport } from './transport.ts';

/**
 * A job's path under the controller: "infra/bake-amis" is the job bake-amis in the folder infra,
 * at /job/infra/job/bake-amis. Jenkins forbids '/' in item names, so it only ever separates folders.
 */
export function jobPath(fullName: string): string {
  const segments = fullName.split('/').filter((s) => s !== '');
  if (segments.length === 0) throw new TypeError('a job name is needed');
  return segments.map((s) => `/job/${encodeURIComponent(s)}`).join('');
}

export type ParameterValue = string | number | boolean | null;

const defaultValueShape = z.object({ value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional() }).nullable().optional();

const parameterDefinitionShape = z.object({
  _class: z.string().optional(),
  name: z.string(),
  /** The definition's simple class name: StringParameterDefinition, ChoiceParameterDefinition, … */
  type: z.string().optional(),
  description: z.string().nullable().optional(),
  defaultParameterValue: defaultValueShape,
  choices: z.array(z.string()).optional(),
});

const definitionsHolderShape = z.object({ parameterDefinitions: z.array(parameterDefinitionShape).optional() });

const buildRefShape = z.object({ number: z.number().int(), url: z.string().optional() }).nullable().optional();

export const JOB_TREE =
  'name,fullName,url,buildable,inQueue,nextBuildNumber,lastBuild[number,url],' +
  'property[parameterDefinitions[name,type,description,defaultParameterValue[value],choices]],' +
  'actions[parameterDefinitions[name,type,description,defaultParameterValue[value],choices]]';

export const jobShape = z.object({
  _class: z.string().optional(),
  name: z.string(),
  fullName: z.string().optional(),
  url: z.string(),
  buildable: z.boolean(),
  inQueue: z.boolean().default(false),
  nextBuildNumber: z.number().int(),
  lastBuild: buildRefShape,
  // Older controllers listed the definitions among the actions as well as the properties.
  property: z.array(definitionsHolderShape).default([]),
  actions: z.array(definitionsHolderShape).default([]),
});

export interface JobParameter {
  name: string;
  /** StringParameterDefinition, BooleanParameterDefinition, ChoiceParameterDefinition, … */
  type: string | null;
  description: string | null;
  defaultValue: ParameterValue;
  /** The choices of a choice parameter, else empty. */
  choices: string[];
}

export interface JenkinsJob {
  name: string;
  fullName: string;
  url: string;
  className: string | null;
  buildable: boolean;
  inQueue: boolean;
  parameters: JobParameter[];
  lastBuildNumber: number | null;
  nextBuildNumber: number;
}

export function toJob(raw: z.output<typeof jobShape>, fullName: string): JenkinsJob {
  const fromProperties = raw.property.flatMap((p) => p.parameterDefinitions ?? []);
  const definitions = fromProperties.length > 0 ? fromProperties : raw.actions.flatMap((a) => a.parameterDefinitions ?? []);
  return {
    name: raw.name,
    fullName: raw.fullName ?? fullName,
    url: raw.url,
    className: raw._class ?? null,
    buildable: raw.buildable,
    inQueue: raw.inQueue,
    parameters: definitions.map((d) => ({
      name: d.name,
      type: d.type ?? null,
      description: d.description ?? null,
      defaultValue: d.defaultParameterValue?.value ?? null,
      choices: d.choices ?? [],
    })),
    lastBuildNumber: raw.lastBuild?.number ?? null,
    nextBuildNumber: raw.nextBuildNumber,
  };
}

const jobListShape = z.object({
  jobs: z.array(z.object({ _class: z.string().optional(), name: z.string(), url: z.string().optional() })).default([]),
});

export interface JobSummary {
  name: string;
  /** Tells a folder (com.cloudbees.hudson.plugins.folder.Folder) from a job (hudson.model.FreeStyleProject, …). */
  className: string | null;
  url: string | null;
}

export async function readJob(transport: JenkinsTransport, fullName: string): Promise<JenkinsJob> {
  const { body } = await transport.json({ path: `${jobPath(fullName)}/api/json?tree=${encodeURIComponent(JOB_TREE)}`, subject: `job ${fullName}` }, jobShape);
  return toJob(body, fullName);
}

export async function readJobs(transport: JenkinsTransport): Promise<JobSummary[]> {
  const { body } = await transport.json({ path: `/api/json?tree=${encodeURIComponent('jobs[name,url]')}`, subject: 'the job list' }, jobListShape);
  return body.jobs.map((j) => ({ name: j.name, className: j._class ?? null, url: j.url ?? null }));
}
