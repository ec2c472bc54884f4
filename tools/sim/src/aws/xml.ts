/**
 * The XML the AWS query protocols answer with. Objects become elements in key order, arrays
 * become lists of `<item>` (EC2) or `<member>` (awsQuery services), `undefined` is left out.
 */
export type XmlValue = string | number | boolean | Date | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [element: string]: XmlValue;
}

export type ListItem = 'item' | 'member';

export function xmlDocument(root: string, attributes: Record<string, string>, body: XmlObject, listItem: ListItem = 'item'): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escape(value)}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${attrs}>${renderChildren(body, listItem)}</${root}>`;
}

function renderChildren(body: XmlObject, listItem: ListItem): string {
  return Object.entries(body)
    .map(([name, value]) => renderElement(name, value, listItem))
    .join('');
}

function renderElement(name: string, value: XmlValue, listItem: ListItem): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return value.length === 0 ? `<${name}/>` : `<${name}>${value.map((item) => renderElement(listItem, item, listItem)).join('')}</${name}>`;
  }
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object') return `<${name}>${renderChildren(value, listItem)}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
