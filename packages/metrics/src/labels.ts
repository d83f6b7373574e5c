import { errorCodes, isGatewayError } from '@mcpgw/core';

const knownCodes = new Set<string>(errorCodes);

/**
 * `success`, or the error's code lower-cased. Codes outside core's list become `other` and non-gateway errors
 * `unknown`, so the label set stays bounded whatever a user's own middleware throws.
 */
export function outcomeOf(error: unknown): string {
  if (error === undefined) return 'success';
  if (!isGatewayError(error)) return 'unknown';
  return knownCodes.has(error.code) ? error.code.toLowerCase() : 'other';
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
