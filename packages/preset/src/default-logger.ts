import { type Logger, pino } from 'pino';

/**
 * The logger the preset makes when the user brings none: pino on stderr (fd 2). stdout belongs to the program
 * that uses the library (its output, its pipes), so a library's log lines must not be interleaved with it.
 */
export function stderrLogger(): Logger {
  return pino(pino.destination(2));
}
