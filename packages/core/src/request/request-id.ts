import { randomUUID } from 'node:crypto';

/** A new request id (UUID v4). */
export function newRequestId(): string {
  return randomUUID();
}
