import type { OptionsConfig } from './command.js';

/** Options every command accepts. */
export const globalOptions: OptionsConfig = {
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'opa-url': { type: 'string' },
  protocol: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const globalHelp: readonly string[] = [
  '--base-url URL       gateway URL (MCPGW_BASE_URL)',
  '--api-key KEY        API key; prefer MCPGW_API_KEY, a flag shows in the process list',
  '--timeout-ms N       overall timeout per call, retries included (MCPGW_TOTAL_TIMEOUT_MS)',
  '--opa-url URL        OPA server for invoke authorization (MCPGW_OPA_URL)',
  '--protocol P         rest (the gateway REST API, default) or mcp (MCP at the base URL) (MCPGW_PROTOCOL)',
  '--json               machine-readable output on stdout, errors as JSON on stderr',
  '--progress           show progress on stderr even when it is not a terminal',
  '--debug              print stacks with errors',
  '-h, --help           this help',
];
