# One image for every role: web, pricing, ranking, migrate, simulator (deploy/docker-entrypoint.sh).
#   docker build -t topcoins .
#   docker run --rm -p 3000:3000 -v topcoins-data:/app/data topcoins web
# Nothing is fetched from outside the npm registry and Debian's mirror: no prebuilt native binary,
# no Node headers, no fonts, no browsers.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: every dependency; better-sqlite3 compiles from source ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# better-sqlite3 is built here, not fetched as a prebuilt binary, against the headers this Node
# ships in /usr/local/include (node-gyp would otherwise download them).
ENV npm_config_build_from_source=better-sqlite3 \
    npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# ---- build: the Next.js production build and the compiled entry points (dist/) ----
FROM deps AS build
COPY . .
RUN npm run build && rm -rf .next/cache

# ---- prod-deps: production dependencies only, the compiled better-sqlite3 kept ----
# No tsx, no TypeScript: every process runs the JavaScript the build stage compiled.
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.json next.config.ts ./
COPY bin ./bin
COPY config ./config
COPY deploy/docker-entrypoint.sh deploy/healthcheck.mjs ./deploy/
# The code stays root-owned and read-only to the app; only the SQLite directory (the default
# DATABASE_URL, file:./data/topcoins.db) and Next's cache are writable.
RUN mkdir -p data .next/cache && chown 1000:1000 data .next/cache
# The base image's unprivileged `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# One check for every role: it finds the role from PID 1's command line (see the script).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "/app/deploy/healthcheck.mjs"]
ENTRYPOINT ["/bin/sh", "/app/deploy/docker-entrypoint.sh"]
CMD ["web"]
