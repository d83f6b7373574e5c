import { InvalidRequestError } from '@mcpgw/core';
import { isTimeoutMs } from '@mcpgw/core/kit';
import { MAX_CURSOR_LENGTH } from './cursor-pages.js';

export function cursorParams(cursor: string | undefined): Record<string, unknown> | undefined {
  return cursor === undefined ? undefined : { cursor };
}

export function checkCursor(cursor: unknown): string | undefined {
  if (cursor === undefined) return undefined;
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) {
    throw new InvalidRequestError(
      `cursor must be a string of 1 to ${MAX_CURSOR_LENGTH} characters, as the server sent it`,
      {
        field: 'cursor',
      },
    );
  }
  return cursor;
}

export function checkToolName(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new InvalidRequestError(`${field} must be a non-empty string of at most 256 printable characters`, { field });
  }
  return name;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A call's `timeoutMs`, checked before the operation's deadline is computed from it (as core checks it). */
export function checkTimeout(timeoutMs: unknown): void {
  if (timeoutMs === undefined) return;
  if (!isTimeoutMs(timeoutMs)) {
    throw new InvalidRequestError('timeoutMs must be a positive number of milliseconds', { field: 'timeoutMs' });
  }
}
