/**
 * Why a tool stopped before its result: it needs input (2026-07-28 MRTR), the client lacks a capability, the
 * client answered a server request with an error, or the call was cancelled.
 */
export type InterruptionKind = 'input-required' | 'missing-capability' | 'refused' | 'cancelled';

export class ToolInterruption extends Error {
  constructor(
    readonly kind: InterruptionKind,
    /** input-required: the `inputRequests` map; missing-capability: the `requiredCapabilities`; refused: `{ method, error }`. */
    readonly detail: Record<string, unknown> = {},
  ) {
    super(`tool interrupted: ${kind}`);
  }
}
