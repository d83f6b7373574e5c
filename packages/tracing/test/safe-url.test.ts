import { ServerError } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { errorTypeOf, safeMessageOf } from '../src/error-type.js';
import { safeUrl, serverOf } from '../src/safe-url.js';

describe('safeUrl', () => {
  it('drops user info and fragments and redacts credential-like query values', () => {
    expect(safeUrl('https://user:pw@gw.example.com/a?offset=2&api_key=s3cret&token=t&limit=5#x')).toBe(
      'https://gw.example.com/a?offset=2&api_key=REDACTED&token=REDACTED&limit=5',
    );
    expect(safeUrl('not a url')).toBe('');
  });

  it('defaults the port from the scheme and unwraps IPv6 hosts', () => {
    expect(serverOf('https://gw.example.com')).toEqual({ address: 'gw.example.com', port: 443 });
    expect(serverOf('http://[::1]:8080')).toEqual({ address: '::1', port: 8080 });
    expect(serverOf('http://gw')).toEqual({ address: 'gw', port: 80 });
    expect(serverOf('::')).toBeUndefined();
  });
});

describe('errorTypeOf', () => {
  it('prefers the status, then the code, then the class name', () => {
    expect(errorTypeOf(404, new ServerError(500))).toBe('404');
    expect(errorTypeOf(200, new ServerError(500))).toBe('MCPGW_SERVER_ERROR');
    expect(errorTypeOf(undefined, new TypeError('x'))).toBe('TypeError');
    expect(errorTypeOf(undefined, 'string')).toBe('_OTHER');
    expect(errorTypeOf(204, undefined)).toBeUndefined();
  });

  it('trusts only gateway error messages', () => {
    expect(safeMessageOf(new ServerError(503))).toMatch(/^gateway answered 503/);
    expect(safeMessageOf(new Error('token=abc'))).toBeUndefined();
  });
});
