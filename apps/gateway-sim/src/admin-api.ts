import type { GatewaySim } from './gateway-sim.js';
import { validateCapacity, validateLatency, validatePagination, validateServerCount } from './options.js';
import { isSimRoute, validateSteps } from './script-step.js';
import { errorResponse, jsonResponse, type SimResponse } from './sim-response.js';

const ok = jsonResponse(200, { ok: true });

/** `/__admin/*`: the same controls as the in-process API, for a simulator running in another process. */
export function answerAdmin(
  sim: GatewaySim,
  action: string,
  method: string,
  query: string,
  rawBody: string | undefined,
): SimResponse {
  const reads: Record<string, () => unknown> = {
    counts: () => sim.counts,
    requests: () => sim.requests,
    invocations: () => sim.invocations,
    load: () => sim.load,
    executions: () => {
      const params = new URLSearchParams(query);
      return { executions: sim.executions(params.get('server') ?? '', params.get('tool') ?? '') };
    },
  };
  const writes: Record<string, (body: Record<string, unknown>) => void> = {
    script: (body) => {
      if (!isSimRoute(body.route))
        throw new TypeError(`route must be one of listServers, getServer, listTools, invoke, health`);
      sim.script(body.route, validateSteps(body.steps));
    },
    latency: (body) => sim.setLatency(validateLatency(body.latencyMs)),
    capacity: (body) => sim.setCapacity(validateCapacity(body.capacity)),
    pagination: (body) => sim.setPagination(validatePagination(body)),
    servers: (body) => sim.setServers(validateServerCount(body.count)),
    reset: () => sim.reset(),
  };
  const read = reads[action];
  const write = writes[action];
  if (read) return method === 'GET' ? jsonResponse(200, read()) : errorResponse(405, `use GET /__admin/${action}`);
  if (!write) return errorResponse(404, `no admin action ${action}`);
  if (method !== 'POST') return errorResponse(405, `use POST /__admin/${action}`);
  try {
    write(parseObject(rawBody));
    return ok;
  } catch (error) {
    return errorResponse(400, (error as Error).message);
  }
}

/** An admin request's body: empty means `{}`; anything but a JSON object is a TypeError (answered 400). */
export function parseObject(rawBody: string | undefined): Record<string, unknown> {
  if (rawBody === undefined || rawBody === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    throw new TypeError('admin request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('admin request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
