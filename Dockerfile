# syntax=docker/dockerfile:1
# Multi-stage build of the Osprey engine on Node.js 22 LTS, the line CI tests and package.json
# `engines` declares (ADR 0028).

FROM node:22-bookworm-slim AS build
# No install-time telemetry from dependencies (the @carbon packages of form-js).
ENV IBM_TELEMETRY_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY e2e ./e2e
COPY modeler ./modeler
RUN npm ci --ignore-scripts && npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 IBM_TELEMETRY_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/engine/package.json apps/engine/
COPY apps/workers/package.json apps/workers/
COPY apps/cli/package.json apps/cli/
COPY libs/contracts/package.json libs/contracts/
COPY libs/bpmn/package.json libs/bpmn/
COPY libs/dmn/package.json libs/dmn/
COPY libs/runtime/package.json libs/runtime/
COPY libs/store/package.json libs/store/
COPY libs/kafka/package.json libs/kafka/
COPY libs/client/package.json libs/client/
COPY libs/testing/package.json libs/testing/
COPY e2e/package.json e2e/
COPY modeler/package.json modeler/
RUN npm ci --omit=dev --ignore-scripts --workspace apps/engine --include-workspace-root=false && npm cache clean --force
COPY --from=build /app/apps/engine/dist apps/engine/dist
COPY --from=build /app/libs/contracts/dist libs/contracts/dist
COPY --from=build /app/libs/bpmn/dist libs/bpmn/dist
COPY --from=build /app/libs/dmn/dist libs/dmn/dist
COPY --from=build /app/libs/runtime/dist libs/runtime/dist
COPY --from=build /app/libs/store/dist libs/store/dist
COPY --from=build /app/libs/kafka/dist libs/kafka/dist
COPY --from=build /app/libs/client/dist libs/client/dist
COPY --from=build /app/modeler/dist modeler/dist
COPY processes ./processes
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# One GC thread, the event loop's own: in a pod with a CPU limit or beside PostgreSQL, V8's
# parallel GC helpers (sized by the node's cores) compete with the loop. An old generation of
# 256 MB before V8 collects it: sized by the small live heap alone it filled every few seconds
# under load, and each major GC paused the requests in flight (ADR 0031).
CMD ["node", "--single-threaded-gc", "--initial-old-space-size=256", "apps/engine/dist/src/main.js"]
