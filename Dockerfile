# syntax=docker/dockerfile:1.7
# One image for every process of the system; the service is chosen by the command:
#   node --import tsx router/src/main.ts
#   node --import tsx subgraphs/<context>/src/main.ts
#   node --import tsx scripts/migrate.ts
# (the Kubernetes manifests set `command`; SERVICE only picks the default CMD):
#   docker build -t airbnb-supergraph:0.1.0 .
#   docker build --build-arg SERVICE=payment -t airbnb-payment:0.1.0 .
# TypeScript runs through tsx (a runtime dependency): there is no build step.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- Only the package manifests and the lockfile, so the npm ci layers below are
# rebuilt when dependencies change, not on every source change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o -name package.json -print | xargs -I{} cp --parents {} /manifests/ \
 && cp package-lock.json /manifests/

# --- Everything that is generated at install time. The root postinstall
# (scripts/prisma-generate.mjs) generates each context's Prisma client from prisma/
# into subgraphs/<context>/src/infrastructure/generated, and builds the board page
# with Vite (a devDependency, hence the full install here). prisma/*.config.ts import
# @airbnb/config, so that package's sources are needed too.
FROM ${NODE_IMAGE} AS generate
WORKDIR /app
COPY --from=manifests /manifests/ ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
COPY packages/config ./packages/config
COPY board ./board
RUN npm ci --no-audit --no-fund \
 && mkdir /out \
 && cp -r --parents subgraphs/*/src/infrastructure/generated board/dist /out/

# --- Production dependencies only. --ignore-scripts: the root postinstall needs Vite
# (not installed here) and its results come from the generate stage; Prisma runs on
# its JavaScript engine and the pg driver adapter, so no engine binary is downloaded.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- Runtime.
FROM ${NODE_IMAGE}
ARG SERVICE=router
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    CHECKPOINT_DISABLE=1 \
    TMPDIR=/tmp
WORKDIR /app
# Owned by root and not writable by the service user: the code cannot be changed at
# run time (and Kubernetes mounts the root filesystem read-only on top of that).
COPY --from=deps /app ./
COPY . .
COPY --from=generate /out/ ./
# A fixed numeric uid, so runAsNonRoot can verify it without /etc/passwd lookups.
RUN groupadd --system --gid 10001 airbnb && useradd --system --uid 10001 --gid airbnb --home-dir /tmp --no-create-home airbnb
USER 10001:10001
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4007
# exec: node is PID 1 and receives SIGTERM itself (the services drain on it).
CMD ["sh", "-c", "if [ \"$SERVICE\" = router ]; then exec node --import tsx router/src/main.ts; else exec node --import tsx \"subgraphs/$SERVICE/src/main.ts\"; fi"]
