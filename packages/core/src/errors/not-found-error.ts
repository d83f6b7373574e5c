import { statusErrorClass } from './status-error-class.js';

/** 404: the server or tool does not exist on the gateway. */
export class NotFoundError extends statusErrorClass(
  404,
  'NotFoundError',
  'MCPGW_NOT_FOUND',
  'check the server and tool names',
) {}
