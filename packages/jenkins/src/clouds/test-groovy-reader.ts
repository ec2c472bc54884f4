/**
 * For tests: how Groovy reads a script's source, written from Groovy's own sources and not from the
 * code that writes the scripts, so a test can tell what a script really says.
 */

/**
 * Groovy 2.4 (the Groovy Jenkins runs) first turns every `\uXXXX` of the whole source into its
 * character, as org.codehaus.groovy.antlr.UnicodeEscapingReader does: a backslash not followed by
 * `u` is passed on together with the character after it, which is not looked at again.
 */
export function groovy24UnicodePass(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = source[i + 1];
    if (next !== 'u') {
      out += ch + (next ?? '');
      i++;
      continue;
    }
    let j = i + 1;
    while (source[j] === 'u') j++;
    const hex = source.slice(j, j + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`Groovy 2.4 refuses the source: bad unicode escape at ${i}`);
    out += String.fromCharCode(parseInt(hex, 16));
    i = j + 3;
  }
  return out;
}

const GROOVY_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };

/**
 * Groovy 2.4's lexer reading a single-quoted string that starts at `start` (the quote) in
 * already unicode-translated source: the string's value and the index after its closing quote.
 */
export function groovy24SingleQuoted(source: string, start: number): { value: string; end: number } {
  if (source[start] !== "'" || source.startsWith("'''", start)) throw new Error('not a single-quoted string');
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === "'") return { value, end: i + 1 };
    if (ch === '\n' || ch === '\r') throw new Error('a single-quoted string cannot span lines');
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = source[i + 1] ?? '';
    const octal = /^[0-7]{1,3}/.exec(source.slice(i + 1, i + 4));
    if (GROOVY_ESCAPES[next] !== undefined) {
      value += GROOVY_ESCAPES[next];
      i++;
    } else if (octal) {
      value += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
    } else if (next === '\n') {
      i++;
    } else {
      throw new Error(`unexpected escape \\${next}`);
    }
  }
  throw new Error('unterminated string');
}

/**
 * Groovy 3 and later read a single-quoted string's text with StringUtils.replaceEscapes
 * (org.apache.groovy.parser.antlr4.util): these passes, in this order, each leaving an escape
 * alone when an odd number of backslashes stands before it.
 */
export function groovy3SingleQuotedValue(text: string): string {
  const pass = (input: string, pattern: RegExp, replace: (match: string) => string) =>
    input.replace(pattern, (whole: string, slashes: string, match: string) => (slashes.length % 2 === 1 ? whole : slashes + replace(match)));
  let value = text.replaceAll('\\$', '$');
  value = value.replace(/(\\*)\\\r?\n/g, (whole, slashes: string) => (slashes.length % 2 === 1 ? whole : slashes));
  value = pass(value, /(\\*)\\([0-3]?[0-7]?[0-7])/g, (octal) => String.fromCharCode(parseInt(octal, 8)));
  value = pass(value, /(\\*)\\u([0-9a-fA-F]{4})/g, (hex) => String.fromCharCode(parseInt(hex, 16)));
  const standard: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', s: ' ', '"': '"', "'": "'" };
  value = pass(value, /(\\*)\\([btnfrs"'])/g, (ch) => standard[ch] ?? ch);
  return value.replaceAll('\\\\', '\\');
}

/** The arguments of the one `new com.amazon.jenkins.ec2fleet.EC2FleetCloud(…)`, split at top-level commas. */
export function fleetCloudConstructorArguments(script: string): string[] {
  const call = 'new com.amazon.jenkins.ec2fleet.EC2FleetCloud(';
  const start = script.indexOf(call);
  if (start < 0 || script.indexOf(call, start + 1) >= 0) throw new Error('the script must call the constructor exactly once');
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = start + call.length; i < script.length; i++) {
    const ch = script[i] as string;
    if (depth === 0 && (ch === ',' || ch === ')')) {
      args.push(current.trim());
      current = '';
      if (ch === ')') return args;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    current += ch;
  }
  throw new Error('unterminated constructor call');
}
