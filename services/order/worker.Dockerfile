# syntax=docker/dockerfile:1
# Image of the order worker process (:8003; fills and expires limit orders, serves /health and /metrics).
# Build from the repository root (the context needs the lockfile):
#   docker build -f services/order/worker.Dockerfile -t order-processor/worker:dev .
# Dependencies come from package-lock.json via npm ci in a Node stage, a layer that is rebuilt only
# when the lockfile changes; Deno itself is the base image, pinned to the version package.json pins.
FROM node:20.20.2-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only: the deno npm package (a devDependency) is the base image here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM denoland/deno:2.9.6
WORKDIR /app
# Containers listen on all interfaces (local runs keep services on loopback; see scripts/lib/common.sh).
ENV DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1 DENO_DIR=/deno-dir HOST=0.0.0.0 PORT=8003
COPY --from=deps /app/node_modules ./node_modules
COPY deno.json package.json ./
COPY services/common ./services/common
COPY services/order ./services/order
# Compiled into DENO_DIR at build time, so a read-only root filesystem needs no writes at start.
RUN deno cache services/order/worker.ts
# The image's unprivileged user (uid 1993); the files stay root-owned and read-only to it.
USER deno
EXPOSE 8003
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch('http://127.0.0.1:' + Deno.env.get('PORT') + '/health'); Deno.exit(r.ok ? 0 : 1)"]
# The same entrypoint and permissions as scripts/deploy.sh (start_service in scripts/lib/common.sh).
ENTRYPOINT ["deno"]
CMD ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", "services/order/worker.ts"]
