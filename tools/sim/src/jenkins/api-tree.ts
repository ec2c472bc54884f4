/**
 * Jenkins's `?tree=` on `/api/json`: `busyExecutors,computer[displayName,offline,monitorData[*]]{0,10}`
 * names the properties to keep at each level, `*` keeps them all, `{M,N}` keeps items M to N-1 of a list.
 */
export interface TreeSelection {
  fields: Map<string, TreeField>;
  /** `*`: every property of this level. */
  all: TreeField | undefined;
}

export interface TreeField {
  children: TreeSelection | undefined;
  range: { from: number; to: number | undefined } | undefined;
}

export class TreeSyntaxError extends Error {}

export function parseTree(spec: string): TreeSelection {
  let position = 0;
  const fail = (what: string): never => {
    throw new TreeSyntaxError(`${what} at position ${position} of tree=${spec}`);
  };
  const selection = (): TreeSelection => {
    const result: TreeSelection = { fields: new Map(), all: undefined };
    for (;;) {
      const token = /^[^,[\]{}]+/.exec(spec.slice(position))?.[0] ?? fail('expected a property name');
      position += token.length;
      const name = token.trim();
      const field: TreeField = { children: undefined, range: undefined };
      if (spec[position] === '[') {
        position += 1;
        field.children = selection();
        if (spec[position] !== ']') fail("expected ']'");
        position += 1;
      }
      if (spec[position] === '{') field.range = range();
      if (name === '*') result.all = field;
      else result.fields.set(name, field);
      if (spec[position] !== ',') return result;
      position += 1;
    }
  };
  const range = (): TreeField['range'] => {
    const match = /^\{(\d*)(,?)(\d*)\}/.exec(spec.slice(position)) ?? fail('expected {from,to}');
    position += match[0].length;
    const from = match[1] ? Number(match[1]) : 0;
    if (!match[2]) return { from, to: from + 1 };
    return { from, to: match[3] ? Number(match[3]) : undefined };
  };
  const tree = selection();
  if (position !== spec.length) fail('unexpected character');
  return tree;
}

/**
 * Keeps what the tree names. An object Jenkins exports as a bean (it has `_class`) keeps its
 * `_class` and shrinks to it when nothing below it is named; plain maps and values stay whole.
 */
export function pruneToTree(value: unknown, tree: TreeSelection): unknown {
  if (Array.isArray(value)) return value.map((item) => pruneToTree(item, tree));
  if (!isObject(value)) return value;
  const kept: Record<string, unknown> = '_class' in value ? { _class: value._class } : {};
  for (const [name, item] of Object.entries(value)) {
    const field = tree.fields.get(name) ?? tree.all;
    if (field && name !== '_class') kept[name] = pruneField(item, field);
  }
  return kept;
}

function pruneField(value: unknown, field: TreeField): unknown {
  const ranged = field.range && Array.isArray(value) ? value.slice(field.range.from, field.range.to) : value;
  if (field.children) return pruneToTree(ranged, field.children);
  return Array.isArray(ranged) ? ranged.map(bare) : bare(ranged);
}

function bare(value: unknown): unknown {
  return isObject(value) && '_class' in value ? { _class: value._class } : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
