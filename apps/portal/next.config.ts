import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The database drivers load WASM and native sockets at runtime; bundling them breaks both.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', '@prisma/client', '@prisma/adapter-pg', 'pg'],
  // Workspace packages export TypeScript sources.
  transpilePackages: ['@fleet/api', '@fleet/core', '@fleet/db'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
