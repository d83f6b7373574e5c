import { ForbiddenError } from './forbidden-error.js';
import { HttpError, type HttpErrorOptions } from './http-error.js';
import { NotFoundError } from './not-found-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import { ServerError } from './server-error.js';
import { UnauthorizedError } from './unauthorized-error.js';

/** The most specific error class for a non-2xx status. */
export function httpErrorForStatus(status: number, options: HttpErrorOptions = {}): HttpError {
  switch (status) {
    case 401:
      return new UnauthorizedError(options);
    case 403:
      return new ForbiddenError(options);
    case 404:
      return new NotFoundError(options);
    case 429:
      return new RateLimitedError(options);
    default:
      return status >= 500 ? new ServerError(status, options) : new HttpError(status, options);
  }
}
