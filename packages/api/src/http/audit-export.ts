import { randomUUID } from 'node:crypto';
import type { FleetConfig } from '@fleet/core';
import type { PrismaClient } from '@fleet/db';
import { createContext } from '../context.ts';
import type { AttemptView } from '../audit/attempt-view.ts';
import { auditFilterFromQuery } from '../audit/filter.ts';
import { attemptPage } from '../audit/router.ts';
import { mayReadAudit } from '../trpc.ts';

export type ExportFormat = 'csv' | 'jsonl';

/** Lines fetched per query: memory stays one page, whatever the export's size. */
const EXPORT_PAGE = 1_000;

const CSV_COLUMNS = [
  'started_at', 'last_at', 'source', 'user', 'source_address', 'action', 'target', 'outcome', 'error_code', 'error_message',
  'reason', 'decided_by', 'correlation_id', 'journal_id', 'events', 'refresh_id', 'refresh_status', 'build', 'build_result',
] as const;

function exportRecord(a: AttemptView): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  const build = a.consequence?.build;
  return {
    started_at: a.startedAt.toISOString(),
    last_at: a.lastAt.toISOString(),
    source: a.source,
    user: a.user,
    source_address: a.sourceAddress,
    action: a.action,
    target: a.target,
    outcome: a.outcome,
    error_code: a.errorCode,
    error_message: a.errorMessage,
    reason: a.reason,
    decided_by: a.decidedBy,
    correlation_id: a.correlationId,
    journal_id: a.journalId,
    events: a.eventCount,
    refresh_id: a.consequence?.refresh?.id ?? null,
    refresh_status: a.consequence?.refresh?.status ?? null,
    build: build ? `${build.job}${build.number === null ? ' (queued)' : ` #${build.number}`}` : null,
    build_result: build ? (build.building ? 'BUILDING' : build.result) : null,
  };
}

/**
 * One CSV field. Quoted when it must be; and a field a spreadsheet would run as a formula
 * (= + - @ at its start) gets a leading apostrophe, since reasons and targets are anyone's text.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function exportLine(format: ExportFormat, a: AttemptView): string {
  const record = exportRecord(a);
  return format === 'csv' ? `${CSV_COLUMNS.map((c) => csvField(record[c])).join(',')}\r\n` : `${JSON.stringify(record)}\n`;
}

function problem(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store' } });
}

export interface AuditExportOptions {
  config: FleetConfig;
  prisma: PrismaClient;
  peerAddress?: string | null;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `GET /api/audit/export?format=csv&user=ada…`: what the audit page's filter shows, every line of
 * it, streamed a page at a time as the client reads (a slow reader slows the queries, it never
 * fills memory).
 */
export async function handleAuditExport(req: Request, options: AuditExportOptions): Promise<Response> {
  if (req.method !== 'GET') return problem(405, 'the export is read with GET');
  const ctx = await createContext({ req, config: options.config, prisma: options.prisma, peerAddress: options.peerAddress ?? null, ...(options.env ? { env: options.env } : {}) });
  if (!mayReadAudit(ctx)) return problem(401, 'sign in to export the audit trail');
  const params = new URL(req.url).searchParams;
  const format = params.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') return problem(400, 'format must be csv or jsonl');
  const filter = auditFilterFromQuery(params);
  if (!filter.success) return problem(400, `the filter is not valid: ${filter.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);

  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started && format === 'csv') controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(',')}\r\n`));
        started = true;
        try {
          const page = await attemptPage(options.prisma, { ...filter.data, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
          if (page.items.length > 0) controller.enqueue(encoder.encode(page.items.map((a) => exportLine(format, a)).join('')));
          if (page.nextCursor === null) controller.close();
          else cursor = page.nextCursor;
        } catch (error) {
          // The download ends short; its reader is told by reference, the log has the cause.
          const reference = randomUUID();
          console.error(`[${reference}] audit export failed: ${error instanceof Error ? error.message : String(error)}`);
          controller.error(new Error(`the export stopped early (reference ${reference})`));
        }
      },
    },
    { highWaterMark: 1 },
  );
  const stamp = ctx.now().toISOString().slice(0, 19).replaceAll(':', '');
  return new Response(body, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
