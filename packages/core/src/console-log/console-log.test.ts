import { describe, expect, it } from 'vitest';
import { cleanConsoleLine, secondsBetween } from './console-line.ts';
import { createLineSplitter } from './line-splitter.ts';

function split(chunks: string[], maxLineLength?: number): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter(maxLineLength);
  for (const chunk of chunks) splitter.push(chunk, (line) => lines.push(line));
  splitter.end((line) => lines.push(line));
  return lines;
}

describe('createLineSplitter', () => {
  it('joins lines split across chunks, a CRLF split between two chunks included', () => {
    expect(split(['PLAY [a', '] ***\r', '\nok: [web1]\r\n', '', 'last'])).toEqual(['PLAY [a] ***', 'ok: [web1]', 'last']);
  });

  it('keeps empty lines and hands over nothing more after a final newline', () => {
    expect(split(['a\n\nb\n'])).toEqual(['a', '', 'b']);
  });

  it('cuts a runaway line to its first characters and goes on with the next line', () => {
    expect(split(['abc', 'defgh', 'ij\nnext\n'], 4)).toEqual(['abcd', 'next']);
  });
});

describe('cleanConsoleLine', () => {
  it('takes off the Pipeline timestamper prefix and colours', () => {
    expect(cleanConsoleLine('[2026-12-07T02:40:00.123Z] \u001b[0;33mchanged: [web1]\u001b[0m')).toEqual({
      text: 'changed: [web1]',
      at: { text: '2026-12-07T02:40:00.123Z', epochMs: Date.UTC(2026, 11, 7, 2, 40, 0, 123), secondsOfDay: 9600.123 },
    });
  });

  it('takes off a time-of-day prefix followed by one or more spaces', () => {
    expect(cleanConsoleLine('11:49:39  ==> amazon-ebs.centos7-builder: Connected to SSH!')).toMatchObject({
      text: '==> amazon-ebs.centos7-builder: Connected to SSH!',
      at: { text: '11:49:39', epochMs: null, secondsOfDay: 42579 },
    });
  });

  it("prefers Packer's -timestamp-ui stamp, which carries a date and a zone", () => {
    const line = cleanConsoleLine('02:40:01 \u001b[1;32m2026-12-07T03:40:01+01:00: ==> amazon-ebs.rhel8-builder: AMI: ami-0abc\u001b[0m');
    expect(line.text).toBe('==> amazon-ebs.rhel8-builder: AMI: ami-0abc');
    expect(line.at?.epochMs).toBe(Date.UTC(2026, 11, 7, 2, 40, 1));
  });

  it('leaves a line without prefixes as it is', () => {
    expect(cleanConsoleLine('    amazon-ebs.x: TASK [common : install java] ***')).toEqual({ text: '    amazon-ebs.x: TASK [common : install java] ***', at: null });
  });
});

describe('secondsBetween', () => {
  it('counts across midnight for time-of-day stamps', () => {
    expect(secondsBetween(cleanConsoleLine('23:59:50 a').at!, cleanConsoleLine('00:00:20 b').at!)).toBe(30);
  });
});
