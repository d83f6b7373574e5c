import type { LimitReason } from '@mcpgw/core';
import type { WindowSummary } from './sample-window.js';

/** How a limit moves with each closed window of calls: Vegas (the default) or Gradient2. */
export interface LimitAlgorithm {
  /** The calls allowed in flight: the estimate's whole part. */
  readonly limit: number;
  /** The latency the window's is compared with (ms): Vegas's no-load latency, Gradient2's long-term average. */
  readonly longRttMs: number;
  /** The last window's mean latency (ms). */
  readonly shortRttMs: number;
  /** Moves the estimate by one closed window; the reason, or undefined when it stays. */
  update(window: WindowSummary): LimitReason | undefined;
}
