# syntax=docker/dockerfile:1
# Image of the dashboard process (:3000): frontend/server.ts serves the production build of the React
# app and proxies /api/* to the gateway (GATEWAY_URL). Build from the repository root:
#   docker build -f frontend/server.Dockerfile -t order-processor/frontend:dev .
# Three stages: the server's dependencies (root lockfile), the dashboard's vite build (frontend
# lockfile, the same `npm run build` scripts/lib/frontend.sh runs), and the pinned Deno runtime.
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only: the deno npm package (a devDependency) is the base image here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20.20.2-bookworm-slim AS dashboard
WORKDIR /app/frontend
# Its own dependency layer, rebuilt only when the dashboard's lockfile changes. Playwright's browsers
# are for the e2e tests, never needed to build.
COPY frontend/package.json frontend/package-lock.json ./
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
# `tsc -b` type-checks what tsconfig.json includes (the e2e specs and Playwright config too).
COPY frontend/tsconfig.json frontend/vite.config.ts frontend/playwright.config.ts frontend/index.html ./
COPY frontend/public ./public
COPY frontend/src ./src
COPY frontend/e2e ./e2e
# src/api/types.ts takes the API's types from the generated client (type-only: nothing of it is bundled).
COPY client/openapi.ts /app/client/openapi.ts
RUN npm run build

FROM denoland/deno:2.9.6
WORKDIR /app
# Containers listen on all interfaces; the gateway is reached by its Service/compose name.
ENV DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR=/deno-dir HOST=0.0.0.0 PORT=3000 \
  GATEWAY_URL=http://gateway:8080
COPY --from=deps /app/node_modules ./node_modules
COPY deno.json package.json ./
COPY services/common ./services/common
COPY frontend/server.ts frontend/config.ts ./frontend/
# The static build sits where server.ts looks by default (frontend/dist beside it).
COPY --from=dashboard /app/frontend/dist ./frontend/dist
# Compiled into DENO_DIR at build time, so a read-only root filesystem needs no writes at start.
RUN deno cache frontend/server.ts
# The image's unprivileged user (uid 1993); the files stay root-owned and read-only to it.
USER deno
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:' + Deno.env.get('PORT') + '/health'); Deno.exit(r.ok ? 0 : 1)"]
# The same entrypoint and permissions as scripts/deploy.sh (start_service in scripts/lib/common.sh).
ENTRYPOINT ["deno"]
CMD ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", "frontend/server.ts"]
