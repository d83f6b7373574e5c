import { createHmac, randomBytes } from 'node:crypto';

// A session id is a credential: a span carries an HMAC of it under a key made once per process, so the same session
// reads the same in every span of this process, and a guessable id (a counter) still cannot be tried against it.
const key = randomBytes(32);
let lastId: string | undefined;
let lastHash = '';

/** `mcp.session.id` for a span: 32 hex characters of HMAC-SHA-256, never the id itself. */
export function sessionHash(sessionId: string): string {
  if (sessionId === lastId) return lastHash;
  lastHash = createHmac('sha256', key).update(sessionId).digest('hex').slice(0, 32);
  lastId = sessionId;
  return lastHash;
}
