import { type ServerResponse } from 'node:http';
import { z } from 'zod';
import { sleep, type HttpRequest } from './http.ts';

const FAULT_KINDS = ['throttle', 'internal-error', 'latency', 'reset', 'error', 'drop-response', 'truncate', 'rewrite'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z.strictObject({
  /**
   * throttle: the service's throttling error; internal-error: HTTP 500; latency: a delay, then the
   * answer; reset: the connection is destroyed before the request is served; error: the error named
   * by `code` (e.g. ResourceContention). The last two serve the request, so what it asks is done,
   * and then lose the answer: drop-response closes the connection before any byte of it,
   * truncate sends the status, the headers and half the body, then closes. rewrite serves the
   * request and answers with `find` replaced by `replace` throughout the body: an answer whose
   * data is wrong (an absurd number, an unknown state, a missing field) rather than unreadable.
   */
  kind: z.enum(FAULT_KINDS),
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
  /** 302 on Jenkins is its redirect to the login page, as when a proxy's or Jenkins's session ran out. */
  status: z.number().int().min(300).max(599).optional(),
  /** For `rewrite`: the text to find in the answer's body and what to put in its place. */
  find: z.string().min(1).optional(),
  replace: z.string().default(''),
})
  .refine((spec) => spec.kind !== 'latency' || spec.latencyMs > 0, { message: 'a latency fault needs latencyMs', path: ['latencyMs'] })
  .refine((spec) => spec.kind !== 'error' || spec.code !== undefined, { message: 'an error fault needs code, e.g. ResourceContention', path: ['code'] })
  .refine((spec) => spec.kind !== 'rewrite' || spec.find !== undefined, { message: 'a rewrite fault needs find, the text to replace', path: ['find'] });

export type FaultSpec = z.input<typeof faultSpecSchema>;

export interface Fault {
  id: number;
  kind: FaultKind;
  remaining: number;
  service: string | undefined;
  account: string | undefined;
  action: string | undefined;
  latencyMs: number;
  code: string | undefined;
  message: string | undefined;
  status: number | undefined;
  find: string | undefined;
  replace: string;
}

export interface FaultTarget {
  service: string;
  action: string;
  /** The account whose keys signed the request, when known. */
  account?: string;
  /** Only faults that name this service hit it: a fault meant for AWS must not take down Jenkins. */
  onlyNamed?: boolean;
}

/** Faults waiting for the requests they will hit, oldest first; and how many requests each action got. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;
  private readonly served = new Map<string, number>();

  /** How many requests for this action (on this service, if named) reached the simulator, faulted ones included. */
  requests(action: string, service?: string): number {
    let total = 0;
    for (const [key, count] of this.served) {
      const [onService, forAction] = key.split(' ');
      if (forAction === action && (service === undefined || onService === service)) total += count;
    }
    return total;
  }

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
      find: parsed.find,
      replace: parsed.replace,
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
    const key = `${target.service} ${target.action}`;
    this.served.set(key, (this.served.get(key) ?? 0) + 1);
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

/** Whether the fault answers in place of the request: the faults that let it be served do not. */
export function answersInstead(fault: Fault | undefined): fault is Fault {
  return fault !== undefined && !['latency', 'drop-response', 'truncate', 'rewrite'].includes(fault.kind);
}

/**
 * Sends an answer the request earned, unless a drop-response or truncate fault loses it on the
 * way: the caller cannot tell whether what it asked was done, though it was.
 */
export function deliver(fault: Fault | undefined, response: ServerResponse, status: number, headers: Record<string, string | number>, body: string | undefined): void {
  if (fault?.kind === 'drop-response') {
    response.socket?.destroy();
    return;
  }
  if (fault?.kind === 'rewrite' && body && fault.find) {
    const rewritten = body.replaceAll(fault.find, fault.replace);
    const others = Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length');
    response.writeHead(status, { ...Object.fromEntries(others), 'content-length': Buffer.byteLength(rewritten) });
    response.end(rewritten);
    return;
  }
  response.writeHead(status, headers);
  if (fault?.kind === 'truncate' && body) {
    const bytes = Buffer.from(body);
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
    return;
  }
  response.end(body);
}
