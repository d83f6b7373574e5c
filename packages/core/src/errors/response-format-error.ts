import { FieldError, type FieldErrorContext } from './field-error.js';

export type ResponseFormatErrorContext = FieldErrorContext;

/** The gateway's answer is not valid JSON or not of the expected shape (`field` says where). */
export class ResponseFormatError extends FieldError {
  override name = 'ResponseFormatError';
  override readonly code = 'MCPGW_RESPONSE_FORMAT';
  override readonly retryable = false;
}
