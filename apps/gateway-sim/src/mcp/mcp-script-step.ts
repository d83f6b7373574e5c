/**
 * One scripted answer of the MCP endpoint, consumed by one request to its target: a JSON-RPC method name
 * (`tools/call`), `*` (any POST without a step of its own), `GET` (the standalone or resumed stream) or `DELETE`.
 */
export type McpScriptStep =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { rpcError: { code: number; message: string; data?: unknown }; status?: number }
  | { fault: 'hang' }
  | { fault: 'reset' }
  | { fault: 'malformed-json' }
  | { fault: 'garbage-sse' }
  | { fault: 'session-lost'; status?: 404 | 400 }
  | { fault: 'pass'; delayMs?: number }
  | { fault: 'slow-sse'; eventDelayMs: number }
  | { fault: 'cut-stream'; afterEvents?: number; eventIds?: boolean; ending?: 'destroy' | 'end' }
  | { fault: 'huge-event'; bytes: number }
  | { fault: 'duplicate-answer' }
  | { fault: 'unknown-id' }
  | { fault: 'wrong-id' }
  | { fault: 'repeat-cursor' };

export type McpFaultName = Extract<McpScriptStep, { fault: string }>['fault'];

/** Faults that replace the whole answer: the request is not served and a tool does not run. */
const replacingFaults: readonly McpFaultName[] = ['hang', 'reset', 'malformed-json', 'garbage-sse', 'session-lost'];
/** Faults that serve the request (a tool runs) and then mangle how the answer travels. */
const shapingFaults: readonly McpFaultName[] = [
  'pass',
  'slow-sse',
  'cut-stream',
  'huge-event',
  'duplicate-answer',
  'unknown-id',
  'wrong-id',
  'repeat-cursor',
];

export function isReplacingStep(step: McpScriptStep): boolean {
  return !('fault' in step) || replacingFaults.includes(step.fault);
}

/** Steps that force an SSE answer even when the endpoint would send JSON. */
export function forcesStream(step: McpScriptStep | undefined): boolean {
  return (
    step !== undefined &&
    'fault' in step &&
    (step.fault === 'slow-sse' ||
      step.fault === 'cut-stream' ||
      step.fault === 'huge-event' ||
      step.fault === 'duplicate-answer' ||
      step.fault === 'unknown-id')
  );
}

/** Checks steps given by a test; throws a TypeError naming the bad step. */
export function validateMcpSteps(steps: unknown): McpScriptStep[] {
  if (!Array.isArray(steps)) throw new TypeError('mcp script steps must be an array');
  return steps.map((step, i) => {
    const where = `mcp script step ${i}`;
    if (typeof step !== 'object' || step === null) throw new TypeError(`${where} must be an object`);
    const s = step as Record<string, unknown>;
    if ('rpcError' in s) {
      const e = s.rpcError as Record<string, unknown> | null;
      if (typeof e !== 'object' || e === null || !Number.isInteger(e.code) || typeof e.message !== 'string') {
        throw new TypeError(`${where}: rpcError needs an integer code and a message`);
      }
      if (s.status !== undefined) requireStatus(s.status, where);
      return step as McpScriptStep;
    }
    if (!('fault' in s)) {
      requireStatus(s.status, where);
      if (s.headers !== undefined && !isStringRecord(s.headers)) {
        throw new TypeError(`${where}: headers must map names to strings`);
      }
      return step as McpScriptStep;
    }
    const fault = s.fault as McpFaultName;
    if (!replacingFaults.includes(fault) && !shapingFaults.includes(fault)) {
      throw new TypeError(
        `${where}: needs a status, an rpcError or a fault (one of ${[...replacingFaults, ...shapingFaults].join(', ')})`,
      );
    }
    if (fault === 'slow-sse') requireCount(s.eventDelayMs, `${where}: eventDelayMs`);
    if (fault === 'huge-event') requireCount(s.bytes, `${where}: bytes`);
    if (fault === 'pass' && s.delayMs !== undefined) requireCount(s.delayMs, `${where}: delayMs`);
    if (fault === 'cut-stream' && s.afterEvents !== undefined) requireCount(s.afterEvents, `${where}: afterEvents`);
    if (fault === 'cut-stream' && s.eventIds !== undefined && typeof s.eventIds !== 'boolean') {
      throw new TypeError(`${where}: eventIds must be a boolean`);
    }
    if (fault === 'cut-stream' && s.ending !== undefined && s.ending !== 'destroy' && s.ending !== 'end') {
      throw new TypeError(`${where}: ending must be 'destroy' or 'end'`);
    }
    if (fault === 'session-lost' && s.status !== undefined && s.status !== 404 && s.status !== 400) {
      throw new TypeError(`${where}: status must be 404 or 400`);
    }
    return step as McpScriptStep;
  });
}

function requireStatus(status: unknown, where: string): void {
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) {
    throw new TypeError(`${where}: status must be an integer 200..599`);
  }
}

function requireCount(value: unknown, what: string): void {
  if (!Number.isInteger(value) || (value as number) < 0) throw new TypeError(`${what} must be an integer >= 0`);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
