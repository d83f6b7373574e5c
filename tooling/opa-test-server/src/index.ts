export {
  type Decide,
  type OpaTestServer,
  type OpaTestServerOptions,
  startOpaTestServer,
} from './opa-test-server.js';
export { RegoEngine } from './rego-engine.js';
export {
  createRegoEvaluator,
  type RegoEvaluator,
  type RegoEvaluatorOptions,
  sharedRegoEngine,
} from './rego-evaluator.js';
export { type EngineOutcome, PolicyError, parsePolicy } from './rego-module.js';
export type { ScriptStep } from './script-step.js';
