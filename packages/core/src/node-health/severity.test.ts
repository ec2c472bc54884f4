import { describe, expect, it } from 'vitest';
import type { HealthReason } from './types.ts';
import { severityScore } from './severity.ts';

const reason = (code: HealthReason['code'], severity: HealthReason['severity']) => ({ code, severity });

/** Node names sorted worst first by the score, as the nodes list sorts them. */
function worstFirst(nodes: Record<string, ReturnType<typeof reason>[]>): string[] {
  return Object.entries(nodes)
    .sort(([a, x], [b, y]) => severityScore(y) - severityScore(x) || a.localeCompare(b))
    .map(([name]) => name);
}

describe('severityScore', () => {
  it('puts a dead instance before a full disk before a stale reading, all unhealthy', () => {
    expect(
      worstFirst({
        'i-a-stale': [reason('signal-stale', 'unhealthy')],
        'i-b-disk': [reason('disk-full', 'unhealthy')],
        'i-c-impaired': [reason('ec2-instance-impaired', 'unhealthy')],
      }),
    ).toEqual(['i-c-impaired', 'i-b-disk', 'i-a-stale']);
  });

  it('weighs severity above the kind of reason: a degraded impairment never outranks an unhealthy disk', () => {
    expect(severityScore([reason('disk-full', 'unhealthy')])).toBeGreaterThan(severityScore([reason('ec2-instance-impaired', 'degraded')]));
  });

  it('breaks a tie on the worst reason by the next ones', () => {
    const alone = [reason('disk-full', 'unhealthy')];
    const withMore = [reason('exporter-down', 'degraded'), reason('disk-full', 'unhealthy')];
    expect(worstFirst({ 'i-a': alone, 'i-b': withMore })).toEqual(['i-b', 'i-a']);
  });

  it('does not depend on the order the reasons come in', () => {
    const reasons = [reason('load-high', 'degraded'), reason('agent-offline', 'unhealthy'), reason('disk-filling', 'degraded')];
    expect(severityScore(reasons)).toBe(severityScore([...reasons].reverse()));
  });

  it('gives a node without reasons nothing, and an unknown code only its severity', () => {
    expect(severityScore([])).toBe(0);
    expect(severityScore([{ code: 'from-an-older-portal', severity: 'unhealthy' }])).toBe(20 * 10_000);
  });
});
