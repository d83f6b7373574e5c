import { ForbiddenError } from './forbidden-error.js';
import { HttpError, type HttpErrorContext } from './http-error.js';
import { NotFoundError } from './not-found-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import { ServerError } from './server-error.js';
import { UnauthorizedError } from './unauthorized-error.js';

/** The most specific error class for a non-2xx status. */
export function httpErrorForStatus(status: number, context: HttpErrorContext = {}): HttpError {
  switch (status) {
    case 401:
      return new UnauthorizedError(context);
    case 403:
      return new ForbiddenError(context);
    case 404:
      return new NotFoundError(context);
    case 429:
      return new RateLimitedError(context);
    default:
      return status >= 500 ? new ServerError(status, context) : new HttpError(status, context);
  }
}
