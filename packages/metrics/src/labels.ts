import { errorCodes, isGatewayError } from '@mcpgw/core';

/** Core's codes and the MCP dialect's (listed here: metrics depends on core only; see @mcpgw/mcp mcpErrorCodes). */
const knownCodes = new Set<string>([
  ...errorCodes,
  'MCPGW_JSONRPC',
  'MCPGW_MCP_PROTOCOL_VERSION',
  'MCPGW_MCP_SESSION_LOST',
  'MCPGW_MCP_STREAM_LOST',
  'MCPGW_UNSUPPORTED_OPERATION',
]);
/** The form of every stable code (core's, the MCP dialect's, a middleware's own). */
const codeForm = /^MCPGW_[A-Z][A-Z0-9_]{0,47}$/;
/** Other well-formed codes that get an outcome of their own, per process, before the rest become `other`. */
const MAX_OTHER_CODES = 32;
const otherCodes = new Set<string>();

/**
 * `success`, or the error's code lower-cased. Core's and the MCP dialect's codes always count as themselves; any
 * other well-formed code (a middleware's own) too, up to 32 distinct ones per process, then `other`; non-gateway
 * errors are `unknown`. The label set stays bounded whatever a user's own middleware throws.
 */
export function outcomeOf(error: unknown): string {
  if (error === undefined) return 'success';
  if (!isGatewayError(error)) return 'unknown';
  const code = error.code;
  if (knownCodes.has(code) || otherCodes.has(code)) return code.toLowerCase();
  if (!codeForm.test(code) || otherCodes.size >= MAX_OTHER_CODES) return 'other';
  otherCodes.add(code);
  return code.toLowerCase();
}

/** `2xx`..`5xx` for an HTTP status, `none` when the attempt got no status at all (connect failure, reset, timeout). */
export function statusClassOf(status: number | undefined): string {
  if (status === undefined || !Number.isInteger(status) || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx`;
}

/** A retry reason (`MCPGW_TIMEOUT` or `status:503`) as a bounded label value. */
export function retryReasonOf(reason: string): string {
  if (knownCodes.has(reason)) return reason.toLowerCase();
  const status = /^status:([1-5]\d\d)$/.exec(reason);
  return status ? `status_${status[1]}` : 'other';
}

/**
 * Passes through the first `limit` distinct values and maps every later one to `other`: upstream origins and
 * user-defined operation names are bounded in practice, and this keeps them bounded when they are not.
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  value(raw: string): string {
    if (this.#seen.has(raw)) return raw;
    if (this.#seen.size >= this.#limit) return 'other';
    this.#seen.add(raw);
    return raw;
  }
}
