// This layer's errors. Core still defines them for one release (it cannot import this package), so `instanceof`
// holds whichever of the two a caller imports them from.
export { AuthorizationDeniedError, AuthorizationUnavailableError } from '@mcpgw/core';
export {
  type AuthorizeMiddleware,
  type AuthorizeOptions,
  type AuthzStats,
  authorize,
  type OpaHealth,
} from './authorize.js';
export { canonicalJson } from './canonical-json.js';
export { DecisionCache, type DecisionCacheOptions } from './decision-cache.js';
export type {
  InvokeTarget,
  ResolveServer,
  ResolveTool,
  SensitivityLevel,
  ServerFacts,
  ToolFacts,
} from './input-document.js';
export type { OpaBreakerOptions } from './opa-breaker.js';
export { createOpaClient, type EvaluateOptions, type OpaClient, type OpaClientOptions } from './opa-client.js';
export { authorizeOptionSchema, decisionCacheOptionSchema, jwtOptionSchema } from './option-schema.js';
export {
  type JwtClaimNames,
  type JwtOptions,
  principalFromClaims,
  principalFromUnverifiedToken,
  principalFromVerifiedToken,
} from './principal-from-token.js';
export { type Decision, readDecision } from './read-decision.js';
