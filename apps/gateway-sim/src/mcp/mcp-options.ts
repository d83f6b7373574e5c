import type { SseFormat } from './event-stream.js';

/** Which eras the endpoint serves: both (a dual-era server), the 2025 session era only, or 2026-07-28 only. */
export type McpEras = 'both' | 'legacy' | 'stateless';
/** How a request's answer is sent when nothing forces a stream: one JSON body, or an SSE stream. */
export type McpAnswerMode = 'json' | 'sse';

export interface McpOptions {
  /** Default `both`. */
  eras?: McpEras;
  /** Generated tools after the named ones (`tool-0001`, ...). Default 1000. */
  tools?: number;
  /** Generated resources (`sim://items/N`). Default 50. */
  resources?: number;
  /** Generated prompts (`prompt-N`). Default 30. */
  prompts?: number;
  /** Items per page of every listing. Default 100. */
  pageSize?: number;
  /** Default `json` (a request that sends progress or asks the client is streamed anyway). */
  answers?: McpAnswerMode;
  /** Status for a request with an unknown `Mcp-Session-Id`: 404 as the spec says, or 400 as SDK servers do. Default 404. */
  unknownSessionStatus?: 404 | 400;
  /** The SSE `retry:` field, ms. Default 100. */
  sseRetryMs?: number;
  /** Sessions kept (oldest forgotten first). Default 1000. */
  maxSessions?: number;
  /** How events are spelled: CRLF, JSON over several `data:` lines, comment lines. Default all off. */
  sseFormat?: Partial<SseFormat>;
  /** 2026-07-28 caching hints on listings, reads and discover. Default `{ ttlMs: 0, cacheScope: 'public' }`. */
  cacheHints?: Partial<CacheHints>;
  /** With the simulator's `apiKey` set, every MCP request needs `X-API-Key` equal to it, else 401. Default false. */
  requireApiKey?: boolean;
}

export interface CacheHints {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

export interface ResolvedMcpOptions {
  eras: McpEras;
  tools: number;
  resources: number;
  prompts: number;
  pageSize: number;
  answers: McpAnswerMode;
  unknownSessionStatus: 404 | 400;
  sseRetryMs: number;
  maxSessions: number;
  sseFormat: SseFormat;
  cacheHints: CacheHints;
  requireApiKey: boolean;
}

export const legacyVersions = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
export const statelessVersion = '2026-07-28';

export function resolveMcpOptions(options: McpOptions = {}): ResolvedMcpOptions {
  const resolved: ResolvedMcpOptions = {
    eras: validateEras(options.eras ?? 'both'),
    tools: options.tools ?? 1000,
    resources: options.resources ?? 50,
    prompts: options.prompts ?? 30,
    pageSize: options.pageSize ?? 100,
    answers: validateAnswerMode(options.answers ?? 'json'),
    unknownSessionStatus: options.unknownSessionStatus ?? 404,
    sseRetryMs: options.sseRetryMs ?? 100,
    maxSessions: options.maxSessions ?? 1000,
    sseFormat: validateSseFormat(options.sseFormat ?? {}),
    cacheHints: validateCacheHints({ ttlMs: 0, cacheScope: 'public', ...options.cacheHints }),
    requireApiKey: options.requireApiKey ?? false,
  };
  requireInteger(resolved.tools, 'mcp.tools', 0, 1_000_000);
  requireInteger(resolved.resources, 'mcp.resources', 0, 1_000_000);
  requireInteger(resolved.prompts, 'mcp.prompts', 0, 1_000_000);
  validatePageSize(resolved.pageSize);
  requireInteger(resolved.sseRetryMs, 'mcp.sseRetryMs', 0, 600_000);
  requireInteger(resolved.maxSessions, 'mcp.maxSessions', 1, 10_000_000);
  if (typeof resolved.requireApiKey !== 'boolean') throw new TypeError('mcp.requireApiKey must be a boolean');
  if (resolved.unknownSessionStatus !== 404 && resolved.unknownSessionStatus !== 400) {
    throw new RangeError('mcp.unknownSessionStatus must be 404 or 400');
  }
  return resolved;
}

export function validateEras(eras: unknown): McpEras {
  if (eras !== 'both' && eras !== 'legacy' && eras !== 'stateless') {
    throw new TypeError(`mcp eras must be 'both', 'legacy' or 'stateless', got ${String(eras)}`);
  }
  return eras;
}

export function validateAnswerMode(mode: unknown): McpAnswerMode {
  if (mode !== 'json' && mode !== 'sse')
    throw new TypeError(`mcp answers must be 'json' or 'sse', got ${String(mode)}`);
  return mode;
}

export function validateSseFormat(format: unknown): SseFormat {
  if (typeof format !== 'object' || format === null) throw new TypeError('mcp sseFormat must be an object');
  const f = format as Record<string, unknown>;
  for (const name of ['crlf', 'multiLineData', 'comments']) {
    if (f[name] !== undefined && typeof f[name] !== 'boolean')
      throw new TypeError(`mcp sseFormat.${name} must be a boolean`);
  }
  return { crlf: f.crlf === true, multiLineData: f.multiLineData === true, comments: f.comments === true };
}

export function validateCacheHints(hints: unknown): CacheHints {
  if (typeof hints !== 'object' || hints === null) throw new TypeError('mcp cacheHints must be an object');
  const { ttlMs, cacheScope } = hints as Record<string, unknown>;
  requireInteger(ttlMs, 'mcp.cacheHints.ttlMs', 0, 2 ** 31);
  if (cacheScope !== 'public' && cacheScope !== 'private') {
    throw new TypeError(`mcp cacheHints.cacheScope must be 'public' or 'private', got ${String(cacheScope)}`);
  }
  return { ttlMs: ttlMs as number, cacheScope };
}

export function validatePageSize(size: unknown): number {
  requireInteger(size, 'mcp.pageSize', 1, 100_000);
  return size as number;
}

function requireInteger(value: unknown, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${String(value)}`);
  }
}
