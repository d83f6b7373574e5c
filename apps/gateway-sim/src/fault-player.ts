import type { IncomingMessage, ServerResponse } from 'node:http';
import { lowerCased, writeResponse } from './response-writer.js';
import type { ScriptStep, SimRoute } from './script-step.js';
import { errorCodeFor, type SimResponse } from './sim-response.js';

export interface StepContext {
  req: IncomingMessage;
  res: ServerResponse;
  route: SimRoute;
  base: Record<string, string>;
  /** The normal answer; for invoke this runs the tool. */
  normal(): SimResponse;
  /** The normal answer's shape without side effects (the tool does not run). */
  preview(): SimResponse;
  delay(ms: number): Promise<void>;
}

const wrongSchemaBodies: Record<SimRoute, string> = {
  listServers: '{"servers":[{"server_name":42,"health":"ok"}],"total":1,"next_offset":null}',
  getServer: '{"name":"postgres-mcp","tools":"many"}',
  listTools: '{"tools":[{"name":"execute_query","server":7}],"total":1,"next_offset":null}',
  invoke: '["not","an","object"]',
  health: '["healthy"]',
};
const hugeBodyKeys: Record<SimRoute, string> = {
  listServers: 'servers',
  getServer: 'server_name',
  listTools: 'tools',
  invoke: 'result',
  health: 'status',
};
const fillerChunk = Buffer.alloc(64 * 1024, 'x');
// More than a keep-alive client will wait for: truncated answers promise this many bytes beyond what they send.
const truncatedShortfall = 100;

/** True when the step gives the route's normal answer (so an invoke runs its tool). */
export function isNormalStep(step: ScriptStep): boolean {
  return 'fault' in step && (step.fault === 'pass' || step.fault === 'slow-headers' || step.fault === 'slow-body');
}

/** Plays one scripted step onto the response. */
export async function playStep(step: ScriptStep, ctx: StepContext): Promise<void> {
  const { res, base } = ctx;
  if (!('fault' in step)) {
    writeResponse(res, scriptedStatus(step), base);
    return;
  }
  switch (step.fault) {
    case 'pass':
      if (step.delayMs) await ctx.delay(step.delayMs);
      writeResponse(res, ctx.normal(), base);
      return;
    case 'slow-headers':
      await ctx.delay(step.delayMs);
      writeResponse(res, ctx.normal(), base);
      return;
    case 'hang':
      // Accepted and never answered; the socket is destroyed when the client gives up or the sim closes.
      return;
    case 'reset':
      ctx.req.socket.resetAndDestroy();
      return;
    case 'reset-mid-body': {
      const body = Buffer.from(ctx.preview().body.padEnd(16, ' '));
      res.writeHead(200, { ...base, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    case 'truncated': {
      const body = Buffer.from(ctx.preview().body);
      res.writeHead(200, { ...base, 'content-length': String(body.length + truncatedShortfall) });
      res.write(body, () => res.socket?.end());
      return;
    }
    case 'malformed-json':
      writeResponse(res, { status: 200, body: '{"status": "success", "result": {"rows": [1, 2,' }, base);
      return;
    case 'wrong-schema':
      writeResponse(res, { status: 200, body: wrongSchemaBodies[ctx.route] }, base);
      return;
    case 'slow-body':
      await trickle(ctx, Buffer.from(ctx.normal().body), step.chunkBytes ?? 16, step.chunkDelayMs);
      return;
    case 'huge-body':
      await streamHugeBody(ctx, step.bytes, step.chunked ?? false);
      return;
  }
}

function scriptedStatus(step: { status: number; headers?: Record<string, string>; body?: unknown }): SimResponse {
  let body: string;
  if (typeof step.body === 'string') body = step.body;
  else if (step.body !== undefined) body = JSON.stringify(step.body);
  else if (step.status >= 400) {
    body = JSON.stringify({ error: { code: errorCodeFor(step.status), message: `scripted ${step.status}` } });
  } else body = '{}';
  return { status: step.status, body, ...(step.headers ? { headers: lowerCased(step.headers) } : {}) };
}

async function trickle(ctx: StepContext, body: Buffer, chunkBytes: number, chunkDelayMs: number): Promise<void> {
  const { res } = ctx;
  res.writeHead(200, { ...ctx.base, 'content-length': String(body.length) });
  for (let at = 0; at < body.length; at += chunkBytes) {
    if (res.destroyed) return;
    if (at > 0) await ctx.delay(chunkDelayMs);
    if (res.destroyed) return;
    res.write(body.subarray(at, at + chunkBytes));
  }
  res.end();
}

/** Streams a valid JSON object of exactly `bytes` bytes (when that is at least its fixed frame) with backpressure. */
async function streamHugeBody(ctx: StepContext, bytes: number, chunked: boolean): Promise<void> {
  const { res } = ctx;
  const head = Buffer.from(`{"${hugeBodyKeys[ctx.route]}":[],"padding":"`);
  const tail = Buffer.from('"}');
  let padding = Math.max(0, bytes - head.length - tail.length);
  const headers: Record<string, string> = { ...ctx.base };
  if (!chunked) headers['content-length'] = String(head.length + padding + tail.length);
  res.writeHead(200, headers);
  res.write(head);
  while (padding > 0) {
    if (res.destroyed) return;
    const size = Math.min(padding, fillerChunk.length);
    padding -= size;
    if (!res.write(fillerChunk.subarray(0, size))) {
      const drained = await new Promise<boolean>((resolve) => {
        const onDrain = () => done(true);
        const onClose = () => done(false);
        const done = (value: boolean) => {
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(value);
        };
        res.once('drain', onDrain);
        res.once('close', onClose);
      });
      if (!drained) return;
    }
  }
  res.end(tail);
}
