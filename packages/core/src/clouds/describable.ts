import { z } from 'zod';

/**
 * A Jenkins Describable as Configuration as Code writes it: the bare symbol when it has no
 * settings (`noScaler`), or a mapping of the symbol to its settings
 * (`nodeHardwareScaler: {vCpuPerExecutor: 2}`).
 */
export type DescribableSpec = string | { [symbol: string]: Record<string, unknown> };

/**
 * JCasC looks symbols up ignoring case (HeteroDescribableConfigurator.findByPreferredSymbol), so
 * `ec2Fleet`, `sshConnector` and `NonVerifyingKeyVerificationStrategy` all name what an export
 * spells `eC2Fleet`, `sSHConnector` and `nonVerifyingKeyVerificationStrategy`.
 */
export function canonicalSymbol(symbol: string, known: readonly string[]): string {
  const lower = symbol.toLowerCase();
  return known.find((candidate) => candidate.toLowerCase() === lower) ?? symbol;
}

export function symbolOf(spec: DescribableSpec): string {
  return typeof spec === 'string' ? spec : (Object.keys(spec)[0] ?? '');
}

export function settingsOf(spec: DescribableSpec): Record<string, unknown> {
  return typeof spec === 'string' ? {} : (Object.values(spec)[0] ?? {});
}

/** The canonical form: the bare symbol when there are no settings, as JCasC exports it. */
export function describable(symbol: string, settings: Record<string, unknown>): DescribableSpec {
  return Object.keys(settings).length === 0 ? symbol : { [symbol]: settings };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YAML `key:` with nothing after it is null; JCasC skips such keys, and so do we. */
export function withoutNulls(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

interface DescribableSlot {
  /** What the slot holds, for messages: "executor scaler". */
  label: string;
  known: readonly string[];
  /** How the settings of a known symbol are checked; others are kept as they are. */
  settings?: Partial<Record<string, z.ZodType<Record<string, unknown>>>>;
  allowUnknownSymbols: boolean;
}

const anySettings = z.record(z.string(), z.unknown());

/** A schema for one Describable-valued field, canonicalising its symbol. */
export function describableSchema(slot: DescribableSlot): z.ZodType<DescribableSpec> {
  return z.unknown().transform((input, ctx): DescribableSpec => {
    const entry = symbolAndSettings(input);
    if (!entry) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a ${slot.label} symbol such as ${slot.known[0]}, or a mapping of one symbol to its settings`,
      });
      return z.NEVER;
    }
    const symbol = canonicalSymbol(entry.symbol, slot.known);
    if (!slot.allowUnknownSymbols && !slot.known.includes(symbol)) {
      ctx.addIssue({ code: 'custom', message: `unknown ${slot.label} "${entry.symbol}"; use one of ${slot.known.join(', ')}` });
      return z.NEVER;
    }
    const parsed = (slot.settings?.[symbol] ?? anySettings).safeParse(withoutNulls(entry.settings));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', message: issue.message, path: [symbol, ...issue.path] });
      }
      return z.NEVER;
    }
    return describable(symbol, parsed.data);
  });
}

function symbolAndSettings(input: unknown): { symbol: string; settings: unknown } | null {
  if (typeof input === 'string' && input.trim() !== '') return { symbol: input.trim(), settings: {} };
  if (!isPlainObject(input)) return null;
  const entries = Object.entries(input);
  const [first] = entries;
  if (entries.length !== 1 || !first) return null;
  return { symbol: first[0], settings: first[1] ?? {} };
}
