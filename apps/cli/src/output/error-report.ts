import type { Writable } from 'node:stream';
import { GatewayError } from '@mcpgw/core';
import { UsageError } from '../usage-error.js';

function codeOf(error: unknown): string {
  if (error instanceof GatewayError || error instanceof UsageError) return error.code;
  return 'MCPGW_UNEXPECTED';
}

function jsonOf(error: unknown): Record<string, unknown> {
  if (error instanceof GatewayError || error instanceof UsageError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { name: error instanceof Error ? error.name : 'Error', code: 'MCPGW_UNEXPECTED', message };
}

/**
 * One line `mcpgw: <code>: <message>` on stderr, or `{"error": {...}}` with --json. Messages of mcpgw errors
 * never carry secrets; the stack only with --debug.
 */
export function reportError(stderr: Writable, error: unknown, options: { json: boolean; debug: boolean }): void {
  if (options.json) {
    stderr.write(`${JSON.stringify({ error: jsonOf(error) })}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`mcpgw: ${codeOf(error)}: ${message.replace(/[\r\n]+/g, ' ')}\n`);
  }
  if (options.debug && error instanceof Error && error.stack !== undefined) stderr.write(`${error.stack}\n`);
}
