import { type ErrorContext, withDetails } from '@mcpgw/core';

/** Protected Resource Metadata names a resource that is not the server called (RFC 9728 §3.3): it is not used. */
export class ResourceMismatchError extends withDetails<{ resource: string; endpoint: string }>() {
  override name = 'ResourceMismatchError';
  override readonly code = 'MCPGW_AUTH_RESOURCE_MISMATCH';
  override readonly retryable = false;

  constructor(resource: string, endpoint: string, context: ErrorContext = {}) {
    super(
      `protected resource metadata names ${JSON.stringify(resource.slice(0, 200))}, which is not ${endpoint} or a parent of it; refusing to authorize for it`,
      { mayHaveReachedServer: false, ...context },
      { resource: resource.slice(0, 200), endpoint },
    );
  }
}
