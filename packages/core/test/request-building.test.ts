import { describe, expect, test } from 'vitest';
import { ConfigError, InvalidRequestError } from '../src/index.js';
import { checkHeader, checkName, encodePathSegment, normaliseHeaders, parseBaseUrl, queryString } from '../src/kit.js';

describe('names', () => {
  test.each([
    ['../admin'],
    ['a/b'],
    ['x?y'],
    ['%2F'],
    ['a#b'],
    ['a\\b'],
    ['..'],
    ['.'],
    [''],
    ['a\u0000b'],
    ['a\nb'],
    ['a\u007fb'],
    ['x'.repeat(257)],
    ['a\uD800b'],
    ['\uDC00'],
  ])('strict mode refuses %j with InvalidRequestError', (name) => {
    expect(() => checkName(name, 'server')).toThrow(InvalidRequestError);
  });

  test('refuses non-strings and names the field', () => {
    try {
      checkName(42, 'tool');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).field).toBe('tool');
    }
  });

  test('accepts ordinary names, up to 256 characters', () => {
    expect(checkName('postgres-mcp', 'server')).toBe('postgres-mcp');
    expect(checkName('my server (eu) v2.1', 'server')).toBe('my server (eu) v2.1');
    expect(checkName('x'.repeat(256), 'server')).toHaveLength(256);
  });

  test('lenient mode lets path syntax through, still refusing control characters', () => {
    expect(checkName('../admin', 'server', false)).toBe('../admin');
    expect(() => checkName('a\rb', 'server', false)).toThrow(InvalidRequestError);
  });

  test('encodes a value as exactly one segment', () => {
    expect(encodePathSegment('../../admin')).toBe('..%2F..%2Fadmin');
    expect(encodePathSegment('a?b=c')).toBe('a%3Fb%3Dc');
    expect(encodePathSegment('a#b%2F')).toBe('a%23b%252F');
    expect(encodePathSegment('..')).toBe('%2E%2E');
    expect(encodePathSegment('.')).toBe('%2E');
    expect(encodePathSegment('ünï')).toBe('%C3%BCn%C3%AF');
  });
});

describe('headers', () => {
  test.each([['a\r\nx-injected: 1'], ['a\nb'], ['a\u0000'], ['token-\u20ac'], ['a\u0001']])(
    'refuses a value with %j',
    (value) => {
      expect(() => checkHeader('x-custom', value)).toThrow(InvalidRequestError);
    },
  );

  test('the error names the header, never the value', () => {
    try {
      checkHeader('Authorization', 'Bearer secret-token\r\n');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('authorization');
      expect((error as Error).message).not.toContain('secret-token');
    }
  });

  test('refuses names that are not tokens', () => {
    expect(() => checkHeader('x custom', 'v')).toThrow(InvalidRequestError);
    expect(() => checkHeader('x:y', 'v')).toThrow(InvalidRequestError);
    expect(() => checkHeader('', 'v')).toThrow(InvalidRequestError);
  });

  test('allows obs-text (0x80-0xFF) as HTTP does', () => {
    expect(() => checkHeader('x-custom', 'caf\u00e9')).not.toThrow();
  });

  test('normalises names to lower case and allows tabs in values', () => {
    expect(normaliseHeaders({ 'X-Trace': 'a\tb' })).toEqual({ 'x-trace': 'a\tb' });
    expect(normaliseHeaders(undefined)).toEqual({});
  });
});

describe('base URL', () => {
  test('keeps a path prefix without trailing slashes', () => {
    expect(parseBaseUrl('https://gw.example.com/mcp/')).toEqual({ origin: 'https://gw.example.com', prefix: '/mcp' });
    expect(parseBaseUrl('http://127.0.0.1:8080')).toEqual({ origin: 'http://127.0.0.1:8080', prefix: '' });
  });

  test.each([
    ['not a url'],
    ['ftp://gw.example.com'],
    ['https://user:pass@gw.example.com'],
    ['https://gw.example.com/?a=1'],
    ['https://gw.example.com/#x'],
  ])('refuses %j with ConfigError', (url) => {
    expect(() => parseBaseUrl(url)).toThrow(ConfigError);
  });

  test('never echoes credentials from a bad URL', () => {
    try {
      parseBaseUrl('https://user:hunter2@gw.example.com');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('query string', () => {
  test('encodes keys and values and skips undefined', () => {
    expect(queryString({ offset: 0, limit: 10, server: undefined })).toBe('?offset=0&limit=10');
    expect(queryString({ server: 'a&b=c' })).toBe('?server=a%26b%3Dc');
    expect(queryString(undefined)).toBe('');
    expect(queryString({})).toBe('');
  });
});
