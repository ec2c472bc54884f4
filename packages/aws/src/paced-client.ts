import { AwsCallMeter } from './call-meter.ts';
import type { AwsCallTarget } from '@fleet/core';
import { type CallPacers, processPacers } from './call-pacer.ts';
import { isThrottling } from './errors.ts';

type Attempt = (args: unknown) => Promise<unknown>;
type PacingMiddleware = (next: Attempt, context: { commandName?: string }) => Attempt;

/** The part of an SDK v3 client this needs: its middleware stack. */
export interface MiddlewareHost {
  middlewareStack: {
    addRelativeTo(middleware: never, options: { relation: 'before'; toMiddleware: string; name: string; override: boolean }): void;
  };
}

const NAME = 'fleetPortalCallPacing';

/**
 * Makes every attempt of the client's calls (retries included, as AWS counts them) wait its turn
 * in the account's pacer and count in the meter of the work that made it. It sits inside the
 * SDK's retry loop, just before signing, so a call that waited is signed when it leaves.
 * Instrumenting a client twice replaces the first.
 */
export function paceClient<C extends MiddlewareHost>(client: C, target: AwsCallTarget, pacers: CallPacers = processPacers): C {
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
  client.middlewareStack.addRelativeTo(middleware as never, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: NAME, override: true });
  return client;
}
