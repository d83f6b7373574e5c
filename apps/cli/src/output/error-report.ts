import type { Writable } from 'node:stream';
import { GatewayError } from '@mcpgw/core';
import type { Protocol } from '../protocol.js';
import { UsageError } from '../usage-error.js';
import { codeOf, messageOf } from './error-message.js';

function jsonOf(error: unknown, message: string): Record<string, unknown> {
  if (error instanceof GatewayError || error instanceof UsageError) return { ...error.toJSON(), message };
  return { name: error instanceof Error ? error.name : 'Error', code: 'MCPGW_UNEXPECTED', message };
}

export interface ReportOptions {
  json: boolean;
  debug: boolean;
  /** The server the command named, if any: a 404 then may mean that name, not a wrong base URL. */
  server?: string | undefined;
  /** The command's protocol: what a 404 means depends on it. */
  protocol?: Protocol | undefined;
}

/**
 * One line `mcpgw: <code>: <message>` on stderr, or `{"error": {...}}` with --json. Messages of mcpgw errors
 * never carry secrets; the stack only with --debug.
 */
export function reportError(stderr: Writable, error: unknown, options: ReportOptions): void {
  const message = messageOf(error, { server: options.server, protocol: options.protocol });
  if (options.json) {
    stderr.write(`${JSON.stringify({ error: jsonOf(error, message) })}\n`);
  } else {
    stderr.write(`mcpgw: ${codeOf(error)}: ${message.replace(/[\r\n]+/g, ' ')}\n`);
  }
  if (options.debug && error instanceof Error && error.stack !== undefined) stderr.write(`${error.stack}\n`);
}
