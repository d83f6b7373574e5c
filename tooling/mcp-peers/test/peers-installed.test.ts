import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('real MCP peers', () => {
  it('are installed at the pinned versions', () => {
    expect(require('@modelcontextprotocol/conformance/package.json').version).toBe('0.2.0-alpha.12');
    // What README's table of third-party gateways was seen with.
    expect(require('mcp-proxy/package.json').version).toBe('6.7.19');
    expect(require('supergateway/package.json').version).toBe('4.0.0');
    // What test/aggregating-gateway.test.ts and FINDINGS.md (F-H-*) were seen with.
    expect(require('mcp-hub/package.json').version).toBe('4.2.1');
    expect(require('@modelcontextprotocol/server-everything/package.json').version).toBe('2026.8.31');
  });
});
