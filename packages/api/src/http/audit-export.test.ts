import v8 from 'node:v8';
import vm from 'node:vm';
import { TEST_DATABASE_TIMEOUT_MS, type TestDatabase, testDatabases } from '@fleet/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, testConfig } from '../test/harness.ts';
import { csvField, handleAuditExport } from './audit-export.ts';

const LINES = 200_000;

// The live heap, not the garbage not yet collected: collect, then measure.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const liveHeap = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

/** Reads a response to its end keeping only counts, and samples the live heap every few chunks. */
async function drain(response: Response) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  let newlines = 0;
  let head = '';
  const baseline = liveHeap();
  let peak = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    if (head.length < 2_000) head += text.slice(0, 2_000);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) newlines++;
    if (++chunks % 20 === 0) peak = Math.max(peak, liveHeap() - baseline);
  }
  return { bytes, newlines, head, peakHeapGrowth: peak };
}

describe.each(testDatabases().filter((t) => t.name === 'postgres'))('exporting the audit trail on $name', (target) => {
  let db: TestDatabase;
  const config = testConfig();
  let cookie: string;

  beforeAll(async () => {
    db = await target.open();
    // The attempts a trail of 200k events folds into, written straight into the read model the export reads.
    await db.prisma.$executeRawUnsafe(`
      INSERT INTO audit_attempt (correlation_id, first_seq, last_seq, started_at, last_at, source, user_name, source_address, action, target,
                                 reason, outcome, error_code, error_message, decided_by, journal_id, event_count, noise)
      SELECT 'bulk-' || n, n, n, timestamp '2026-11-01' + n * interval '1 second', timestamp '2026-11-01' + n * interval '1 second', 'portal',
             (ARRAY['oscar', 'ada', 'grace'])[1 + n % 3], '192.0.2.1', 'asg.refresh.start', 'pool-' || (n % 40),
             CASE WHEN n % 1000 = 0 THEN '=HYPERLINK("http://evil.example")' ELSE 'rolling out, "quoted", line' || chr(10) || 'two' END,
             CASE WHEN n % 7 = 0 THEN 'failed' ELSE 'succeeded' END, NULL, NULL, NULL, NULL, 2, false
        FROM generate_series(1, ${LINES}) AS n`);
    cookie = (await signedIn(db.prisma, config, 'oscar')).cookie!;
  }, TEST_DATABASE_TIMEOUT_MS * 4);

  afterAll(() => db?.cleanup());

  function exportAs(query: string) {
    return handleAuditExport(new Request(`http://portal.test/api/audit/export?${query}`, { headers: { cookie } }), { config, prisma: db.prisma });
  }

  it('streams every line as CSV in bounded memory', async () => {
    const started = performance.now();
    const response = await exportAs('format=csv&action=asg.refresh.start');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-.*\.csv"$/);
    const read = await drain(response);
    // A header, then each line; reasons hold one line break each (quoted), but the formulas.
    expect(read.newlines).toBe(1 + LINES * 2 - LINES / 1_000);
    expect(read.head.split('\r\n')[0]).toBe('started_at,last_at,source,user,source_address,action,target,outcome,error_code,error_message,reason,decided_by,correlation_id,journal_id,events,refresh_id,refresh_status,build,build_result');
    expect(read.bytes).toBeGreaterThan(30_000_000);
    // The whole export is over 30 MB; what is held at once stays a page or two.
    expect(read.peakHeapGrowth).toBeLessThan(16 * 1024 * 1024);
    console.log(`exported ${LINES} lines (${(read.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s, heap grew at most ${(read.peakHeapGrowth / 1e6).toFixed(1)} MB`);
  }, 300_000);

  it('exports JSON Lines of what the filter shows', async () => {
    const read = await drain(await exportAs('format=jsonl&user=ada&outcome=failed'));
    const expected = Array.from({ length: LINES }, (_, i) => i + 1).filter((n) => n % 3 === 1 && n % 7 === 0).length;
    expect(read.newlines).toBe(expected);
    expect(JSON.parse(read.head.split('\n')[0]!)).toMatchObject({ user: 'ada', outcome: 'failed', action: 'asg.refresh.start' });
  }, 300_000);

  it('refuses anonymous readers and a bad filter', async () => {
    expect((await handleAuditExport(new Request('http://portal.test/api/audit/export?format=csv'), { config, prisma: db.prisma })).status).toBe(401);
    expect((await exportAs('format=xlsx')).status).toBe(400);
    expect((await exportAs('format=csv&from=yesterday')).status).toBe(400);
  });

  it('keeps a spreadsheet from running a reason as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example")')).toBe('"\'=HYPERLINK(""http://evil.example"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });
});
