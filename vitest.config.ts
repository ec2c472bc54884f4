import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages,tools}/*/src/**/*.test.ts'],
    // Integration tests start PGlite, Postgres databases and the simulator; a busy 2-core machine
    // needs generous limits, and files run one at a time to keep memory and CPU predictable.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
