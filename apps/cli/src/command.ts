import type { Writable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type { CliClient, CliMcpClient } from './cli-client.js';
import type { Progress } from './output/progress.js';
import type { Protocol } from './protocol.js';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** Settings a command imposes over flags and environment (e.g. the URL of an embedded simulator). */
export interface ClientOverrides {
  baseUrl?: string;
  apiKey?: string;
  /** `false`: every call reaches the gateway (load). */
  cache?: false;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface CommandContext {
  io: CliIo;
  /** Machine-readable output requested. */
  json: boolean;
  progress: Progress;
  positionals: readonly string[];
  values: OptionValues;
  /** `--protocol` / MCPGW_PROTOCOL: which client a command uses and what its arguments mean. */
  protocol: Protocol;
  /** The gateway client, created on first use from flags and MCPGW_* variables; closed by the runner. */
  client(overrides?: ClientOverrides): CliClient;
  /** The MCP client of the endpoint at the base URL, made the same way (`--protocol mcp`). */
  mcpClient(overrides?: ClientOverrides): CliMcpClient;
  /** Writes to stdout. */
  print(text: string): void;
  /** Writes a value as JSON on stdout. */
  printJson(value: unknown): void;
}

export interface Command {
  /** Words that select it, e.g. `servers list`. */
  name: string;
  /** Positional arguments, as shown in the usage line, e.g. `SERVER TOOL`. */
  args: string;
  /** How many positionals it takes: [min, max]. */
  arity: readonly [number, number];
  summary: string;
  options: OptionsConfig;
  /** One line per option for the help text. */
  help: readonly string[];
  run(context: CommandContext): Promise<number>;
}
