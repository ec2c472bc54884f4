import { describe, expect, it } from 'vitest';
import { auditParameters, canonicalJson, REDACTED } from './parameters.ts';

describe('auditParameters', () => {
  it('redacts the values of secret-looking keys at any depth and keeps the rest', () => {
    expect(auditParameters({ minHealthy: 90, auth: { password: 'hunter2', apiKey: 'k', token: 't' }, tags: ['a'] })).toEqual({
      minHealthy: 90,
      auth: { password: REDACTED, apiKey: REDACTED, token: REDACTED },
      tags: ['a'],
    });
  });

  it('summarises an oversized input instead of storing it', () => {
    expect(auditParameters({ blob: 'x'.repeat(20_000) })).toEqual({ truncated: true, sizeChars: expect.any(Number) });
  });

  it('stores dates as ISO text, survives cycles and gives {} for no input', () => {
    const cyclic: Record<string, unknown> = { at: new Date('2026-01-01T00:00:00Z') };
    cyclic.self = cyclic;
    expect(auditParameters(cyclic)).toEqual({ at: '2026-01-01T00:00:00.000Z', self: '[object]' });
    expect(auditParameters(undefined)).toEqual({});
  });
});

describe('canonicalJson', () => {
  it('gives the same text whatever order keys were added in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
