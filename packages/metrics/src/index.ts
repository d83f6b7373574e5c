export { authzBuckets, defaultBuckets, metricNames } from './instruments.js';
export { type McpMetricsOptions, mcpMetricNames, mcpOperationBuckets, mcpSessionBuckets } from './mcp-metrics.js';
export {
  type CacheStatsSnapshot,
  type MetricsLayer,
  type MetricsObserver,
  type MetricsOptions,
  metrics,
} from './metrics.js';
