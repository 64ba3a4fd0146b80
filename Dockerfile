# syntax=docker/dockerfile:1.7
# One image for every process of the system; the service is chosen by the command:
#   node --enable-source-maps router/dist/main.js
#   node --enable-source-maps subgraphs/<context>/dist/main.js
#   node --import tsx scripts/migrate.ts
# (the Kubernetes manifests set `command`; SERVICE only picks the default CMD):
#   docker build -t airbnb-supergraph:0.1.0 .
#   docker build --build-arg SERVICE=payment -t airbnb-payment:0.1.0 .
# The services run as esbuild bundles (npm run build); scripts run through tsx.

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- Only the package manifests and the lockfile, so the npm ci layers below are
# rebuilt when dependencies change, not on every source change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o -name package.json -print | xargs -I{} cp --parents {} /manifests/ \
 && cp package-lock.json /manifests/

# --- What is built: the types generated from the schemas, the board page (Vite, a
# devDependency, hence the full install here) and one esbuild bundle per service.
# --ignore-scripts: the root postinstall does the same, but needs the sources copied after.
FROM ${NODE_IMAGE} AS generate
WORKDIR /app
COPY --from=manifests /manifests/ ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run codegen --silent \
 && npm run build --silent -w @airbnb/board \
 && npm run build \
 && mkdir /out \
 && cp -r --parents board/dist router/dist subgraphs/*/dist /out/

# --- Production dependencies only. --ignore-scripts: the root postinstall needs Vite
# (not installed here) and its result comes from the generate stage. Migrations run
# Prisma's CLI on its JavaScript engine and the pg driver adapter: no engine binary.
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
CMD ["sh", "-c", "if [ \"$SERVICE\" = router ]; then exec node --enable-source-maps router/dist/main.js; else exec node --enable-source-maps \"subgraphs/$SERVICE/dist/main.js\"; fi"]
