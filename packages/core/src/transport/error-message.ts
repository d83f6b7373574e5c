import { scrubSecrets } from '../scrub-secrets.js';
import { parseJsonSafely } from './safe-json.js';

const MAX_MESSAGE = 300;

function clean(raw: string, secrets: readonly string[]): string {
  // Scrubbed before it is cut, so a secret at the cut cannot leave a readable half.
  const flat = scrubSecrets(raw, secrets)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE)}…` : flat;
}

/**
 * A human message from an error body, in any of the gateway's shapes (`{error:{message}}`, `{detail}`,
 * `{error: "..."}`, `{message}`), cut to a few hundred characters, with the request's `secrets` scrubbed out (a
 * gateway that echoes the API key or a parameter must not put it in an error). Never the raw body; only ever used
 * for a message, never for control flow.
 */
export function errorMessageFrom(text: string, secrets: readonly string[] = []): string | undefined {
  if (text.length === 0) return undefined;
  let body: unknown;
  try {
    body = parseJsonSafely(text);
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const error = b.error;
  if (typeof error === 'string') return clean(error, secrets);
  if (error && typeof error === 'object') {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return clean(message, secrets);
  }
  if (typeof b.detail === 'string') return clean(b.detail, secrets);
  if (Array.isArray(b.detail)) {
    const parts = b.detail
      .map((d) => (d && typeof d === 'object' && typeof d.msg === 'string' ? d.msg : ''))
      .filter(Boolean);
    if (parts.length > 0) return clean(parts.join('; '), secrets);
  }
  if (typeof b.message === 'string') return clean(b.message, secrets);
  return undefined;
}
