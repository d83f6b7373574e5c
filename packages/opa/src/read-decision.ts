import { AuthorizationUnavailableError } from '@mcpgw/core';

export interface Decision {
  readonly allow: boolean;
  /** Why: the policy's reason, audit_reason or first deny message. */
  readonly reason: string;
  /** Replaces the parameters sent to the gateway when present (even `{}`). */
  readonly filteredParameters: Record<string, unknown> | undefined;
  /** The policy's bound on caching, in seconds. */
  readonly cacheTtlSeconds: number | undefined;
}

/**
 * Reads OPA's answer strictly. `true`/`false` is the decision; an object allows only when `allow === true` and
 * `deny` (if present) is empty. No `result` key means the policy is undefined. Anything else is unreadable.
 */
export function readDecision(answer: { result?: unknown }): Decision {
  if (!('result' in answer) || answer.result === undefined) {
    throw new AuthorizationUnavailableError(
      'undefined-policy',
      'OPA answered without a result (the policy is undefined)',
    );
  }
  const result = answer.result;
  if (typeof result === 'boolean') {
    return {
      allow: result,
      reason: result ? 'allowed' : 'denied by policy',
      filteredParameters: undefined,
      cacheTtlSeconds: undefined,
    };
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw unreadable('the result is neither a boolean nor an object');
  }
  const r = result as Record<string, unknown>;
  if (typeof r.allow !== 'boolean') throw unreadable('"allow" is not a boolean');
  const deny = r.deny ?? [];
  if (!Array.isArray(deny)) throw unreadable('"deny" is not a set');
  const denyMessages = deny.map((m) => (typeof m === 'string' ? m : JSON.stringify(m)));
  const filtered = r.filtered_parameters;
  if (filtered !== undefined && (filtered === null || typeof filtered !== 'object' || Array.isArray(filtered))) {
    throw unreadable('"filtered_parameters" is not an object');
  }
  const ttl = r.cache_ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0)) {
    throw unreadable('"cache_ttl" is not a number of seconds');
  }
  const allow = r.allow === true && denyMessages.length === 0;
  const stated =
    typeof r.reason === 'string' ? r.reason : typeof r.audit_reason === 'string' ? r.audit_reason : undefined;
  const reason = cut(allow ? (stated ?? 'allowed') : (denyMessages[0] ?? stated ?? 'denied by policy'));
  return {
    allow,
    reason,
    filteredParameters: filtered as Record<string, unknown> | undefined,
    cacheTtlSeconds: ttl as number | undefined,
  };
}

function unreadable(detail: string): AuthorizationUnavailableError {
  return new AuthorizationUnavailableError('bad-response', `OPA's decision is unreadable: ${detail}`);
}

function cut(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
