# One image for the portal, the worker and the simulator; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && cd apps/portal && NEXT_TELEMETRY_DISABLED=1 npx next build
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
EXPOSE 3000
CMD ["node", "node_modules/next/dist/bin/next", "start", "apps/portal", "-p", "3000"]
