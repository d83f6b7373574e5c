import { statusErrorClass } from './status-error-class.js';

/** 403: the gateway refused the call for these credentials. */
export class ForbiddenError extends statusErrorClass(
  403,
  'ForbiddenError',
  'MCPGW_FORBIDDEN',
  'the credentials are not allowed to do this',
) {}
