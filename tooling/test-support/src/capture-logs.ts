import { type Logger, pino } from 'pino';

export interface Captured {
  logger: Logger;
  /** Raw output, exactly as written. */
  raw: string[];
  lines(): Array<Record<string, unknown>>;
}

/** A pino logger at debug whose output is kept in memory. */
export function captureLogs(): Captured {
  const raw: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (chunk: string) => void raw.push(chunk) });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
