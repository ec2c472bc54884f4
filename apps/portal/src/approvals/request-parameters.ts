/**
 * A request's parameters as a person reads them, whatever the action: each leaf a line such as
 * "min healthy percentage: 90" or "skip matching: off", nested objects flattened one level.
 */
export interface ParameterLine {
  label: string;
  value: string;
}

/** `minHealthyPercentage` → "min healthy percentage". */
function words(key: string): string {
  return key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

function valueWords(value: unknown): string {
  if (value === null || value === undefined) return 'default';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(valueWords).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export function parameterLines(parameters: unknown): ParameterLine[] {
  if (!isRecord(parameters)) return parameters === null || parameters === undefined ? [] : [{ label: 'input', value: valueWords(parameters) }];
  return Object.entries(parameters).flatMap(([key, value]) =>
    // Actions wrap their settings in one object ({ preferences: {…} }): its members are the lines.
    isRecord(value) ? Object.entries(value).map(([inner, v]) => ({ label: words(inner), value: valueWords(v) })) : [{ label: words(key), value: valueWords(value) }],
  );
}
