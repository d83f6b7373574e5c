import type { IncomingHttpHeaders } from 'node:http';
import type { ListChangedKind } from './endpoint-context.js';
import type { SseFormat } from './event-stream.js';
import type { RpcId } from './json-rpc.js';
import type { CallOutcome, Era } from './mcp-methods.js';
import type { CacheHints, McpAnswerMode, McpEras } from './mcp-options.js';
import type { McpScriptStep } from './mcp-script-step.js';

export interface McpLoggedRequest {
  httpMethod: string;
  /** The JSON-RPC method of a POST (`(response)` for a client's answer, `(invalid)` for a bad body). */
  rpcMethod?: string;
  rpcId?: RpcId;
  /** The era that served it; `undefined` for a scripted or refused request. */
  era?: Era;
  sessionId?: string;
  /** Lower-case names, as received. */
  headers: IncomingHttpHeaders;
  body: string | undefined;
  /** The HTTP status, once the answer's head was written. */
  status?: number;
  at: number;
}

export interface McpCallRecord {
  tool: string;
  era: Era;
  sessionId?: string;
  outcome: CallOutcome;
  /** The arguments as sent, so a test can tell one logical call from another. */
  arguments: Record<string, unknown>;
  at: number;
}

/** The test API of the MCP endpoint at `/mcp`: scripts, knobs and observations (README "MCP endpoint"). */
export interface McpSim {
  /** `<sim.url>/mcp`. */
  readonly url: string;
  /** Replaces the target's pending steps: a JSON-RPC method, `*` (any POST), `GET` or `DELETE`. */
  script(target: string, steps: readonly McpScriptStep[]): void;
  pendingSteps(target: string): number;
  setEras(eras: McpEras): void;
  setAnswers(mode: McpAnswerMode): void;
  setPageSize(size: number): void;
  /** `ttlMs` and `cacheScope` on 2026-07-28 listings, reads and discover. */
  setCacheHints(hints: Partial<CacheHints>): void;
  /** CRLF line endings, JSON spread over several `data:` lines, a comment before every event (each legal SSE). */
  setSseFormat(format: Partial<SseFormat>): void;
  /** Re-seeds the tools with `count` generated ones; cursors issued before stop working. Sends no notification. */
  setTools(count: number): void;
  /** Sends `notifications/<kind>/list_changed` on every open GET stream and matching subscription; returns how many. */
  notifyListChanged(kind: ListChangedKind): number;
  /** Drops every session, as a restarted server would. */
  forgetSessions(): void;
  readonly sessionIds: string[];
  /** Requests per JSON-RPC method (POST) or HTTP method (`GET`, `DELETE`), and `total`. A snapshot. */
  readonly counts: Record<string, number>;
  readonly requests: McpLoggedRequest[];
  /** Every tools/call that reached a tool, with how it ended. */
  readonly calls: McpCallRecord[];
  /** How many times the tool ran to completion. */
  executions(tool: string): number;
  /** Clears scripts, counters, logs, executions and sessions; keeps data and knobs. */
  reset(): void;
}
