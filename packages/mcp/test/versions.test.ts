import { describe, expect, it } from 'vitest';
import { MCP_PROTOCOL_VERSIONS } from '../src/index.js';

describe('MCP_PROTOCOL_VERSIONS', () => {
  it('lists the newest era first', () => {
    expect(MCP_PROTOCOL_VERSIONS[0]).toBe('2026-07-28');
  });
});
