import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('real MCP peers', () => {
  it('are installed at the pinned versions', () => {
    expect(require('@modelcontextprotocol/conformance/package.json').version).toBe('0.2.0-alpha.12');
  });
});
