import { describe, expect, test } from 'vitest';
import { mcpHeaderValue, scanHeaderParameters } from '../src/index.js';
import { headerParameterValues } from '../src/x-mcp-header.js';

describe('x-mcp-header (2026-07-28)', () => {
  test('finds annotated string, integer and boolean properties reached through properties only', () => {
    const scan = scanHeaderParameters({
      type: 'object',
      properties: {
        region: { type: 'string', 'x-mcp-header': 'Region' },
        nested: { type: 'object', properties: { limit: { type: 'integer', 'x-mcp-header': 'Limit' } } },
      },
    });
    expect(scan).toEqual({
      ok: true,
      headers: [
        { name: 'Region', path: ['region'], type: 'string' },
        { name: 'Limit', path: ['nested', 'limit'], type: 'integer' },
      ],
    });
    if (!scan.ok) return;
    expect(headerParameterValues(scan.headers, { region: 'eu', nested: { limit: 5 } })).toEqual({
      'mcp-param-region': 'eu',
      'mcp-param-limit': '5',
    });
    expect(headerParameterValues(scan.headers, { region: null })).toBeUndefined();
  });

  test.each([
    ['an empty name', { properties: { a: { type: 'string', 'x-mcp-header': '' } } }],
    ['a name that is not a token', { properties: { a: { type: 'string', 'x-mcp-header': 'Bad Name' } } }],
    ['a number property', { properties: { a: { type: 'number', 'x-mcp-header': 'A' } } }],
    [
      'a duplicate ignoring case',
      { properties: { a: { type: 'string', 'x-mcp-header': 'A' }, b: { type: 'string', 'x-mcp-header': 'a' } } },
    ],
    ['under items', { properties: { a: { type: 'array', items: { type: 'string', 'x-mcp-header': 'A' } } } }],
    ['under anyOf', { anyOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] }],
  ])('refuses %s', (_what, schema) => {
    expect(scanHeaderParameters(schema).ok).toBe(false);
  });

  test('values: plain when header-safe, base64 sentinel otherwise (and for a value that looks like one)', () => {
    expect(mcpHeaderValue('us-west1')).toBe('us-west1');
    expect(mcpHeaderValue('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
    expect(mcpHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(mcpHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(mcpHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
  });
});
