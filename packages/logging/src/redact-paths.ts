/**
 * Paths pino censors in every line. The observer never logs headers, parameters or bodies in the first place;
 * these catch what a user's own bindings or a future field might carry (defence in depth).
 */
export const defaultRedactPaths: readonly string[] = [
  'apiKey',
  'token',
  'password',
  'authorization',
  'parameters',
  'sensitive_params',
  'body',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.apiKey',
  '*.token',
  '*.password',
  '*.authorization',
  '*.parameters',
  '*.sensitive_params',
  '*.body',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
];
