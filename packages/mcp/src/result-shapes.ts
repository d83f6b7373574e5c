import { ResponseFormatError } from '@mcpgw/core';
import { MAX_CURSOR_LENGTH } from './cursor-pages.js';
import type { CallToolResult, CursorPage, GetPromptResult, ReadResourceResult } from './mcp-types.js';

function fail(field: string, what: string): never {
  throw new ResponseFormatError(`the MCP server's answer has ${field} ${what}`, { field });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{ <key>: [...], nextCursor? }` as a page; every item must be an object with the string `idField`. */
export function listPage<T>(result: Record<string, unknown>, key: string, idField: string): CursorPage<T> {
  const list = result[key];
  if (!Array.isArray(list)) fail(key, 'that is not an array');
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item) || typeof item[idField] !== 'string')
      fail(`${key}[${i}].${idField}`, 'missing or not a string');
  }
  const next = result.nextCursor;
  if (next === undefined || next === null) return { items: list as T[] };
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_CURSOR_LENGTH) {
    fail('nextCursor', `that is not a string of 1 to ${MAX_CURSOR_LENGTH} characters`);
  }
  return { items: list as T[], nextCursor: next };
}

export function callToolResult(result: Record<string, unknown>): CallToolResult {
  if (result.content === undefined && result.structuredContent !== undefined) return { ...result, content: [] };
  if (!Array.isArray(result.content)) fail('content', 'that is not an array');
  if (result.isError !== undefined && typeof result.isError !== 'boolean') fail('isError', 'that is not a boolean');
  return result as CallToolResult;
}

export function readResourceResult(result: Record<string, unknown>): ReadResourceResult {
  if (!Array.isArray(result.contents)) fail('contents', 'that is not an array');
  return result as ReadResourceResult;
}

export function getPromptResult(result: Record<string, unknown>): GetPromptResult {
  if (!Array.isArray(result.messages)) fail('messages', 'that is not an array');
  return result as GetPromptResult;
}
