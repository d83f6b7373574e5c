import { type ErrorContext, GatewayError } from './gateway-error.js';

export interface FieldErrorContext extends ErrorContext {
  /** Where the problem is, e.g. `server` in the caller's input or `servers[3].server_url` in an answer. */
  readonly field?: string | undefined;
}

/** Base of the errors that name the field at fault: of the caller's input, or of the gateway's answer. */
export abstract class FieldError extends GatewayError {
  readonly field: string | undefined;

  constructor(message: string, context: FieldErrorContext = {}) {
    super(message, context);
    this.field = context.field;
  }

  protected override details() {
    return { field: this.field };
  }
}
