export { ClientClosedError, ConfigError, type ConfigIssue } from '@mcpgw/core';
export { type ConfigFromEnvOptions, configFromEnv, UNKNOWN_ENV_VARIABLE_WARNING } from './config-from-env.js';
export { createGatewayClient } from './create-gateway-client.js';
export { presetDefaults } from './defaults.js';
export { type EnvVariable, envVariables } from './env-variables.js';
export type { HealthCheck, HealthReport, HealthStatus, LivenessReport } from './health-report.js';
export { PresetMcpClient } from './mcp-gateway-client.js';
export type { PresetMcpOptions } from './mcp-options.js';
export type {
  CreateGatewayClientOptions,
  HealthOptions,
  LimitOptions,
  PoolOptions,
  PresetBreakerOptions,
  PresetCacheOptions,
  PresetHedgeOptions,
  PresetLoggingOptions,
  PresetRetryOptions,
  RedisOptions,
  TimeoutOptions,
} from './options.js';
export {
  type CloseOptions,
  type GetServersOptions,
  type InvokeManyOptions,
  PresetGatewayClient,
  type PresetStats,
} from './preset-gateway-client.js';
export { presetOptionSpecs } from './preset-option-specs.js';
export type { BatchOptions, Settled } from './settled.js';
export { type LayerName, type ObserverName, standardObservers, standardOrder } from './standard-onion.js';
