# One image for every process of the platform; the compose file picks the command.
# The operations console is built in a stage of its own (Vite is a development dependency).
FROM node:20-bookworm-slim AS console
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY api/console/web ./api/console/web
RUN npm run build:console

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY workflows ./workflows
COPY activities ./activities
COPY workers ./workers
COPY api ./api
COPY shared ./shared
COPY tsconfig.json ./
COPY --from=console /build/dist/console ./dist/console
# Where the analytical worker writes its DuckDB file and Parquet ports (a volume shared with the API).
RUN mkdir -p /data-products && chown node:node /data-products
USER node
CMD ["npx", "tsx", "api/server.ts"]
