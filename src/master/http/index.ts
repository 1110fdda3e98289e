/**
 * The master's HTTP side: JSON API, live web UI and Prometheus /metrics (docs/http-api.md).
 * The CLI calls startHttpServer once the master exists, unless --no-web.
 */
export { startHttpServer, type HttpServer } from './server.js';
export type { HttpServerOptions } from './options.js';
export type { HttpReports } from './context.js';
export type { HistorySource } from './history-sampler.js';
export type { RunDefaults } from './run-control.js';
export type * from './api-types.js';
export { formatMetrics, SUMMARY_QUANTILES, type MetricsInput } from './metrics/collect.js';
export { BUCKET_BOUNDS_S, cumulativeBuckets } from './metrics/buckets.js';
export { EXPOSITION_TYPE } from './metrics/exposition.js';
