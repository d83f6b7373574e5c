import { AbortError } from '../errors/abort-error.js';
import { ConnectError } from '../errors/connect-error.js';
import { type ErrorContext, GatewayError } from '../errors/gateway-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { withRequestContext } from '../errors/with-request-context.js';
import type { GatewayRequest } from '../types.js';

export interface TransportTimeouts {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

// Failures that happen before a single byte of the request can reach the server.
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function neverSent(code: string): boolean {
  return NEVER_SENT.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code === 'EPROTO';
}

/**
 * An answer that is not HTTP/1.1 (undici's parser failed, `HPE_*`), or one undici drops as a "bad response": an
 * unsolicited `100 Continue` (undici destroys the socket before any handler could skip it) or bytes nobody asked
 * for. The request was sent and may have run, so it is never retried as if it had not.
 */
function malformedAnswer(error: unknown, options: ErrorContext): ResponseFormatError | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  const parser = name === 'HTTPParserError' || (typeof code === 'string' && code.startsWith('HPE_'));
  const badResponse = code === 'UND_ERR_SOCKET' && message === 'bad response';
  if (!parser && !badResponse) return undefined;
  // The parser's error keeps the peer's raw bytes (`data`); only its code and message go on.
  const cause = Object.assign(new Error(typeof message === 'string' ? message : 'malformed answer'), {
    code: typeof code === 'string' ? code : 'HPE_INVALID',
  });
  const what = parser
    ? 'the gateway answered with something that is not HTTP/1.1'
    : 'the gateway answered out of turn (an unsolicited 100 Continue, or a response nobody asked for)';
  return new ResponseFormatError(`${what}; the request reached it and may have run`, {
    ...options,
    cause,
    mayHaveReachedServer: true,
  });
}

/** Turns whatever undici or the socket threw into the matching `GatewayError`. */
export function mapTransportError(error: unknown, request: GatewayRequest, timeouts: TransportTimeouts): GatewayError {
  // An abort's reason passes as it is; a decoder's error knows nothing of the call, so the attempt's context goes on
  // before any layer sees it.
  if (error instanceof GatewayError)
    return error === request.signal?.reason ? error : withRequestContext(error, request);
  const options: ErrorContext = {
    cause: error,
    operation: request.operation,
    requestId: request.requestId,
    attempts: request.attempt,
  };
  const signal = request.signal;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof GatewayError) return reason;
    return new AbortError(options);
  }
  const malformed = malformedAnswer(error, options);
  if (malformed !== undefined) return malformed;
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | null)?.cause) ?? 'UNKNOWN';
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TimeoutError('connect', timeouts.connectTimeoutMs, options);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TimeoutError('headers', timeouts.headersTimeoutMs, options);
    case 'UND_ERR_BODY_TIMEOUT':
      return new TimeoutError('body', timeouts.bodyTimeoutMs, options);
    case 'UND_ERR_INVALID_ARG':
      // undici refused the request before sending it (a header or method it cannot put on the wire).
      return new InvalidRequestError('the request cannot be sent as given (undici refused an argument)', options);
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return new AbortError(options);
  }
  if (neverSent(code)) {
    return new ConnectError(`could not connect to the gateway (${code}); check the URL, DNS and TLS settings`, code, {
      ...options,
      mayHaveReachedServer: false,
    });
  }
  return new ConnectError(`the connection to the gateway failed (${code}) before a complete answer`, code, options);
}
