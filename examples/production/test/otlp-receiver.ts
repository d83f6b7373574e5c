import { once } from 'node:events';
import { createServer } from 'node:http';

export interface OtlpReceiver {
  readonly url: string;
  /** Bodies of the OTLP/HTTP trace exports received, in order. */
  readonly exports: string[];
  close(): Promise<void>;
}

/** A tiny loopback stand-in for an OpenTelemetry collector: it records each POST /v1/traces and answers 200. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') exports.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
