import type { ServerResponse } from 'node:http';
import type { SimResponse } from './sim-response.js';

/** Headers every answer carries: JSON content type and the caller's request id echoed back. */
export function baseHeaders(requestId: string | string[] | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const id = Array.isArray(requestId) ? requestId[0] : requestId;
  if (id !== undefined) headers['x-request-id'] = id;
  return headers;
}

export function writeResponse(res: ServerResponse, response: SimResponse, base: Record<string, string>): void {
  if (res.destroyed || res.headersSent) return;
  const headers = response.headers ? { ...base, ...lowerCased(response.headers) } : { ...base };
  headers['content-length'] = String(Buffer.byteLength(response.body));
  res.writeHead(response.status, headers);
  res.end(response.body);
}

export function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
