import { withDetails } from './with-details.js';

export interface ConfigIssue {
  /** The option or environment variable, e.g. `retry.maxAttempts` or `MCPGW_TIMEOUT_MS`. */
  readonly path: string;
  /** What is wrong and what is expected. */
  readonly message: string;
}

/** The client's configuration is invalid; every problem is listed at once. */
export class ConfigError extends withDetails<{ issues: readonly ConfigIssue[] }>() {
  override name = 'ConfigError';
  override readonly code = 'MCPGW_CONFIG';
  override readonly retryable = false;

  constructor(issues: readonly ConfigIssue[]) {
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    super(`invalid configuration: ${list}`, { mayHaveReachedServer: false }, { issues });
  }
}
