import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const port = Number(process.env.E2E_PORT ?? 3100);
// E2E_BASE_URL points the tests at a portal that is already running instead of starting one.
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

function embeddedStack(): PlaywrightTestConfig['webServer'] {
  // Playwright loads this file in the runner and in every worker; the fresh data folder is made
  // once and handed down through the environment, so all of them agree on it.
  process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'fleet-portal-e2e-'));
  return {
    // PGlite, the simulated AWS, the sync loops and `next start` of the build made before the tests.
    command: 'npx tsx tools/embedded/src/main.ts',
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(port),
      FLEET_DATA_DIR: process.env.E2E_DATA_DIR,
      SIM_PORT: '0',
      PORTAL_BUILD: 'skip',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  };
}

export default defineConfig({
  testDir: './e2e',
  outputDir: path.join(root, 'test-results/portal'),
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: path.join(root, 'reports/playwright.json') }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    viewport: { width: 1600, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Without it Chromium still resolves Google hosts; the tests must never leave the loopback.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    },
  },
  webServer: external ? undefined : embeddedStack(),
});
