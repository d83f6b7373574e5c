import type { CommandContext } from '../command.js';
import { UsageError } from '../usage-error.js';

/** Refuses a command of the gateway REST API under `--protocol mcp`, before anything is sent. */
export function requireRest(ctx: CommandContext, command: string, instead: string): void {
  if (ctx.protocol === 'mcp') {
    throw new UsageError(`mcpgw ${command} needs the gateway REST API (--protocol rest): ${instead}`);
  }
}
