import type { McpProtocolVersion } from './protocol-versions.js';

const MAX_ENDPOINTS = 1_000;
const remembered = new Map<string, McpProtocolVersion>();

/**
 * The protocol version each MCP endpoint was found to speak, shared by every client in the process: the era is a
 * property of the server (2026-07-28 versioning: cache it per origin), so a second client skips the probe. Bounded;
 * the oldest entry goes first. A client forgets its endpoint's entry when the assumption later fails.
 */
export const eraMemory = {
  get(endpoint: string): McpProtocolVersion | undefined {
    return remembered.get(endpoint);
  },
  set(endpoint: string, version: McpProtocolVersion): void {
    remembered.delete(endpoint);
    if (remembered.size >= MAX_ENDPOINTS) remembered.delete(remembered.keys().next().value as string);
    remembered.set(endpoint, version);
  },
  forget(endpoint: string): void {
    remembered.delete(endpoint);
  },
  clear(): void {
    remembered.clear();
  },
};
