import { parseArgs } from 'node:util';
import type { CliClient, CliMcpClient } from './cli-client.js';
import { createCliClient, createCliMcpClient } from './client-factory.js';
import type { CliIo, Command, CommandContext, OptionsConfig, OptionValues } from './command.js';
import { commands } from './command-table.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';
import { globalOptions } from './global-options.js';
import { integerFlag, stringFlag } from './numeric-flag.js';
import { reportError } from './output/error-report.js';
import { createProgress } from './output/progress.js';
import { type Protocol, protocolOf } from './protocol.js';
import { commandHelp, overview } from './usage.js';
import { UsageError } from './usage-error.js';
import { cliVersion } from './version.js';

function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

/**
 * `--limit -1` as `--limit=-1`: parseArgs refuses a value that starts with a dash as ambiguous, and its message
 * hides the real problem (the value is out of range), which the flag's own check then reports.
 */
function joinNegativeValues(args: readonly string[], options: OptionsConfig): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function parse(command: Command, rest: string[]) {
  const options = { ...globalOptions, ...command.options };
  try {
    return parseArgs({
      args: joinNegativeValues(rest, options),
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(
      `${error instanceof Error ? error.message : String(error)} (see mcpgw ${command.name} --help)`,
    );
  }
}

function protocolOrRest(flag: string | undefined, env: NodeJS.ProcessEnv): Protocol {
  try {
    return protocolOf(flag, env);
  } catch {
    return 'rest';
  }
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug');
  const [first] = argv;
  if (first === undefined) {
    io.stderr.write(overview(commands));
    return exitCodes.usage;
  }
  if (first === 'help' || first === '--help' || first === '-h') {
    io.stdout.write(overview(commands));
    return exitCodes.ok;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`${cliVersion()}\n`);
    return exitCodes.ok;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    reportError(io.stderr, new UsageError(`unknown command '${argv.slice(0, 2).join(' ')}'; run mcpgw help`), {
      json: wantsJson,
      debug,
    });
    if (!wantsJson) io.stderr.write(overview(commands));
    return exitCodes.usage;
  }
  const { command, rest } = found;
  let client: CliClient | undefined;
  let mcpClient: CliMcpClient | undefined;
  let server: string | undefined;
  let protocolFlag: string | undefined;
  try {
    const { values, positionals } = parse(command, rest);
    const options = values as OptionValues;
    server = stringFlag(options.server);
    protocolFlag = stringFlag(options.protocol);
    if (options.help === true) {
      io.stdout.write(commandHelp(command));
      return exitCodes.ok;
    }
    const [min, max] = command.arity;
    if (positionals.length < min || positionals.length > max) {
      throw new UsageError(`usage: mcpgw ${command.name}${command.args === '' ? '' : ` ${command.args}`} [options]`);
    }
    const flags = {
      baseUrl: stringFlag(options['base-url']),
      apiKey: stringFlag(options['api-key']),
      timeoutMs: integerFlag(options['timeout-ms'], 'timeout-ms', 1, 2_147_483_647),
      opaUrl: stringFlag(options['opa-url']),
    };
    const json = options.json === true;
    const context: CommandContext = {
      io,
      json,
      // Read when a command asks: the demo speaks both dialects and ignores the shell's MCPGW_* settings.
      get protocol() {
        return protocolOf(protocolFlag, io.env);
      },
      progress: createProgress(io.stderr, options.progress === true),
      positionals,
      values: options,
      client(overrides = {}) {
        const { cache, ...given } = overrides;
        client ??= createCliClient({ ...flags, ...given }, io.env, { cache });
        return client;
      },
      mcpClient(overrides = {}) {
        const { cache, ...given } = overrides;
        mcpClient ??= createCliMcpClient({ ...flags, ...given }, io.env, { cache });
        return mcpClient;
      },
      print: (text) => io.stdout.write(text),
      printJson: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    };
    return await command.run(context);
  } catch (error) {
    reportError(io.stderr, error, { json: wantsJson, debug, server, protocol: protocolOrRest(protocolFlag, io.env) });
    return exitCodeFor(error);
  } finally {
    await Promise.all([client?.close().catch(() => {}), mcpClient?.close().catch(() => {})]);
  }
}
