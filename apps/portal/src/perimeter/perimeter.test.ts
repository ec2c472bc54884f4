import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageParam, pathDecodes } from './page-address';
import { CONTENT_SECURITY_POLICY, securityHeaderRules } from './security-headers';

describe('page addresses', () => {
  it('refuses paths whose segments do not decode', () => {
    for (const path of ['/asgs/%E0%A4%A', '/nodes/%', '/amis/%ZZ']) expect(pathDecodes(path), path).toBe(false);
    for (const path of ['/asgs/%25', '/asgs/ci-int-jenkins-worker-rhel8-gpu', '/amis/ami-0123', '/audit']) expect(pathDecodes(path), path).toBe(true);
  });

  it('gives pages a segment decoded once, and an undecodable one as it came', () => {
    expect(pageParam('%25')).toBe('%');
    expect(pageParam('%')).toBe('%');
    expect(pageParam('ci-int%2Fx')).toBe('ci-int/x');
  });
});

describe('security headers', () => {
  it('forbid framing by any other site and sniffing, and keep the referrer on this origin', () => {
    const all = Object.fromEntries(securityHeaderRules()[0]!.headers.map((h) => [h.key, h.value]));
    expect(all['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(all).toMatchObject({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
  });

  it('allow no script, style or connection to another origin', () => {
    for (const directive of CONTENT_SECURITY_POLICY.split('; ')) expect(directive, directive).not.toMatch(/https?:|\*|unsafe-eval/);
  });

  it('send HSTS only behind TLS', () => {
    const hsts = securityHeaderRules().find((rule) => rule.headers.some((h) => h.key === 'Strict-Transport-Security'));
    expect(hsts?.has).toEqual([{ type: 'header', key: 'x-forwarded-proto', value: 'https' }]);
  });
});

describe('page addresses, whatever is typed', () => {
  const segment = fc.oneof(fc.string(), fc.fullUnicodeString(), fc.stringOf(fc.constantFrom('%', 'E', '0', 'A', '4', 'Z', '2', '5', '/', 'a')));

  it('are either refused or decoded, never thrown on', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), (segments) => {
        const path = `/${segments.join('/')}`;
        if (pathDecodes(path)) for (const part of path.split('/')) expect(() => pageParam(part)).not.toThrow();
        else expect(() => pageParam(path)).not.toThrow();
      }),
    );
  });

  it('give back exactly the name that was encoded', () => {
    fc.assert(
      fc.property(fc.fullUnicodeString(), (name) => {
        expect(pageParam(encodeURIComponent(name))).toBe(name);
      }),
    );
  });
});
