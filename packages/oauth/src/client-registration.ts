import { parseJsonSafely } from '@mcpgw/core/kit';
import type { AuthorizationServer } from './authorization-server-metadata.js';
import { boundedExchange, type ExchangeBounds, type ExchangeCall } from './bounded-exchange.js';
import {
  type ClientIdentity,
  chooseAuthMethod,
  type PreRegisteredClient,
  type TokenEndpointAuthMethod,
} from './client-identity.js';
import { isLoopback } from './endpoint-url.js';
import { ClientRegistrationError } from './errors/client-registration-error.js';

export interface RegistrationOptions {
  readonly preRegistered: readonly PreRegisteredClient[];
  /** An https URL of this client's Client ID Metadata Document, used as its client_id where the server allows it. */
  readonly clientMetadataUrl: string | undefined;
  readonly dynamicRegistration: boolean;
  readonly clientName: string;
  /** Set for the authorization code grant. */
  readonly redirectUri: string | undefined;
  readonly grant: 'authorization_code' | 'client_credentials';
}

/**
 * One client identity per issuer, found in the MCP spec's order: a client registered ahead of time for this issuer,
 * then a Client ID Metadata Document URL when the server supports them, then Dynamic Client Registration (RFC 7591).
 * A registration is kept in memory only, per issuer: a client id is never presented to another server.
 */
export class ClientRegistry {
  readonly #options: RegistrationOptions;
  readonly #bound = new Map<PreRegisteredClient, string>();
  readonly #registered = new Map<string, ClientIdentity>();

  constructor(options: RegistrationOptions) {
    this.#options = options;
  }

  async identityFor(server: AuthorizationServer, bounds: ExchangeBounds, call: ExchangeCall): Promise<ClientIdentity> {
    const known = this.#registered.get(server.issuer);
    if (known !== undefined) return known;
    const identity =
      this.#preRegistered(server) ?? this.#metadataDocument(server) ?? (await this.#register(server, bounds, call));
    this.#registered.set(server.issuer, identity);
    return identity;
  }

  /** Forgets a dynamic registration the server no longer accepts (`invalid_client`), so the next call registers again. */
  forget(issuer: string): void {
    const identity = this.#registered.get(issuer);
    if (identity?.source === 'dynamic') this.#registered.delete(issuer);
  }

  #preRegistered(server: AuthorizationServer): ClientIdentity | undefined {
    const client =
      this.#options.preRegistered.find((c) => c.issuer === server.issuer) ??
      this.#options.preRegistered.find(
        (c) => c.issuer === undefined && (this.#bound.get(c) ?? server.issuer) === server.issuer,
      );
    if (client === undefined) return undefined;
    if (client.issuer === undefined) this.#bound.set(client, server.issuer);
    const has = { secret: client.clientSecret !== undefined, key: client.privateKey !== undefined };
    return {
      issuer: server.issuer,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authMethod: client.tokenEndpointAuthMethod ?? chooseAuthMethod(server.tokenEndpointAuthMethods, has),
      privateKey: client.privateKey,
      signingAlgorithm: client.signingAlgorithm,
      source: 'pre-registered',
    };
  }

  #metadataDocument(server: AuthorizationServer): ClientIdentity | undefined {
    const url = this.#options.clientMetadataUrl;
    if (url === undefined || !server.clientIdMetadataDocumentSupported) return undefined;
    return {
      issuer: server.issuer,
      clientId: url,
      clientSecret: undefined,
      authMethod: 'none',
      privateKey: undefined,
      signingAlgorithm: undefined,
      source: 'metadata-document',
    };
  }

  async #register(server: AuthorizationServer, bounds: ExchangeBounds, call: ExchangeCall): Promise<ClientIdentity> {
    const endpoint = server.registrationEndpoint;
    if (endpoint === undefined || !this.#options.dynamicRegistration) {
      throw new ClientRegistrationError(
        server.issuer,
        'the server offers no dynamic registration; give auth.client (a pre-registered client id) for this issuer',
        call.context,
      );
    }
    const { redirectUri, grant } = this.#options;
    const method = chooseAuthMethod(server.tokenEndpointAuthMethods, { secret: true, key: false });
    const metadata = {
      client_name: this.#options.clientName,
      grant_types: grant === 'authorization_code' ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
      response_types: grant === 'authorization_code' ? ['code'] : [],
      token_endpoint_auth_method: method,
      ...(redirectUri === undefined
        ? {}
        : {
            redirect_uris: [redirectUri],
            // A loopback redirect is a native application's (RFC 8252); anything else is a web client's.
            application_type: isLoopback(new URL(redirectUri)) ? 'native' : 'web',
          }),
    };
    const answer = await boundedExchange(
      {
        method: 'POST',
        url: endpoint,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(metadata),
      },
      bounds,
      call,
    );
    let body: unknown;
    try {
      body = parseJsonSafely(answer.text);
    } catch {
      body = undefined;
    }
    const record = (body ?? {}) as Record<string, unknown>;
    if (
      answer.status < 200 ||
      answer.status >= 300 ||
      typeof record.client_id !== 'string' ||
      record.client_id === ''
    ) {
      const error = typeof record.error === 'string' ? record.error.slice(0, 100) : `status ${answer.status}`;
      throw new ClientRegistrationError(server.issuer, `dynamic registration failed (${error})`, call.context);
    }
    const secret = typeof record.client_secret === 'string' ? record.client_secret : undefined;
    const answered = record.token_endpoint_auth_method;
    const authMethod: TokenEndpointAuthMethod =
      answered === 'client_secret_basic' || answered === 'client_secret_post' || answered === 'none'
        ? answered
        : secret === undefined
          ? 'none'
          : method;
    return {
      issuer: server.issuer,
      clientId: record.client_id,
      clientSecret: secret,
      authMethod,
      privateKey: undefined,
      signingAlgorithm: undefined,
      source: 'dynamic',
    };
  }
}
