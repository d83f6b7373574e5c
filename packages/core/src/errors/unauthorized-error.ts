import { statusErrorClass } from './status-error-class.js';

/** 401: the API key or the user token is missing or not accepted. */
export class UnauthorizedError extends statusErrorClass(
  401,
  'UnauthorizedError',
  'MCPGW_UNAUTHORIZED',
  'check the API key and the user token',
) {}
