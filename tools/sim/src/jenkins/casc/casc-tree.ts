import { Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';

/**
 * Configuration as Code's model of a YAML document (io.jenkins.plugins.casc.model): mappings,
 * sequences and scalars, each with the line it starts on, which JCasC's messages cite as
 * `<source>:<line>` (Source#toString, the source being the request's path).
 */
export type CNode =
  | { type: 'mapping'; entries: [string, CNode][]; line: number }
  | { type: 'sequence'; items: CNode[]; line: number }
  | { type: 'scalar'; value: string; line: number; plain: boolean };

export type ReadYaml = { ok: true; root: CNode | null } | { ok: false; message: string };

/** The YAML of a check or apply request; SnakeYAML's complaint when it cannot be read. */
export function readYaml(text: string, sourceName: string): ReadYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: true });
  const [error] = document.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { ok: false, message: `${error.message.split('\n')[0]}\n in ${sourceName}, line ${line}, column ${col}:` };
  }
  const toNode = (node: Node | null | undefined): CNode | null => {
    if (!node) return null;
    const line = node.range ? lineCounter.linePos(node.range[0]).line : -1;
    if (isMap(node)) {
      const entries = node.items.flatMap((pair): [string, CNode][] => {
        const value = toNode(pair.value as Node | null);
        // JCasC leaves out a key with nothing after it.
        return value === null ? [] : [[isScalar(pair.key) ? String(pair.key.value) : String(pair.key), value]];
      });
      return { type: 'mapping', entries, line };
    }
    if (isSeq(node)) return { type: 'sequence', items: node.items.map((item) => toNode(item as Node)).filter((item): item is CNode => item !== null), line };
    if (isScalar(node)) {
      if (node.value === null) return null;
      // SnakeYAML keeps a plain scalar's text as written ("0x10", "yes"): the source, not the value YAML 1.2 reads.
      return { type: 'scalar', value: typeof node.source === 'string' ? node.source : String(node.value), line, plain: node.type === 'PLAIN' };
    }
    return null;
  };
  return { ok: true, root: toNode(document.contents as Node | null) };
}

/** A mapping's value for a key, as JCasC's Mapping#get finds it (exactly). */
export function entry(node: CNode & { type: 'mapping' }, key: string): CNode | undefined {
  return node.entries.find(([name]) => name === key)?.[1];
}

/** Values JCasC exports without quotes: numbers, booleans and enums. */
export interface Plain {
  plain: string;
}

export type ExportValue = string | number | boolean | Plain | ExportValue[] | { [key: string]: ExportValue };

/** Marks an enum's text until it is written plain. */
const PLAIN = '\u0000plain:';

function toJs(value: ExportValue): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(toJs);
  if (typeof value === 'object' && 'plain' in value && typeof value.plain === 'string') return `${PLAIN}${value.plain}`;
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .flatMap((key) => {
          const converted = toJs((value as Record<string, ExportValue>)[key] as ExportValue);
          return converted === undefined || converted === '' ? [] : [[key, converted]];
        }),
    );
  }
  // SecretSourceResolver.encode: a literal `${` is exported as `^${`.
  return typeof value === 'string' ? value.replaceAll('${', '^${') : value;
}

/**
 * The export's YAML as ConfigurationAsCode.export writes it with SnakeYAML: root elements in the
 * configurators' order, every mapping's keys sorted, strings double-quoted (multi-line ones as
 * literal blocks), numbers, booleans and enums plain, blank strings and empty lists left out.
 */
export function renderExport(roots: [string, ExportValue][]): string {
  const document = new Document(Object.fromEntries(roots.map(([name, value]) => [name, toJs(value)])));
  visit(document, {
    Scalar(key, scalar) {
      if (key === 'key' || typeof scalar.value !== 'string') return;
      if (scalar.value.startsWith(PLAIN)) {
        scalar.value = scalar.value.slice(PLAIN.length);
        scalar.type = 'PLAIN';
      } else scalar.type = scalar.value.includes('\n') ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ indentSeq: false, lineWidth: 0 });
}
