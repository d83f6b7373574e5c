/**
 * A sync with Redis failed, took too long or got an answer of the wrong shape. It never reaches a call: the fleet
 * falls back to local state and reports it (`stats().lastError`, the `mcpgw:fleet` event). Carries only a message:
 * never a command's arguments.
 */
export class FleetSyncError extends Error {
  override name = 'FleetSyncError';
  readonly code = 'MCPGW_FLEET_SYNC_FAILED';

  static from(error: unknown): FleetSyncError {
    if (error instanceof FleetSyncError) return error;
    const message = error instanceof Error ? error.message.split('\n', 1)[0]!.slice(0, 200) : 'unknown failure';
    return new FleetSyncError(`redis sync failed: ${message}`);
  }
}
