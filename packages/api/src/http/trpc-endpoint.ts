import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import type { AnyTRPCProcedure } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { type CreateContextOptions, createContext } from '../context.ts';
import type { ActionRegistry } from '../guard/action-definition.ts';
import { recordAudit, startAttempt } from '../guard/audit.ts';
import { appRouter } from '../root.ts';
import type { ProcedureMeta } from '../trpc.ts';
import { batchRefusal, contentTypeRefusal, crossSiteRefusal, ENDPOINT_LIMITS, type PerimeterRefusal, proceduresOf, readBoundedBody, refusalResponse } from './perimeter.ts';

export const TRPC_ENDPOINT = '/api/trpc';

export interface TrpcEndpointOptions {
  config: FleetConfig;
  prisma: PrismaClient;
  peerAddress?: string | null;
  env?: Readonly<Record<string, string | undefined>>;
  actions?: ActionRegistry;
  limits?: { maxBodyBytes: number; maxBatchSize: number };
}

const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;

/** The name a mutation's refusals are audited under, or null for anything that is not a mutation. */
function auditedMutation(path: string): string | null {
  const procedure = Object.hasOwn(procedures, path) ? procedures[path] : undefined;
  if (procedure?._def.type !== 'mutation') return null;
  return (procedure._def.meta as ProcedureMeta | undefined)?.audit ?? path;
}

/** A refused mutation is an attempt to change something: the audit trail keeps it, as the guard would. */
async function auditRefusal(contextOptions: CreateContextOptions, paths: readonly string[], refusal: PerimeterRefusal): Promise<void> {
  const actions = [...new Set(paths.map(auditedMutation).filter((action): action is string => action !== null))];
  if (actions.length === 0) return;
  const ctx = await createContext(contextOptions);
  for (const action of actions) await recordAudit(ctx, startAttempt(action), 'denied', { code: refusal.code, message: refusal.message });
}

/**
 * The portal's tRPC endpoint: the perimeter (same-origin JSON mutations, bounded bodies and
 * batches), then tRPC's fetch adapter over the app router. The Next.js route hands every request here.
 */
export async function handleTrpcRequest(req: Request, options: TrpcEndpointOptions): Promise<Response> {
  const limits = options.limits ?? ENDPOINT_LIMITS;
  const paths = proceduresOf(new URL(req.url), TRPC_ENDPOINT);
  const contextOptions: CreateContextOptions = { req, config: options.config, prisma: options.prisma, peerAddress: options.peerAddress ?? null, ...(options.env ? { env: options.env } : {}), ...(options.actions ? { actions: options.actions } : {}) };
  const refuse = async (refusal: PerimeterRefusal) => {
    await auditRefusal(contextOptions, paths, refusal).catch((error: unknown) => console.error(`audit of a refused request failed: ${error instanceof Error ? error.message : String(error)}`));
    return refusalResponse(refusal);
  };

  const batch = batchRefusal(paths, limits.maxBatchSize);
  if (batch) return refusalResponse(batch);
  let forwarded = req;
  if (req.method === 'POST') {
    const refusal = crossSiteRefusal(req) ?? contentTypeRefusal(req);
    if (refusal) return refuse(refusal);
    const body = await readBoundedBody(req, limits.maxBodyBytes);
    if (!(body instanceof Uint8Array)) return refuse(body);
    forwarded = new Request(req.url, { method: 'POST', headers: req.headers, body, signal: req.signal });
  }
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: forwarded,
    router: appRouter,
    maxBatchSize: limits.maxBatchSize,
    createContext: ({ resHeaders }) => createContext({ ...contextOptions, req: forwarded, resHeaders }),
  });
}
