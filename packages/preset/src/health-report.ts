export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthCheck {
  readonly status: HealthStatus;
  /** How long the probe took; 0 for checks that read local state. */
  readonly latencyMs: number;
  /** Why, when not healthy; a short figure otherwise. Never a secret. */
  readonly detail?: string;
}

/** `client.health()`: the worst check decides the overall status. */
export interface HealthReport {
  readonly status: HealthStatus;
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

/** `client.liveness()`: no I/O, only whether this client still takes calls. */
export interface LivenessReport {
  readonly status: 'healthy' | 'unhealthy';
  readonly state: 'open' | 'draining' | 'closed';
  readonly inFlight: number;
}

const rank: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

export function worstOf(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'healthy';
  for (const status of statuses) if (rank[status] > rank[worst]) worst = status;
  return worst;
}
