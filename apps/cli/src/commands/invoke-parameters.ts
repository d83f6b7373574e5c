import { UsageError } from '../usage-error.js';

/** `--params`: a JSON object, `{}` when absent. */
export function parseParameters(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message would quote the text, and parameter values may be secrets.
    throw new UsageError('--params must be a JSON object, e.g. --params \'{"query":"SELECT 1"}\'');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError('--params must be a JSON object, not an array or a scalar');
  }
  return value as Record<string, unknown>;
}
