import { ConfigError } from '@mcpgw/core';
import { UsageError } from './usage-error.js';

/** The gateway's dialect: its REST API, or MCP Streamable HTTP (one MCP server at the base URL). */
export type Protocol = 'rest' | 'mcp';

const expected = "'rest' (the gateway REST API) or 'mcp' (MCP Streamable HTTP)";

/**
 * `--protocol`, else MCPGW_PROTOCOL, else REST. Read before any client exists, since a command's arguments and
 * output depend on it; a bad flag is a usage error, a bad variable a configuration error, as for every setting.
 */
export function protocolOf(flag: string | undefined, env: NodeJS.ProcessEnv): Protocol {
  if (flag !== undefined) {
    if (flag === 'rest' || flag === 'mcp') return flag;
    throw new UsageError(`--protocol must be ${expected}`);
  }
  const variable = env.MCPGW_PROTOCOL;
  if (variable === undefined || variable === '') return 'rest';
  if (variable === 'rest' || variable === 'mcp') return variable;
  throw new ConfigError([{ path: 'MCPGW_PROTOCOL', message: `must be ${expected}` }]);
}
