import { HttpError, type HttpErrorCode, type HttpErrorContext } from './http-error.js';

/** The constructor of the error class for one status: it takes only the context. */
export type StatusErrorClass<Code extends HttpErrorCode> = new (
  context?: HttpErrorContext,
) => HttpError & { readonly code: Code };

/**
 * The base of the error class for one status (401, 403, 404, 429): the status, the class's name, its code and its
 * hint are all that differ among them, so the class body is written once, here.
 */
export function statusErrorClass<const Code extends HttpErrorCode>(
  status: number,
  className: string,
  code: Code,
  hint: string,
): StatusErrorClass<Code> {
  return class extends HttpError {
    protected static override readonly hint = hint;
    override name = className;
    override readonly code: Code = code;

    constructor(context: HttpErrorContext = {}) {
      super(status, context);
    }
  };
}
