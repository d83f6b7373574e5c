import { JsonBody } from './request/json-body.js';
import type { GatewayRequest } from './types.js';

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Shorter values are left alone: they cannot be told apart from ordinary words and numbers in a message, and
 * replacing every `1` or `ok` would make errors unreadable without hiding anything worth hiding.
 */
const MIN_SECRET_LENGTH = 4;
/** Bounds the work on an error path whatever the body holds. */
const MAX_SECRETS = 256;
const MAX_WALK = 10_000;

const CREDENTIAL_HEADER = /authorization|api-?key|token|secret|cookie|session|password|credential/i;

/**
 * The secrets a request carries: credential headers (an API key, a bearer token, a cookie, a custom token header)
 * and every string or number value of its body (tool parameters, `sensitive_params` among them). Used to scrub
 * anything a peer sent back before it reaches an error's message, `toJSON()`, a log line or a span.
 */
export function secretsOf(request: GatewayRequest): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (!CREDENTIAL_HEADER.test(name)) continue;
    add(secrets, value);
    const space = value.indexOf(' ');
    if (space > 0) add(secrets, value.slice(space + 1).trim()); // the token of `Bearer <token>`
  }
  if (request.body !== undefined) secretsIn(request.body, secrets);
  return secrets;
}

/** Appends the string and number values of a JSON value (a `JsonBody`'s parsed value) to `into`. Not recursive. */
export function secretsIn(value: unknown, into: string[] = []): string[] {
  const stack: unknown[] = [value instanceof JsonBody ? value.value : value];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_WALK && into.length < MAX_SECRETS) {
    const node = stack.pop();
    if (typeof node === 'string') add(into, node);
    else if (typeof node === 'number') add(into, String(node));
    else if (node !== null && typeof node === 'object') {
      for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push(child);
    }
  }
  return into;
}

function add(secrets: string[], value: string): void {
  if (value.length >= MIN_SECRET_LENGTH && secrets.length < MAX_SECRETS) secrets.push(value);
}

/**
 * `text` with every occurrence of every secret replaced by `[REDACTED]`, also in the forms a peer echoes them in
 * (JSON-escaped, percent-encoded). Longer secrets go first, so a value inside a longer token cannot leave the rest.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  if (text.length === 0 || secrets.length === 0) return text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    try {
      forms.add(encodeURIComponent(secret));
    } catch {
      // a lone surrogate has no percent-encoded form, so a peer cannot echo it that way either
    }
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}
