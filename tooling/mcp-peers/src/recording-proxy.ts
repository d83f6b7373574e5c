import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One HTTP request the client sent to the peer, as the peer received it. */
export interface RecordedRequest {
  method: string;
  /** The MCP headers only: the rest says nothing about protocol behaviour. */
  headers: Record<string, string | undefined>;
  /** The parsed JSON-RPC body of a POST, or undefined. */
  body?: unknown;
  /** The peer's status code (0 when the peer could not be reached). */
  status: number;
}

export interface RecordingProxy {
  /** The proxy's URL with the target's path, to give to a client in place of the peer's. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const MCP_HEADERS = ['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'mcp-method', 'mcp-name', 'accept'];
// Bodies the client sends are JSON-RPC messages a few kilobytes long; anything past this is not ours to record.
const MAX_BODY_BYTES = 1024 * 1024;

function pickHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const name of MCP_HEADERS) {
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}

/**
 * A pass-through HTTP proxy on 127.0.0.1 in front of a real peer that records what the client sent (a peer such as
 * server-everything does not report, say, a `notifications/cancelled`). Answers, SSE streams included, are piped
 * through untouched as they arrive.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const targetUrl = new URL(target);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const record: RecordedRequest = { method: req.method ?? '', headers: pickHeaders(req.headers), status: 0 };
      if (raw.length > 0) {
        try {
          record.body = JSON.parse(raw.toString('utf8'));
        } catch {
          record.body = raw.toString('utf8');
        }
      }
      requests.push(record);
      const upstream = httpRequest(
        {
          host: targetUrl.hostname,
          port: targetUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: targetUrl.host },
          // A connection per request: a peer restarted by a test leaves no pooled socket to a dead process behind.
          agent: false,
        },
        (answer) => {
          record.status = answer.statusCode ?? 0;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          // A client that closes its stream (a cancel in the stateless era) must close the peer's too.
          res.on('close', () => answer.destroy());
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
