import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNextPath, signInHref } from './next-path';

describe('where sign-in goes next', () => {
  it('keeps a path on this portal, with its query', () => {
    expect(safeNextPath('/asgs/ci-int-jenkins-worker-rhel8-gpu?tab=history')).toBe('/asgs/ci-int-jenkins-worker-rhel8-gpu?tab=history');
  });

  it('refuses another origin however it is spelled', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', '\\/evil.example', 'evil.example']) expect(safeNextPath(next), next).toBe('/');
  });

  it('refuses the tabs and line breaks browsers drop, which turn /\t/host into //host', () => {
    // What ?next=/%09/localhost:3300/x and %0A, %0D decode to.
    for (const next of ['/\t/localhost:3300/x', '/\n/localhost:3300/x', '/\r/evil.example', '/\t\\evil.example', '\t//evil.example']) expect(safeNextPath(next), JSON.stringify(next)).toBe('/');
  });

  it('lands where the browser would for every control character or space before the second slash', () => {
    for (let code = 0; code <= 0x20; code++) {
      const next = `/${String.fromCharCode(code)}/evil.example`;
      const landed = new URL(safeNextPath(next), 'http://portal.test');
      expect(landed.host, JSON.stringify(next)).toBe('portal.test');
    }
  });

  it('does not send the user back to the sign-in page', () => {
    expect(safeNextPath('/signin?next=/audit')).toBe('/');
    expect(signInHref('/audit')).toBe('/signin?next=%2Faudit');
  });
});

describe('where sign-in goes next, whatever ?next= holds', () => {
  it('never leaves the portal’s origin', () => {
    const tricky = fc.stringOf(fc.constantFrom('/', '\\', '\t', '\n', '\r', ' ', '.', ':', '@', '%', '0', '9', 'a', 'evil.example', '//', '?', '#', '\u0000'), { maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string(), fc.webUrl()), (next) => {
        const landed = new URL(safeNextPath(next), 'http://portal.test');
        expect(landed.origin).toBe('http://portal.test');
        expect(landed.pathname.startsWith('//')).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });
});
