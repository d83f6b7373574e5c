export { AuthDiscoveryError } from './auth-discovery-error.js';
export { AuthorizationResponseError } from './authorization-response-error.js';
export { ClientRegistrationError } from './client-registration-error.js';
export { InsecureEndpointError } from './insecure-endpoint-error.js';
export { InsufficientScopeError } from './insufficient-scope-error.js';
export { type IssuerMismatch, IssuerMismatchError } from './issuer-mismatch-error.js';
export { type ResourceMismatch, ResourceMismatchError } from './resource-mismatch-error.js';
export { TokenRequestError } from './token-request-error.js';

/** Every stable code of `@mcpgw/oauth`'s errors, for runbooks and the docs check. */
export const authErrorCodes = [
  'MCPGW_AUTH_AUTHORIZATION_RESPONSE',
  'MCPGW_AUTH_DISCOVERY',
  'MCPGW_AUTH_INSECURE_ENDPOINT',
  'MCPGW_AUTH_INSUFFICIENT_SCOPE',
  'MCPGW_AUTH_ISSUER_MISMATCH',
  'MCPGW_AUTH_REGISTRATION',
  'MCPGW_AUTH_RESOURCE_MISMATCH',
  'MCPGW_AUTH_TOKEN',
] as const;
