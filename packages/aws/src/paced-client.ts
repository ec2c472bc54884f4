import { AwsCallMeter } from './call-meter.ts';
import type { AwsCallTarget } from '@fleet/core';
import { type CallPacers, processPacers } from './call-pacer.ts';
import { isThrottling } from './errors.ts';

type Attempt = (args: unknown) => Promise<unknown>;
type PacingMiddleware = (next: Attempt, context: { commandName?: string }) => Attempt;

/** The part of an SDK v3 middleware stack this needs. */
interface Stack {
  addRelativeTo(middleware: never, options: { relation: 'before'; toMiddleware: string; name: string; override: boolean }): void;
}

/** The part of an SDK v3 client this needs: its middleware stack. */
export interface MiddlewareHost {
  middlewareStack: Stack;
}

const NAME = 'fleetPortalCallPacing';

/**
 * Makes every attempt of the client's calls (retries included, as AWS counts them) wait its turn
 * in the account's pacer and count in the meter of the work that made it. It sits inside the
 * SDK's retry loop, just before signing, so a call that waited is signed when it leaves.
 * Instrumenting a client twice replaces the first.
 */
export function paceClient<C extends MiddlewareHost>(client: C, target: AwsCallTarget, pacers: CallPacers = processPacers): C {
  pacingPlugin(target, pacers).applyToStack(client.middlewareStack);
  return client;
}

/** The same as a client plugin, for clients the SDK makes itself (the STS client that assumes a role). */
export function pacingPlugin(target: AwsCallTarget, pacers: CallPacers = processPacers): { applyToStack(stack: Stack): void } {
  const pacer = pacers.for(target);
  const middleware: PacingMiddleware = (next, context) => async (args) => {
    const api = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const meter = AwsCallMeter.current();
    const waited = await pacer.take();
    meter?.waited(target, pacer, waited);
    try {
      const result = await next(args);
      pacer.succeeded();
      meter?.record(target, api, { throttled: false });
      return result;
    } catch (error) {
      const throttled = isThrottling(error);
      if (throttled) pacer.throttled();
      meter?.record(target, api, { throttled });
      throw error;
    }
  };
  return { applyToStack: (stack) => stack.addRelativeTo(middleware as never, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: NAME, override: true }) };
}
