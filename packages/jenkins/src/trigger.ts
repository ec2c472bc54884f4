import { JenkinsFailure } from './failure.ts';
import { jobPath } from './jobs.ts';
import { type JenkinsTransport } from './transport.ts';

export interface QueuedBuild {
  queueId: number;
  /**
   * Jenkins found an identical request still waiting in the queue and kept that one (303): no second
   * build was queued; this is the id of the one already there.
   */
  duplicate: boolean;
}

/** ParameterizedJobMixIn answers 409 for a job that is not buildable and 400 for one without parameters. */
function explainRefusal(error: unknown, base: string, job: string): unknown {
  if (!(error instanceof JenkinsFailure) || error.code !== 'refused') return error;
  const why =
    error.status === 409 ? `job ${job} is disabled or otherwise not buildable (409): enable it in Jenkins first` : error.status === 400 ? `job ${job} takes no parameters (400): check the job's configuration` : null;
  return why ? new JenkinsFailure('refused', `Jenkins at ${base} refused a build: ${why}`, error.status, { cause: error }) : error;
}

const QUEUE_LOCATION = /\/queue\/item\/(\d+)\/?$/;

/**
 * Queues a build of `job` with `parameters` (POST buildWithParameters). Jenkins answers 201 with
 * Location: <base>/queue/item/<id>/, or 303 to the identical item already queued.
 *
 * Never retried here: a lost answer ('outcome-unknown') may hide a queued build, and only the
 * caller can settle it, by looking in the queue and the builds for a parameter value of its own.
 */
export async function buildWithParameters(transport: JenkinsTransport, job: string, parameters: Readonly<Record<string, string>>): Promise<QueuedBuild> {
  const subject = `a build of job ${job}`;
  // Parameters go in the form body: they stay out of access logs, and Jenkins reads both alike.
  const answer = await transport
    .send({
      method: 'POST',
      path: `${jobPath(job)}/buildWithParameters`,
      subject,
      body: new URLSearchParams(parameters).toString(),
      contentType: 'application/x-www-form-urlencoded',
      accept: '*/*',
      alsoAccept: [302, 303],
    })
    .catch((error: unknown) => {
      throw explainRefusal(error, transport.base, job);
    });
  await answer.discard();
  const location = answer.headers.get('location') ?? '';
  if (answer.status === 302) {
    // ParametersDefinitionProperty sends the caller back to the job when the queue declined to schedule it.
    throw new JenkinsFailure('refused', `Jenkins at ${transport.base} did not queue ${subject}: it sent back to ${location || 'the job page'} (a queue decision handler declined it)`, 302);
  }
  const id = QUEUE_LOCATION.exec(new URL(location || '.', `${transport.base}/`).pathname)?.[1];
  if (!id) {
    throw new JenkinsFailure(
      'outcome-unknown',
      `Jenkins at ${transport.base} accepted ${subject} (${answer.status}) without saying which queue item (Location: ${location || 'none'}): look in the queue before trying again`,
      answer.status,
    );
  }
  return { queueId: Number(id), duplicate: answer.status === 303 };
}
