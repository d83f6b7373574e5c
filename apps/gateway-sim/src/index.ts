export type { PaginationKnobs } from './catalog.js';
export { Catalog } from './catalog.js';
export type { SensitivityLevel, ServerInfo, ToolInfo, ToolParameter } from './catalog-types.js';
export { wellKnownServers } from './catalog-vocabulary.js';
export { type GatewaySim, type LoggedRequest, type RouteCounts, startGatewaySim } from './gateway-sim.js';
export type { GatewaySimOptions, Latency } from './options.js';
export { type FaultName, type ScriptStep, type SimRoute, simRoutes } from './script-step.js';
export type { InvocationRecord } from './tool-invoker.js';
