import type { ErrorContext } from './gateway-error.js';
import type { HttpErrorContext } from './http-error.js';
import type { InvalidRequestErrorContext } from './invalid-request-error.js';
import type { ResponseFormatErrorContext } from './response-format-error.js';

// The old names of the error context types, in one place so that the next minor release deletes one file.

/** @deprecated Renamed `ErrorContext`; this name goes in the next minor release. */
export type GatewayErrorOptions = ErrorContext;

/** @deprecated Renamed `HttpErrorContext`; this name goes in the next minor release. */
export type HttpErrorOptions = HttpErrorContext;

/** @deprecated Renamed `InvalidRequestErrorContext`; this name goes in the next minor release. */
export type InvalidRequestErrorOptions = InvalidRequestErrorContext;

/** @deprecated Renamed `ResponseFormatErrorContext`; this name goes in the next minor release. */
export type ResponseFormatErrorOptions = ResponseFormatErrorContext;
