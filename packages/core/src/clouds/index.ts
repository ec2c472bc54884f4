export { type DescribableSpec, canonicalSymbol, settingsOf, symbolOf } from './describable.ts';
export * from './diff.ts';
export * from './normalize.ts';
export * from './spec.ts';
export * from './validate.ts';
