export { type AuthEvent, authChannel } from './auth-events.js';
export {
  type AuthorizationAttempt,
  type AuthorizationHandler,
  authorizationAttempt,
  codeFromResponse,
} from './authorization-code.js';
export {
  type AuthorizationServer,
  authorizationServerUrls,
  discoverAuthorizationServer,
} from './authorization-server-metadata.js';
export { type BearerChallenge, parseBearerChallenge } from './bearer-challenge.js';
export type { ExchangeBounds } from './bounded-exchange.js';
export { type AssertionAlgorithm, clientAssertion } from './client-assertion.js';
export type { ClientIdentity, PreRegisteredClient, TokenEndpointAuthMethod } from './client-identity.js';
export * from './errors/index.js';
export { followAuthorization } from './follow-authorization.js';
export { type OAuthMiddleware, type OAuthStats, oauth } from './oauth.js';
export type { OAuthOptions } from './oauth-options.js';
export { oauthOptionSchema } from './option-schema.js';
export {
  coversEndpoint,
  discoverProtectedResource,
  type ProtectedResource,
  protectedResourceUrls,
} from './protected-resource-metadata.js';
export { type RedisTokenCommands, redisTokenStore } from './redis-token-store.js';
export { selectScope } from './scope-selection.js';
export { isExpired, type TokenSet } from './token-set.js';
export { memoryTokenStore, type TokenStore, tokenKey } from './token-store.js';
