import type { SharedCircuits } from '@mcpgw/core';
import type { FleetHealth, FleetOptions, FleetState, FleetStats } from '@mcpgw/fleet';
import type { LocalRetryBudget, RetryBudget, RetryBudgetStats } from '@mcpgw/retry';

type Hold = (upstream: string, openMs: number) => void;

/** The fleet state of a preset client: what the retry layer and the breaker use, and what health and stats read. */
export interface PresetFleet {
  /** The retry budget counted across the fleet (the local one until `@mcpgw/fleet` is loaded); none with `budget: false`. */
  readonly budget: (RetryBudget & { stats(): RetryBudgetStats & { state?: string } }) | undefined;
  readonly circuits: SharedCircuits;
  stats(): FleetStats;
  health(): FleetHealth;
  close(): Promise<void>;
}

const NOT_LOADED: FleetStats = {
  state: 'local',
  members: 0,
  syncs: 0,
  syncErrors: 0,
  lastSyncAt: undefined,
  lastError: undefined,
  openUpstreams: 0,
};

/**
 * Fleet state, imported only by a client configured with it: `@mcpgw/fleet` (and ioredis) stays unloaded otherwise,
 * and `createGatewayClient()` stays synchronous. Until the import finishes, the budget is the local one and the
 * breaker this process's alone, which is what the fleet falls back to anyway when Redis is unreachable.
 */
export function lazyFleetState(options: FleetOptions, local: LocalRetryBudget | undefined): PresetFleet {
  let fleet: FleetState | undefined;
  let shared: RetryBudget | undefined;
  let failure: unknown;
  let closed = false;
  // Breakers that started watching before the fleet was there.
  const early = new Map<Hold, (() => void) | undefined>();
  const loaded = import('@mcpgw/fleet').then(
    (module) => {
      if (closed) return;
      fleet = module.fleetState(options);
      if (local !== undefined) shared = fleet.retryBudget(local);
      for (const hold of early.keys()) early.set(hold, fleet.circuits.watch(hold));
    },
    (error: unknown) => {
      failure = error;
    },
  );
  return {
    budget:
      local === undefined
        ? undefined
        : {
            recordRequest: () => (shared ?? local).recordRequest(),
            tryWithdraw: () => (shared ?? local).tryWithdraw(),
            stats: () => shared?.stats() ?? { ...local.stats(), state: 'local' },
          },
    circuits: {
      opened: (upstream, openMs) => fleet?.circuits.opened(upstream, openMs),
      openFor: (upstream) => fleet?.circuits.openFor(upstream) ?? 0,
      watch(hold) {
        if (fleet !== undefined) return fleet.circuits.watch(hold);
        early.set(hold, undefined);
        return () => {
          early.get(hold)?.();
          early.delete(hold);
        };
      },
    },
    stats: () => fleet?.stats() ?? NOT_LOADED,
    health(): FleetHealth {
      if (fleet !== undefined) return fleet.health();
      if (failure !== undefined)
        return { ok: false, state: 'local', detail: `cannot load @mcpgw/fleet: ${messageOf(failure)}` };
      return { ok: false, state: 'local', detail: 'loading @mcpgw/fleet' };
    },
    async close() {
      closed = true;
      await loaded;
      await fleet?.close();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
