import { createRequire } from 'node:module';
import type { LoggingOptions } from '@mcpgw/logging';

type Logger = NonNullable<LoggingOptions['logger']>;

interface PinoModule {
  pino(options: object, destination: unknown): Logger;
  destination(fd: number): unknown;
}

// pino is @mcpgw/logging's dependency, not the preset's: load it from there, so that the logger is made by the very
// pino (version and instance) the logging layer runs on. A bare `import 'pino'` here resolves only where npm
// happens to hoist it, and not at all in a global install or under pnpm.
function pinoOfLogging(): PinoModule {
  return createRequire(import.meta.resolve('@mcpgw/logging'))('pino') as PinoModule;
}

/**
 * The logger the preset makes when the user brings none: pino on stderr (fd 2). stdout belongs to the program
 * that uses the library (its output, its pipes), so a library's log lines must not be interleaved with it.
 */
export function stderrLogger(): Logger {
  const { pino, destination } = pinoOfLogging();
  return pino({}, destination(2));
}
