import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

// `npm test`: lint, typecheck, unit and integration tests, the portal's build and the browser
// tests, closing with one `N passed, N failed` line summed from the runners' JSON reports.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reports = path.join(root, 'reports');
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NEXT_TELEMETRY_DISABLED: '1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

interface Tally {
  step: string;
  passed: number;
  failed: number;
  seconds: number;
}

function run(command: string, args: string[], cwd = root): { ok: boolean; seconds: number } {
  const started = Date.now();
  console.log(`\n▶ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function readJson<T>(file: string, schema: z.ZodType<T>): T | null {
  if (!existsSync(file)) return null;
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numTotalTests: z.number(),
  success: z.boolean(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      assertionResults: z.array(z.object({ status: z.string(), fullName: z.string().default('') })).default([]),
    }),
  ),
});

/** What failed, named again above the summary so the closing lines of a long log say which. */
const failedNames: string[] = [];

/** Failed tests, plus each file that failed without a failed test (it did not load, or a hook threw). */
function vitestFailures(report: z.output<typeof vitestReport>): number {
  const brokenFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
  for (const file of brokenFiles) failedNames.push(`${path.relative(root, file.name)} (the file failed outside its tests)`);
  for (const file of report.testResults) {
    for (const test of file.assertionResults) if (test.status === 'failed') failedNames.push(`${path.relative(root, file.name)} › ${test.fullName}`);
  }
  const failures = report.numFailedTests + brokenFiles.length;
  return failures === 0 && !report.success ? 1 : failures;
}
interface PlaywrightSuite {
  title: string;
  specs?: { title: string; ok: boolean; file?: string }[];
  suites?: PlaywrightSuite[];
}
const playwrightSuite: z.ZodType<PlaywrightSuite> = z.lazy(() =>
  z.object({
    title: z.string(),
    specs: z.array(z.object({ title: z.string(), ok: z.boolean(), file: z.string().optional() })).optional(),
    suites: z.array(playwrightSuite).optional(),
  }),
);
const playwrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
  errors: z.array(z.unknown()).default([]),
  suites: z.array(playwrightSuite).default([]),
});

function playwrightFailures(suites: PlaywrightSuite[]): void {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) if (!spec.ok) failedNames.push(`${spec.file ?? suite.title} › ${spec.title}`);
    playwrightFailures(suite.suites ?? []);
  }
}

function main() {
  const only = new Set(process.argv.slice(2));
  const wanted = (step: string) => only.size === 0 || only.has(step);
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const tallies: Tally[] = [];
  const nx = path.join(root, 'node_modules/.bin/nx');

  for (const target of ['lint', 'typecheck']) {
    if (!wanted(target)) continue;
    const { ok, seconds } = run(nx, ['run-many', '-t', target, '--output-style=static', '--parallel=2']);
    tallies.push({ step: target, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds });
  }

  if (wanted('unit')) {
    const file = path.join(reports, 'vitest.json');
    const { seconds } = run(path.join(root, 'node_modules/.bin/vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
    const report = readJson(file, vitestReport);
    tallies.push(
      report
        ? { step: 'vitest', passed: report.numPassedTests, failed: vitestFailures(report) + (report.numTotalTests === 0 ? 1 : 0), seconds }
        : { step: 'vitest (no report)', passed: 0, failed: 1, seconds },
    );
  }

  if (wanted('e2e')) {
    const build = run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], path.join(root, 'apps/portal'));
    tallies.push({ step: 'next build', passed: build.ok ? 1 : 0, failed: build.ok ? 0 : 1, seconds: build.seconds });
    if (build.ok) {
      const file = path.join(reports, 'playwright.json');
      const { seconds } = run(path.join(root, 'node_modules/.bin/playwright'), ['test', '-c', 'apps/portal/playwright.config.ts']);
      const report = readJson(file, playwrightReport);
      if (report) playwrightFailures(report.suites);
      tallies.push(
        report
          ? { step: 'playwright', passed: report.stats.expected, failed: report.stats.unexpected + report.stats.flaky + report.errors.length, seconds }
          : { step: 'playwright (no report)', passed: 0, failed: 1, seconds },
      );
    }
  }

  if (failedNames.length > 0) {
    console.log('\nfailed');
    for (const name of failedNames) console.log(`  ${name}`);
  }
  console.log('\nsummary');
  for (const t of tallies) console.log(`  ${t.step.padEnd(24)} ${String(t.passed).padStart(4)} passed ${String(t.failed).padStart(3)} failed  ${t.seconds.toFixed(0)} s`);
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main();
