import { agentControllersOf, nodeMetricsUrl, NO_WORKER_TYPE, personText } from '@fleet/core';
import {
  type FindingRow,
  findNode,
  findGroup,
  imageIdsOfCommitPrefix,
  listFindings,
  listFindingsOfNode,
  listNodes,
  listStatusChanges,
  listWorstNodes,
  NODE_SORT_KEYS,
  nodeFacets,
  type NodeSortKey,
  nodeStatusCounts,
  openFindingCounts,
} from '@fleet/db';
import { TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';
import { describeIssues } from '../guard/preconditions.ts';
import { nodeSources } from '@fleet/sync';
import { AGENT_STATES, amisOf, FINDING_KINDS, NODE_STATUSES, nodeView, REASON_CODES, reasonsOf, statusOf } from './node-view.ts';
import { agentOfflineAction, agentOnlineAction } from './actions/agent-actions.ts';
import { markUnhealthyAction, terminateInGroupAction } from './actions/group-member-actions.ts';
import { type ApiContext, guardedAction, router, viewerProcedure } from '../trpc.ts';

const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, 'must be an EC2 instance id: i- and 8 or 17 hex digits, e.g. i-0123456789abcdef0');
const workerType = z.string().min(1).max(100).regex(/^[\w.-]+$/, 'must be a worker type key such as rhel8-builder');
const asgName = z.string().min(1).max(255).regex(/^[\w+=,.@/-]+$/, 'must be an Auto Scaling group name');
const zone = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/, 'must be an availability zone such as us-east-1a');
const lifecycleState = z.string().min(1).max(40).regex(/^[A-Za-z]+(:[A-Za-z]+)*$/, 'must be an Auto Scaling lifecycle state such as InService or Terminating:Wait');
const sortKeys = Object.keys(NODE_SORT_KEYS) as [NodeSortKey, ...NodeSortKey[]];
const some = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max, `at most ${max} values`).optional();

const listInput = z.strictObject({
  status: some(z.enum(NODE_STATUSES, { error: `must be one of ${NODE_STATUSES.join(', ')}` }), NODE_STATUSES.length),
  workerType: some(workerType, 100),
  asgName: some(asgName, 200),
  availabilityZone: some(zone, 100),
  reason: some(z.enum(REASON_CODES, { error: `must be a reason code: ${REASON_CODES.join(', ')}` }), REASON_CODES.length),
  agent: some(z.enum(AGENT_STATES, { error: `must be one of ${AGENT_STATES.join(', ')}` }), AGENT_STATES.length),
  lifecycleState: some(lifecycleState, 30),
  search: personText(100).trim().optional(),
  includeGone: z.boolean().optional(),
  sort: z.enum(sortKeys, { error: `must be one of ${sortKeys.join(', ')}` }).optional(),
  direction: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).optional(),
  offset: z.number().int().min(0, 'cannot be negative').default(0),
  limit: z.number().int().min(1, 'at least 1').max(500, 'at most 500 nodes a page').default(100),
});

/** A bad filter answers "limit: at most 500 nodes a page", not zod's issues as JSON. */
const nodesProcedure = viewerProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'BAD_REQUEST' && result.error.cause instanceof ZodError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(result.error.cause), cause: result.error.cause });
  }
  return result;
});

const HISTORY_LIMIT = 50;
const FINDINGS_OF_NODE_LIMIT = 20;
/** Resolved findings stay on a node's page this long, so "it was offline this morning" is visible. */
const RECENT_FINDING_MS = 7 * 24 * 3_600_000;

function findingView(f: FindingRow, now: Date) {
  const end = f.resolvedAt ?? now;
  return {
    id: f.id,
    kind: f.kind,
    instanceId: f.instanceId,
    agentName: f.agentName,
    message: f.message,
    since: f.since,
    lastSeenAt: f.lastSeenAt,
    resolvedAt: f.resolvedAt,
    /** How long it lasted, or has lasted so far while open. */
    lastedMs: Math.max(0, end.getTime() - f.since.getTime()),
  };
}

async function nodeDetail(ctx: ApiContext, id: string) {
  const row = await findNode(ctx.prisma, id);
  if (!row) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `The portal has not seen a node ${id}: no Auto Scaling group, EC2 status listing or Jenkins agent has named it.` });
  }
  const now = ctx.now();
  const [amis, { changes, total: historyTotal }, findings, asg, sources] = await Promise.all([
    amisOf(ctx.prisma, [row]),
    listStatusChanges(ctx.prisma, id, HISTORY_LIMIT),
    listFindingsOfNode(ctx.prisma, id, new Date(now.getTime() - RECENT_FINDING_MS), FINDINGS_OF_NODE_LIMIT),
    row.asgName ? findGroup(ctx.prisma, row.asgName) : null,
    nodeSources(ctx.prisma, ctx.config, now),
  ]);
  const { jenkins, prometheus } = ctx.config;
  // The controller the agent was last seen on, else the only one there is.
  const agents = agentControllersOf(jenkins);
  const agentController = agents.find((c) => c.name === row.agentController) ?? (agents.length === 1 ? agents[0] : undefined);
  return {
    ...nodeView(row, { config: ctx.config, now, amis }),
    agentName: row.agentPresent ? row.instanceId : null,
    asgKnown: asg !== null,
    jenkinsUrl: agentController ? `${agentController.url.replace(/\/+$/, '')}/computer/${encodeURIComponent(row.instanceId)}/` : null,
    metricsUrl: prometheus ? nodeMetricsUrl(prometheus, row.instanceId) : null,
    history: changes.map((c) => ({ id: c.id.toString(), at: c.at, fromStatus: c.fromStatus === null ? null : statusOf(c.fromStatus), toStatus: statusOf(c.toStatus), reasons: reasonsOf(c.reasons) })),
    historyTotal,
    findings: findings.map((f) => findingView(f, now)),
    sources,
  };
}

async function fleetSummary(ctx: ApiContext, worst: number) {
  const now = ctx.now();
  const [counts, worstRows, openFindings, sources] = await Promise.all([
    nodeStatusCounts(ctx.prisma),
    listWorstNodes(ctx.prisma, worst),
    openFindingCounts(ctx.prisma),
    nodeSources(ctx.prisma, ctx.config, now),
  ]);
  // Every configured worker type, with no nodes too, in the config's order; then any other seen.
  const keys = [...ctx.config.workerTypes.map((w) => w.key)];
  for (const c of counts) if (!keys.includes(c.workerType ?? NO_WORKER_TYPE)) keys.push(c.workerType ?? NO_WORKER_TYPE);
  const workerTypes = keys.map((key) => {
    const mine = counts.filter((c) => (c.workerType ?? NO_WORKER_TYPE) === key);
    const of = (status: string) => mine.filter((c) => c.status === status).reduce((n, c) => n + c.count, 0);
    const byStatus = { healthy: of('healthy'), degraded: of('degraded'), unhealthy: of('unhealthy'), unknown: of('unknown') };
    return { workerType: key, configured: ctx.config.workerTypes.some((w) => w.key === key), counts: byStatus, total: mine.reduce((n, c) => n + c.count, 0) };
  });
  const amis = await amisOf(ctx.prisma, worstRows);
  return {
    workerTypes,
    worst: worstRows.map((row) => nodeView(row, { config: ctx.config, now, amis })),
    openFindings,
    sources,
  };
}

/** A search that looks like a commit sha (7 to 40 hex digits) also finds the nodes running AMIs built from it. */
async function imagesOfCommit(prisma: ApiContext['prisma'], search: string | undefined): Promise<string[] | undefined> {
  const sha = search?.toLowerCase();
  if (!sha || !/^[0-9a-f]{7,40}$/.test(sha)) return undefined;
  return imageIdsOfCommitPrefix(prisma, sha);
}

export const nodesRouter = router({
  /** Guarded, journaled and audited: Auto Scaling's SetInstanceHealth and TerminateInstanceInAutoScalingGroup, Jenkins's toggleOffline. */
  markUnhealthy: guardedAction(markUnhealthyAction),
  terminate: guardedAction(terminateInGroupAction),
  takeAgentOffline: guardedAction(agentOfflineAction),
  bringAgentOnline: guardedAction(agentOnlineAction),

  /** One page of nodes, filtered and sorted in the database, with each filter's counts and the sources' states. */
  list: nodesProcedure.input(listInput.prefault({})).query(async ({ ctx, input }) => {
    const now = ctx.now();
    const query = { ...input, searchImageIds: await imagesOfCommit(ctx.prisma, input.search) };
    const [{ items, total }, facets, sources] = await Promise.all([
      listNodes(ctx.prisma, query),
      nodeFacets(ctx.prisma, query),
      nodeSources(ctx.prisma, ctx.config, now),
    ]);
    const amis = await amisOf(ctx.prisma, items);
    return { items: items.map((row) => nodeView(row, { config: ctx.config, now, amis })), total, offset: input.offset, limit: input.limit, sources, facets };
  }),

  /** One node: every signal with its age, its status history, its findings and where to look further. */
  get: nodesProcedure.input(z.strictObject({ instanceId })).query(({ ctx, input }) => nodeDetail(ctx, input.instanceId)),

  /** Per worker type how many nodes are in each status, the worst nodes, and the open findings. */
  summary: nodesProcedure
    .input(z.strictObject({ worst: z.number().int().min(0).max(50, 'at most 50 nodes').default(10) }).prefault({}))
    .query(({ ctx, input }) => fleetSummary(ctx, input.worst)),

  /** Where AWS and Jenkins disagree, longest first; open ones only unless resolved ones are asked for. */
  findings: nodesProcedure
    .input(
      z
        .strictObject({
          kind: z.enum(FINDING_KINDS, { error: `must be one of ${FINDING_KINDS.join(', ')}` }).optional(),
          includeResolved: z.boolean().default(false),
          limit: z.number().int().min(1).max(1000, 'at most 1000 findings').default(500),
        })
        .prefault({}),
    )
    .query(async ({ ctx, input }) => {
      const { items, total } = await listFindings(ctx.prisma, input);
      const now = ctx.now();
      return { items: items.map((f) => findingView(f, now)), total };
    }),
});
