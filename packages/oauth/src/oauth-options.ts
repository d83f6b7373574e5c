import type { Dispatcher } from 'undici';
import type { AuthorizationHandler } from './authorization-code.js';
import type { PreRegisteredClient } from './client-identity.js';
import type { TokenStore } from './token-store.js';

/** Options of `oauth()`. Bounds and defaults of the numeric ones: `oauthOptionSchema`. */
export interface OAuthOptions {
  /**
   * The grant that gets a token. `client_credentials` (a service acting as itself; needs `client` with a secret or a
   * key); `authorization_code` (acting for a user, with PKCE; needs `authorization`). Default: `authorization_code`
   * when `authorization` is given, else `client_credentials`.
   */
  grant?: 'authorization_code' | 'client_credentials';
  /** Clients registered ahead of time; one per issuer (see `PreRegisteredClient.issuer`). */
  client?: PreRegisteredClient | readonly PreRegisteredClient[];
  /** This client's Client ID Metadata Document (an https URL), used as client_id where a server supports them. */
  clientMetadataUrl?: string;
  /** Default true. */
  dynamicRegistration?: boolean;
  /** `client_name` in a dynamic registration. Default `mcpgw`. */
  clientName?: string;
  /** The authorization code grant: where the server sends the user back, and who approves the request. */
  authorization?: {
    /** https, or http on loopback. */
    redirectUri: string;
    /** Default: `followAuthorization()`, for servers that approve without a person. */
    authorize?: AuthorizationHandler;
  };
  /** Authorization servers this client may use; a resource naming another is refused. Default: any it names. */
  trustedIssuers?: readonly string[];
  /** Default: tokens in memory (`memoryTokenStore()`). */
  store?: TokenStore;
  timeoutMs?: number;
  maxResponseBytes?: number;
  discoveryTtlMs?: number;
  refreshSkewMs?: number;
  /** The undici dispatcher for OAuth exchanges (a proxy agent, ...). Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
}
