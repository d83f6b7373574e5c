import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DemoOpa {
  readonly url: string;
  /** Decision requests answered. */
  readonly calls: number;
  close(): Promise<void>;
}

// A decision input is a few hundred bytes; anything much larger is not the client talking.
const maxBodyBytes = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readInput(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? undefined : (JSON.parse(text) as { input?: unknown }).input;
}

/**
 * The demo's OPA: OPA's data API (`POST /v1/data/<path>` → `{"result": ...}`) on loopback, answered by a function
 * instead of Rego, so that the demo needs no OPA binary and nothing outside this package.
 */
export async function startDemoOpa(decide: (input: unknown) => unknown): Promise<DemoOpa> {
  let calls = 0;
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/data/')) {
      send(res, 404, { code: 'resource_not_found', message: 'the demo OPA answers POST /v1/data/... only' });
      return;
    }
    readInput(req).then(
      (input) => {
        calls++;
        send(res, 200, { result: decide(input) });
      },
      (error: unknown) => send(res, 400, { code: 'invalid_parameter', message: String(error) }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
