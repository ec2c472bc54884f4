import { describe, expect, it } from 'vitest';
import { boundedText, hasUnsafeCharacters, personText, unsafeTextPath } from './bounded-text.ts';

describe('text fit to store and show', () => {
  it('replaces NUL, escape codes and direction overrides, keeping tabs and line breaks', () => {
    expect(boundedText('a\u0000b\u001b[31mc\u202Ed\te\nf', 100)).toBe('a\uFFFDb\uFFFD[31mc\uFFFDd\te\nf');
  });

  it('replaces a lone surrogate, which has no UTF-8 form', () => {
    expect(boundedText('x\uD800y', 10)).toBe('x\uFFFDy');
    expect(boundedText('😀', 10)).toBe('😀');
  });

  it('cuts long text to the bound and says how much it left out', () => {
    const cut = boundedText('r'.repeat(1_000_000), 2_000);
    expect(cut.length).toBeLessThanOrEqual(2_000);
    expect(cut).toMatch(/^r+ … \[998\d{3} more characters not kept\]$/);
  });

  it('never splits a surrogate pair when cutting', () => {
    const cut = boundedText('😀'.repeat(100), 60);
    expect(hasUnsafeCharacters(cut)).toBe(false);
  });

  it('refuses a person’s text with control characters or over its bound, without quoting it', () => {
    const schema = personText(10);
    expect(schema.safeParse('alice').success).toBe(true);
    const nul = schema.safeParse('al\u0000ice');
    expect(nul.success).toBe(false);
    expect(nul.error?.issues[0]?.message).toBe('must not contain control characters (NUL, escape codes, direction overrides)');
    expect(schema.safeParse('x'.repeat(11)).error?.issues[0]?.message).toBe('at most 10 characters');
  });
});

describe('the net under every read', () => {
  it('names where a string with NUL sits, keys included', () => {
    expect(unsafeTextPath({ filter: { users: ['alice', 'b\u0000b'] } })).toBe('input.filter.users[1]');
    expect(unsafeTextPath({ ['k\u0000']: 1 })).toBe('input (a key)');
    expect(unsafeTextPath({ filter: { users: ['alice'] }, limit: 5 })).toBeNull();
  });
});
