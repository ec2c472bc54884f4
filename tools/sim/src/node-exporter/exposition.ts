/** One metric family as Prometheus's text exposition format 0.0.4 writes it. */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Sample[];
}

export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** The families in name order, labels in name order, values as Go writes float64s: what node-exporter's client library sends. */
export function renderExposition(families: readonly MetricFamily[]): string {
  return [...families]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((family) => {
      const lines = [`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${family.name} ${family.type}`];
      for (const sample of family.samples) lines.push(`${family.name}${labelSet(sample.labels)} ${goFloat(sample.value)}`);
      return `${lines.join('\n')}\n`;
    })
    .join('');
}

function labelSet(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

/**
 * Go's `strconv.FormatFloat(v, 'g', -1, 64)`: the shortest digits that read back the same, with an
 * exponent of at least two digits once it is below -4 or at least 6 — so 1.0725883904e+10, 123456, 0.52, 4.
 */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return String(value);
}
