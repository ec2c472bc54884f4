import { ec2FleetCloudSchema, type Ec2FleetCloudSpec, isFleetCloudSymbol, type UnmanagedCloud } from '@fleet/core';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import { unescapeCascValues } from './casc-escaping.ts';

/** A cloud of another kind, kept as the YAML node it was exported as, to be written back untouched. */
export interface OpaqueCloud extends UnmanagedCloud {
  node: YAMLMap;
}

export interface CascProblem {
  /** 1-based line in the YAML text, where one can be given. */
  line: number | null;
  message: string;
}

export type CascParseResult = { ok: true; fleetClouds: Ec2FleetCloudSpec[]; otherClouds: OpaqueCloud[] } | { ok: false; problems: CascProblem[] };

/** What JCasC's export writes for an attribute it could not read (Attribute.describe). */
const FAILED_EXPORT = 'FAILED TO EXPORT';

/**
 * The EC2 Fleet clouds of a Configuration-as-Code export (`jenkins.clouds[]` entries `eC2Fleet:`),
 * validated, and every other cloud as an opaque YAML node. An export without clouds has none.
 */
export function parseCascClouds(yamlText: string): CascParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : null);
  if (document.errors.length > 0) {
    return { ok: false, problems: document.errors.map((error) => ({ line: lineCounter.linePos(error.pos[0]).line, message: `not valid YAML: ${error.message.split('\n')[0]}` })) };
  }
  const fail = (node: Node | null | undefined, message: string): CascParseResult => ({ ok: false, problems: [{ line: lineOf(node), message }] });

  const root = document.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { ok: true, fleetClouds: [], otherClouds: [] };
  if (!isMap(root)) return fail(root, 'a Configuration-as-Code export is a mapping with a jenkins: key');
  const jenkins = root.get('jenkins', true);
  if (jenkins === undefined || (isScalar(jenkins) && jenkins.value === null)) return { ok: true, fleetClouds: [], otherClouds: [] };
  if (!isMap(jenkins)) return fail(jenkins, 'jenkins: must be a mapping');
  const cloudList = jenkins.get('clouds', true);
  // JCasC's export leaves an empty list out.
  if (cloudList === undefined || (isScalar(cloudList) && cloudList.value === null)) return { ok: true, fleetClouds: [], otherClouds: [] };
  if (!isSeq(cloudList)) return fail(cloudList, 'jenkins.clouds must be a list of clouds');

  const fleetClouds: Ec2FleetCloudSpec[] = [];
  const otherClouds: OpaqueCloud[] = [];
  const problems: CascProblem[] = [];
  cloudList.items.forEach((item, index) => {
    const pair = isMap(item) && item.items.length === 1 ? item.items[0] : undefined;
    const symbol = pair && isScalar(pair.key) ? String(pair.key.value) : null;
    if (!isMap(item) || !pair || symbol === null) {
      problems.push({ line: lineOf(item as Node), message: `jenkins.clouds[${index}] must map one cloud kind to its settings, such as eC2Fleet: {name: …}` });
      return;
    }
    const settings = pair.value as Node | null;
    if (!isFleetCloudSymbol(symbol)) {
      const name = isMap(settings) ? settings.get('name') : undefined;
      otherClouds.push({ kind: symbol, name: typeof name === 'string' ? name : null, node: item });
      return;
    }
    if (!isMap(settings)) {
      problems.push({ line: lineOf(settings ?? (item as Node)), message: `jenkins.clouds[${index}].${symbol} must be a mapping of the cloud's settings` });
      return;
    }
    const failed = failedExport(settings);
    if (failed) {
      problems.push({ line: lineOf(failed), message: `jenkins.clouds[${index}]: Jenkins could not export a field: ${String(failed.value).split('\n').slice(1).join(' ').trim()}` });
      return;
    }
    const parsed = ec2FleetCloudSchema.safeParse(unescapeCascValues(settings.toJS(document)));
    if (parsed.success) {
      fleetClouds.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String);
      problems.push({ line: lineOf(nodeAt(settings, path)), message: `jenkins.clouds[${index}].${[symbol, ...path].join('.')}: ${issue.message}` });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fleetClouds, otherClouds };
}

/** The deepest node along a path, matching keys as JCasC does (ignoring case: sSHConnector). */
function nodeAt(start: Node, path: readonly string[]): Node {
  let node = start;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) next = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value).toLowerCase() === segment.toLowerCase())?.value;
    else if (isSeq(node)) next = node.items[Number(segment)];
    if (!next || typeof next !== 'object') return node;
    node = next as Node;
  }
  return node;
}

function failedExport(node: unknown): (Node & { value: unknown }) | null {
  if (isScalar(node)) return typeof node.value === 'string' && node.value.startsWith(FAILED_EXPORT) ? node : null;
  const children: unknown[] = isMap(node) ? node.items.map((pair) => pair.value) : isSeq(node) ? node.items : [];
  for (const child of children) {
    const found = failedExport(child);
    if (found) return found;
  }
  return null;
}
