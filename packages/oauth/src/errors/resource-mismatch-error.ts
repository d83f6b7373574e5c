import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/** The resource the metadata named (cut to 200 characters) and the endpoint that was called. */
export interface ResourceMismatch {
  resource: string;
  endpoint: string;
}

/** Protected Resource Metadata names a resource that is not the server called (RFC 9728 §3.3): it is not used. */
export class ResourceMismatchError extends withDetails<ResourceMismatch>() {
  override name = 'ResourceMismatchError';
  override readonly code = 'MCPGW_AUTH_RESOURCE_MISMATCH';
  override readonly retryable = false;

  /** `resource` is what the metadata named (kept to its first 200 characters), `endpoint` the URL called. */
  constructor({ resource, endpoint }: ResourceMismatch, context: ErrorContext = {}) {
    const named = resource.slice(0, 200);
    super(
      `protected resource metadata names ${JSON.stringify(named)}, which is not ${endpoint} or a parent of it; refusing to authorize for it`,
      { mayHaveReachedServer: false, ...context },
      { resource: named, endpoint },
    );
  }
}
