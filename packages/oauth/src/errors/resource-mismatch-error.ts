import { type ErrorContext, GatewayError } from '@mcpgw/core';

/** Protected Resource Metadata names a resource that is not the server called (RFC 9728 §3.3): it is not used. */
export class ResourceMismatchError extends GatewayError {
  override name = 'ResourceMismatchError';
  override readonly code = 'MCPGW_AUTH_RESOURCE_MISMATCH';
  override readonly retryable = false;
  readonly resource: string;
  readonly endpoint: string;

  constructor(resource: string, endpoint: string, context: ErrorContext = {}) {
    super(
      `protected resource metadata names ${JSON.stringify(resource.slice(0, 200))}, which is not ${endpoint} or a parent of it; refusing to authorize for it`,
      { mayHaveReachedServer: false, ...context },
    );
    this.resource = resource.slice(0, 200);
    this.endpoint = endpoint;
  }

  protected override details() {
    return { resource: this.resource, endpoint: this.endpoint };
  }
}
