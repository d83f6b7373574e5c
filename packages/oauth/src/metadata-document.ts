import { parseJsonSafely } from '@mcpgw/core/kit';
import { boundedExchange, type ExchangeBounds, type ExchangeCall } from './bounded-exchange.js';

/**
 * GETs a metadata document: its JSON object on a 200, undefined when the server has none there (any other status,
 * or an answer that is not a JSON object), so discovery goes on to the next well-known URL.
 */
export async function fetchMetadataDocument(
  url: string,
  bounds: ExchangeBounds,
  call: ExchangeCall,
): Promise<Record<string, unknown> | undefined> {
  const answer = await boundedExchange({ method: 'GET', url }, bounds, call);
  if (answer.status !== 200) return undefined;
  try {
    const value = parseJsonSafely(answer.text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A list of short strings from a metadata field, or undefined when it is absent or not one (bounded). */
export function stringList(value: unknown, max = 64): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length <= 512)
    .slice(0, max);
}
