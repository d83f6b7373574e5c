import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * An OAuth front for an MCP endpoint, on loopback: its own authorization server (metadata and a client-credentials
 * token endpoint for one client) and, at `/mcp`, the upstream MCP endpoint for requests with a token it issued (401
 * with a challenge otherwise). Enough for the CLI's client-credentials flow against gateway-sim's MCP endpoint.
 */
export interface OAuthFront {
  readonly url: string;
  readonly endpoint: string;
  readonly tokenRequests: Array<{ grantType: string | null; resource: string | null }>;
  readonly issued: string[];
  close(): Promise<void>;
}

export async function startOAuthFront(upstream: string, client: { id: string; secret: string }): Promise<OAuthFront> {
  const tokens = new Set<string>();
  const tokenRequests: OAuthFront['tokenRequests'] = [];
  const issued: string[] = [];
  let base = '';
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', base).pathname;
    if (path === '/.well-known/oauth-protected-resource/mcp') {
      return json(res, 200, { resource: `${base}/mcp`, authorization_servers: [base] });
    }
    if (path === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: base,
        token_endpoint: `${base}/token`,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    }
    if (path === '/token') {
      const form = new URLSearchParams(body.toString('utf8'));
      tokenRequests.push({ grantType: form.get('grant_type'), resource: form.get('resource') });
      const expected = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return json(res, 401, { error: 'invalid_client' });
      const token = `front-${randomBytes(12).toString('hex')}`;
      tokens.add(token);
      issued.push(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    }
    if (path === '/mcp') {
      const auth = req.headers.authorization;
      if (auth === undefined || !tokens.has(auth.slice('Bearer '.length))) {
        return json(
          res,
          401,
          { error: 'invalid_token' },
          {
            'www-authenticate': `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`,
          },
        );
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['authorization', 'host', 'content-length', 'connection'].includes(name)) {
          headers[name] = value;
        }
      }
      const answer = await fetch(upstream, {
        method: req.method ?? 'POST',
        headers,
        ...(body.length === 0 ? {} : { body }),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name !== 'content-length' && name !== 'transfer-encoding' && name !== 'connection') out[name] = value;
      });
      res.writeHead(answer.status, out);
      if (answer.body === null) return res.end();
      Readable.fromWeb(answer.body as import('node:stream/web').ReadableStream).pipe(res);
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    endpoint: `${base}/mcp`,
    tokenRequests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
