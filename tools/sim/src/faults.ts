import { z } from 'zod';
import { sleep, type HttpRequest } from './http.ts';

export const faultSpecSchema = z.strictObject({
  /**
   * throttle: the service's throttling error; internal-error: HTTP 500; latency: a delay, then the
   * answer; reset: the connection is destroyed before the request is handled; lost-answer: the
   * request is handled (its effect happens), then the connection is destroyed instead of answering;
   * error: the error named by `code` (e.g. ResourceContention).
   */
  kind: z.enum(['throttle', 'internal-error', 'latency', 'reset', 'lost-answer', 'error']),
  /** How many of the next matching requests it hits. */
  count: z.number().int().min(1).default(1),
  /**
   * Only requests to this service: an AWS signing name (ec2, sts, …), `jenkins` or `node-exporter`.
   * A fault that names no service hits AWS requests only.
   */
  service: z.string().min(1).optional(),
  /** Only AWS requests signed with this account's keys (or a role assumed in it). */
  account: z.string().regex(/^\d{12}$/).optional(),
  /** Only requests for this action, e.g. DescribeImages; for Jenkins the page (computers, computer, toggleOffline, crumbIssuer), for node-exporter the instance id. */
  action: z.string().min(1).optional(),
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  /** For `error`: the AWS error code, its message and HTTP status. */
  code: z.string().regex(/^[A-Za-z][\w.]*$/).optional(),
  message: z.string().min(1).optional(),
  status: z.number().int().min(400).max(599).optional(),
})
  .refine((spec) => spec.kind !== 'latency' || spec.latencyMs > 0, { message: 'a latency fault needs latencyMs', path: ['latencyMs'] })
  .refine((spec) => spec.kind !== 'error' || spec.code !== undefined, { message: 'an error fault needs code, e.g. ResourceContention', path: ['code'] });

export type FaultSpec = z.input<typeof faultSpecSchema>;

export interface Fault {
  id: number;
  kind: 'throttle' | 'internal-error' | 'latency' | 'reset' | 'lost-answer' | 'error';
  remaining: number;
  service: string | undefined;
  account: string | undefined;
  action: string | undefined;
  latencyMs: number;
  code: string | undefined;
  message: string | undefined;
  status: number | undefined;
}

export interface FaultTarget {
  service: string;
  action: string;
  /** The account whose keys signed the request, when known. */
  account?: string;
  /** Only faults that name this service hit it: a fault meant for AWS must not take down Jenkins. */
  onlyNamed?: boolean;
}

/** Faults waiting for the requests they will hit, oldest first. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  inject(spec: FaultSpec): Fault {
    const parsed = faultSpecSchema.parse(spec);
    const fault: Fault = {
      id: this.nextId,
      kind: parsed.kind,
      remaining: parsed.count,
      service: parsed.service,
      account: parsed.account,
      action: parsed.action,
      latencyMs: parsed.latencyMs,
      code: parsed.code,
      message: parsed.message,
      status: parsed.status,
    };
    this.nextId += 1;
    this.faults.push(fault);
    return { ...fault };
  }

  pending(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault this request meets, if any, counted as spent. */
  take(target: FaultTarget): Fault | undefined {
    const fault = this.faults.find(
      (candidate) =>
        (candidate.service ? candidate.service === target.service : !target.onlyNamed) &&
        (!candidate.action || candidate.action === target.action) &&
        (!candidate.account || candidate.account === target.account),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}

/**
 * What a fault does to a request before any answer: a latency fault waits, a reset drops the
 * connection. True when the connection is gone and nothing more may be sent.
 */
export async function delayOrDrop(fault: Fault | undefined, request: HttpRequest): Promise<boolean> {
  if (fault?.kind === 'reset') {
    request.raw.socket.destroy();
    return true;
  }
  if (fault?.kind === 'latency') await sleep(fault.latencyMs);
  return false;
}
