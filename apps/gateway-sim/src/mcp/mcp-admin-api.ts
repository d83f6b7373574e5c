import { parseObject } from '../admin-api.js';
import { errorResponse, jsonResponse, type SimResponse } from '../sim-response.js';
import type { ListChangedKind } from './endpoint-context.js';
import type { McpSim } from './mcp-sim.js';

const ok = jsonResponse(200, { ok: true });

/** `/__admin/mcp/*`: the MCP endpoint's test API for a simulator running in another process (README "MCP endpoint"). */
export function answerMcpAdmin(
  mcp: McpSim,
  action: string,
  method: string,
  query: string,
  rawBody: string | undefined,
): SimResponse {
  const reads: Record<string, () => unknown> = {
    counts: () => mcp.counts,
    requests: () => mcp.requests,
    calls: () => mcp.calls,
    sessions: () => ({ sessionIds: mcp.sessionIds }),
    executions: () => ({ executions: mcp.executions(new URLSearchParams(query).get('tool') ?? '') }),
  };
  const writes: Record<string, (body: Record<string, unknown>) => unknown> = {
    script: (body) => {
      if (typeof body.target !== 'string') throw new TypeError('target must be a JSON-RPC method, *, GET or DELETE');
      mcp.script(body.target, body.steps as never);
    },
    eras: (body) => mcp.setEras(body.eras as never),
    answers: (body) => mcp.setAnswers(body.answers as never),
    'page-size': (body) => mcp.setPageSize(body.pageSize as number),
    tools: (body) => mcp.setTools(body.count as number),
    'sse-format': (body) => mcp.setSseFormat(body),
    'cache-hints': (body) => mcp.setCacheHints(body),
    'list-changed': (body) => ({ sent: mcp.notifyListChanged(body.kind as ListChangedKind) }),
    'forget-sessions': () => mcp.forgetSessions(),
    reset: () => mcp.reset(),
  };
  const read = reads[action];
  const write = writes[action];
  if (read) return method === 'GET' ? jsonResponse(200, read()) : errorResponse(405, `use GET /__admin/mcp/${action}`);
  if (!write) return errorResponse(404, `no admin action mcp/${action}`);
  if (method !== 'POST') return errorResponse(405, `use POST /__admin/mcp/${action}`);
  try {
    const answer = write(parseObject(rawBody));
    return answer === undefined ? ok : jsonResponse(200, answer);
  } catch (error) {
    return errorResponse(400, (error as Error).message);
  }
}
