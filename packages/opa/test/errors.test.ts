import * as core from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { AuthorizationDeniedError, AuthorizationUnavailableError } from '../src/index.js';

describe('the authorization errors', () => {
  it('are exported here, and instanceof holds whichever entry point a caller imported them from', () => {
    const denied = new AuthorizationDeniedError('no user', { operation: 'invokeTool' });
    expect(denied).toBeInstanceOf(core.AuthorizationDeniedError);
    expect(new core.AuthorizationUnavailableError('timeout', 'slow')).toBeInstanceOf(AuthorizationUnavailableError);
    expect(denied).toMatchObject({
      name: 'AuthorizationDeniedError',
      code: 'MCPGW_AUTHZ_DENIED',
      retryable: false,
      mayHaveReachedServer: false,
      operation: 'invokeTool',
      reason: 'no user',
      message: 'authorization denied: no user',
    });
    expect(new AuthorizationUnavailableError('timeout', 'OPA did not answer within 250 ms').message).toBe(
      'authorization unavailable (timeout): OPA did not answer within 250 ms; the call was refused (fail closed)',
    );
  });
});
