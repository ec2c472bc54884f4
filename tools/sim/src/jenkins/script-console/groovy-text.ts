/**
 * The bits of Groovy 2.4 (the Groovy Jenkins bundles) the simulated Script Console needs to read a
 * script as Jenkins would, and to fail as it would: its Unicode pre-pass, its string literals, and
 * the stack traces the console prints in a 200 answer.
 */

/**
 * Groovy 2.4 reads every `\uXXXX` of the source as its character before it reads a token
 * (UnicodeEscapingReader), unless the backslash is itself escaped: one of an even run.
 */
export function unicodePass(source: string): string {
  return source.replace(/(\\+)u+([0-9a-fA-F]{4})/g, (whole, slashes: string, hex: string) =>
    slashes.length % 2 === 1 ? `${slashes.slice(1)}${String.fromCharCode(parseInt(hex, 16))}` : whole,
  );
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\', $: '$' };

export type Literal = { ok: true; value: string; end: number; interpolated: boolean } | { ok: false; message: string };

/**
 * The string literal starting at `start` (`'…'` or `"…"`), its escapes read as Groovy reads them.
 * A double-quoted literal with an unescaped `$` is a GString, which this console does not evaluate.
 */
export function readStringLiteral(source: string, start: number): Literal {
  const quote = source[start];
  if (quote !== "'" && quote !== '"') return { ok: false, message: 'not a string literal' };
  if (source.startsWith(quote.repeat(3), start)) return { ok: false, message: 'triple-quoted strings are not read here' };
  let value = '';
  let interpolated = false;
  for (let index = start + 1; index < source.length; index += 1) {
    const char = source[index] as string;
    if (char === quote) return { ok: true, value, end: index + 1, interpolated };
    if (char === '\n') break;
    if (char === '$' && quote === '"') interpolated = true;
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = source[index + 1] ?? '';
    const escaped = ESCAPES[next];
    if (escaped === undefined) return { ok: false, message: `unexpected char: '\\' followed by '${next}'` };
    value += escaped;
    index += 1;
  }
  return { ok: false, message: 'expecting anything but \'\\n\'; got it anyway' };
}

/** 1-based line of an index in the source. */
export function lineAt(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Where GroovyShell runs a compiled script; a script that does not compile fails a line before (GroovyShell.java:573). */
export const RUN_FRAME = 'groovy.lang.GroovyShell.evaluate(GroovyShell.java:574)';

/** The frames the Script Console adds under the script's, as Jenkins 2.462 prints them (line numbers of that release's sources). */
const CONSOLE_FRAMES = [
  'groovy.lang.GroovyShell.evaluate(GroovyShell.java:612)',
  'groovy.lang.GroovyShell.evaluate(GroovyShell.java:600)',
  'hudson.util.RemotingDiagnostics$Script.call(RemotingDiagnostics.java:149)',
  'hudson.util.RemotingDiagnostics$Script.call(RemotingDiagnostics.java:118)',
  'hudson.remoting.LocalChannel.call(LocalChannel.java:47)',
  'hudson.util.RemotingDiagnostics.executeGroovy(RemotingDiagnostics.java:115)',
  'jenkins.model.Jenkins._doScript(Jenkins.java:4781)',
  'jenkins.model.Jenkins.doScriptText(Jenkins.java:4749)',
];

/** Groovy 2.4.21's frames between a closure run by `collect` and the script that called it (recorded with Debian's groovy). */
export const COLLECT_FRAMES = [
  'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
  'java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)',
  'java.base/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)',
  'java.base/java.lang.reflect.Method.invoke(Method.java:569)',
  'org.codehaus.groovy.reflection.CachedMethod.invoke(CachedMethod.java:104)',
  'groovy.lang.MetaMethod.doMethodInvoke(MetaMethod.java:325)',
  'org.codehaus.groovy.runtime.metaclass.ClosureMetaClass.invokeMethod(ClosureMetaClass.java:264)',
  'groovy.lang.MetaClassImpl.invokeMethod(MetaClassImpl.java:1035)',
  'groovy.lang.Closure.call(Closure.java:420)',
  'groovy.lang.Closure.call(Closure.java:436)',
  'org.codehaus.groovy.runtime.DefaultGroovyMethods.collect(DefaultGroovyMethods.java:3287)',
  'org.codehaus.groovy.runtime.DefaultGroovyMethods.collect(DefaultGroovyMethods.java:3257)',
  'org.codehaus.groovy.runtime.dgm$67.invoke(Unknown Source)',
  'org.codehaus.groovy.runtime.callsite.PojoMetaMethodSite$PojoMetaMethodSiteNoUnwrapNoCoerce.invoke(PojoMetaMethodSite.java:274)',
  'org.codehaus.groovy.runtime.callsite.PojoMetaMethodSite.call(PojoMetaMethodSite.java:56)',
  'org.codehaus.groovy.runtime.callsite.CallSiteArray.defaultCall(CallSiteArray.java:47)',
  'org.codehaus.groovy.runtime.callsite.AbstractCallSite.call(AbstractCallSite.java:116)',
  'org.codehaus.groovy.runtime.callsite.AbstractCallSite.call(AbstractCallSite.java:128)',
];

/** Groovy's frames for a constructor it found no match for. */
export const CONSTRUCTOR_FRAMES = [
  'groovy.lang.MetaClassImpl.invokeConstructor(MetaClassImpl.java:1743)',
  'groovy.lang.MetaClassImpl.invokeConstructor(MetaClassImpl.java:1550)',
  'org.codehaus.groovy.runtime.callsite.MetaClassConstructorSite.callConstructor(MetaClassConstructorSite.java:48)',
  'org.codehaus.groovy.runtime.callsite.CallSiteArray.defaultCallConstructor(CallSiteArray.java:59)',
  'org.codehaus.groovy.runtime.callsite.AbstractCallSite.callConstructor(AbstractCallSite.java:238)',
];

/** Groovy's frames for a script that did not compile. */
export const COMPILE_FRAMES = [
  'org.codehaus.groovy.control.ErrorCollector.failIfErrors(ErrorCollector.java:309)',
  'org.codehaus.groovy.control.CompilationUnit.applyToSourceUnits(CompilationUnit.java:981)',
  'org.codehaus.groovy.control.CompilationUnit.doPhaseOperation(CompilationUnit.java:626)',
  'org.codehaus.groovy.control.CompilationUnit.compile(CompilationUnit.java:575)',
  'groovy.lang.GroovyClassLoader.doParseClass(GroovyClassLoader.java:323)',
  'groovy.lang.GroovyClassLoader.parseClass(GroovyClassLoader.java:293)',
  'groovy.lang.GroovyShell.parseClass(GroovyShell.java:677)',
  'groovy.lang.GroovyShell.parse(GroovyShell.java:689)',
  'groovy.lang.GroovyShell.evaluate(GroovyShell.java:573)',
];

/** What the Script Console prints for an exception (Functions.printStackTrace): its text, then its frames and Jenkins's. */
export function stackTrace(exception: string, frames: readonly string[]): string {
  return `${exception}\n${[...frames, ...CONSOLE_FRAMES].map((frame) => `\tat ${frame}`).join('\n')}\n`;
}

/** A script's own frame: Jenkins names every Script Console script Script1. */
export const scriptFrame = (line: number) => `Script1.run(Script1.groovy:${line})`;
export const closureFrame = (line: number) => `Script1$_run_closure1.doCall(Script1.groovy:${line})`;

/**
 * Groovy's excerpt of the source under a compile error (SourceUnit.getSample): the whole line and
 * a caret, or, past column 40, forty characters around the column.
 */
export function sourceSample(line: string, column: number): string {
  if (column > 40) {
    const start = column - 30 - 1;
    const end = Math.min(line.length, column + 10 - 1);
    return `   ${line.slice(start, end)}\n   ${' '.repeat(30)}^`;
  }
  return `   ${line}\n   ${' '.repeat(column - 1)}^`;
}
