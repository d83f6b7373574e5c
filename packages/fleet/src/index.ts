export {
  type BudgetDelta,
  FleetRetryBudget,
  type FleetRetryBudgetStats,
  type WrappedRetryBudget,
} from './fleet-budget.js';
export { FleetCircuits } from './fleet-circuits.js';
export {
  type FleetHealth,
  type FleetMode,
  type FleetOptions,
  type FleetState,
  type FleetStats,
  fleetState,
} from './fleet-state.js';
export { FleetSyncError } from './fleet-sync-error.js';
export { fleetOptionSchema, fleetPrefixPattern } from './option-schema.js';
