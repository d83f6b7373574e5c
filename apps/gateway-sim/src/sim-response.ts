/** An answer the simulator has decided on, before it is written (or mangled by a fault). */
export interface SimResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const codes: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'timeout',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

export function errorCodeFor(status: number): string {
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'error');
}

export function errorResponse(status: number, message: string, code = errorCodeFor(status)): SimResponse {
  return { status, body: JSON.stringify({ error: { code, message } }) };
}

/** FastAPI-style validation error, the shape SARK-style gateways use for bad query parameters. */
export function detailResponse(status: number, detail: string): SimResponse {
  return { status, body: JSON.stringify({ detail }) };
}

export function jsonResponse(status: number, value: unknown, headers?: Record<string, string>): SimResponse {
  return { status, body: JSON.stringify(value), ...(headers ? { headers } : {}) };
}
