import { encodePathSegment } from '../request/path-segment.js';
import type { AttributeValue, HttpMethod, QueryValue } from '../types.js';

/**
 * What one operation means on the wire: the part of a request a dialect decides. The REST dialect of
 * gateway-api.md lives here; a JSON-RPC dialect (MCP Streamable HTTP) would produce other calls for the same
 * operations, and nothing below the client (layers, transport) would change.
 */
export interface WireCall {
  readonly operation: string;
  readonly method: HttpMethod;
  /** Relative to the base URL's prefix; segments already encoded. */
  readonly path: string;
  readonly query: Readonly<Record<string, QueryValue>> | undefined;
  readonly body: unknown;
  readonly idempotent: boolean;
  readonly cacheable: boolean;
  readonly authorize: boolean;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

const NO_ATTRIBUTES = Object.freeze({});

export const restDialect = {
  listServers(offset: number, limit: number): WireCall {
    return {
      operation: 'listServers',
      method: 'GET',
      path: '/api/v1/servers',
      query: { offset, limit },
      body: undefined,
      idempotent: true,
      cacheable: true,
      authorize: false,
      attributes: NO_ATTRIBUTES,
    };
  },
  getServer(name: string): WireCall {
    return {
      operation: 'getServer',
      method: 'GET',
      path: `/api/v1/servers/${encodePathSegment(name)}`,
      query: undefined,
      body: undefined,
      idempotent: true,
      cacheable: true,
      authorize: false,
      attributes: { server: name },
    };
  },
  listTools(server: string | undefined, offset: number, limit: number): WireCall {
    return {
      operation: 'listTools',
      method: 'GET',
      path: '/api/v1/tools',
      query: { offset, limit, server },
      body: undefined,
      idempotent: true,
      cacheable: true,
      authorize: false,
      attributes: server === undefined ? NO_ATTRIBUTES : { server },
    };
  },
  invokeTool(server: string, tool: string, parameters: Record<string, unknown>, idempotent: boolean): WireCall {
    return {
      operation: 'invokeTool',
      method: 'POST',
      path: '/api/v1/invoke',
      query: undefined,
      body: { server, tool, parameters },
      idempotent,
      cacheable: false,
      authorize: true,
      attributes: { server, tool },
    };
  },
  health(): WireCall {
    return {
      operation: 'health',
      method: 'GET',
      path: '/health',
      query: undefined,
      body: undefined,
      idempotent: true,
      cacheable: false,
      authorize: false,
      attributes: NO_ATTRIBUTES,
    };
  },
};
