# syntax=docker/dockerfile:1
# stampede: master, worker and demo target in one image (docs/kubernetes.md).
#   docker build -t stampede:0.1.0 .
#   docker run --rm stampede:0.1.0 --help
# Loadfiles are not baked in: mount them (a ConfigMap at /loadfile in deploy/k8s) and pass -f.
# The base is pinned to an exact Node release; pin its digest too when you mirror it:
#   FROM node:20.20.2-bookworm-slim@sha256:<digest> AS build

# ---- build: all dependencies, compile TypeScript, then drop the dev dependencies ----
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The msgpackr-extract stand-in (stubs/msgpackr-extract/README.md) is a file: dependency.
COPY stubs ./stubs
# No install scripts: esbuild's binary comes from its platform package, msgpackr falls back to JS.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && chmod 0755 dist/cli/main.js

# ---- runtime: production dependencies and the compiled CLI only ----
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/stubs ./stubs
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN ln -s /app/dist/cli/main.js /usr/local/bin/stampede
# The image's `node` user; runAsUser in deploy/k8s matches it.
USER 1000:1000
# 5557: workers connect to the master; 8089: web UI, HTTP API and /metrics.
EXPOSE 5557 8089
ENTRYPOINT ["stampede"]
CMD ["--help"]
