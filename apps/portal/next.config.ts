import type { NextConfig } from 'next';
import { securityHeaderRules } from './src/perimeter/security-headers';

const nextConfig: NextConfig = {
  // The database drivers load WASM and native sockets at runtime; bundling them breaks both.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', '@prisma/client', '@prisma/adapter-pg', 'pg'],
  // Workspace packages export TypeScript sources.
  transpilePackages: ['@fleet/api', '@fleet/core', '@fleet/db'],
  turbopack: {
    ignoreIssue: [
      // @fleet/db finds prisma/migrations through new URL(dir, import.meta.url), which Turbopack
      // tries to bundle as an asset and cannot (a folder). The portal never runs migrations.
      { path: '**/packages/db/src/migrations/migrations-folder.ts', title: /Module not found/ },
    ],
  },
  poweredByHeader: false,
  // Every answer, pages and API alike: see src/perimeter/security-headers.ts.
  headers: async () => securityHeaderRules(process.env.NODE_ENV === 'development'),
  reactStrictMode: true,
};

export default nextConfig;
