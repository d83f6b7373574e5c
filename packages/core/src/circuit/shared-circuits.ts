/**
 * Circuits shared by the processes of a fleet (`@mcpgw/fleet` keeps them in Redis). A breaker tells it when one of
 * its circuits opens on its own evidence and hears when another process opened one. Every method is synchronous and
 * cheap, and none is on a call's path: a breaker calls them only when a circuit changes state or is created.
 */
export interface SharedCircuits {
  /** A circuit of this process opened on its own evidence (its trip rule or a failed probe) for `openMs`. */
  opened(upstream: string, openMs: number): void;
  /** How long the fleet holds `upstream` open from now, in ms; 0 when it does not. Read when a circuit is created. */
  openFor(upstream: string): number;
  /** Calls `hold(upstream, openMs)` each time another process opened a circuit; returns the unsubscribe. */
  watch(hold: (upstream: string, openMs: number) => void): () => void;
}
