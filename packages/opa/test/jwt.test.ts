import { createServer, type Server } from 'node:http';
import {
  AuthorizationDeniedError,
  channels,
  compose,
  createTransport,
  GatewayClient,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizeOptions, authorize } from '../src/index.js';

const secret = 'a-test-secret-of-at-least-32-bytes!!';
let sim: GatewaySim;
let opa: OpaTestServer;
let jwks: Server;
let jwksUrl: string;
let rsaPrivate: CryptoKey;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
  opa = await startOpaTestServer({ port: 0, mode: 'scripted' });
  const pair = await generateKeyPair('RS256');
  rsaPrivate = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const address = jwks.address();
  jwksUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jwks.json`;
});
afterAll(async () => {
  await sim.close();
  await opa.close();
  await new Promise((resolve) => jwks.close(resolve));
});
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
  sim.reset();
  opa.reset();
});

function clientWith(options: Partial<AuthorizeOptions>): GatewayClient {
  const authz = authorize({ url: opa.url, timeoutMs: 2_000, decisionCache: false, ...options });
  const transport: Transport = createTransport();
  open.push(authz, transport);
  return new GatewayClient({ baseUrl: sim.url, handler: compose(authz)(transport) });
}

const claims = { roles: ['analyst'], teams: ['data'], email: 'a@example.com' };
const invoke = { server: 'postgres-mcp', tool: 'execute_query', parameters: { query: 'SELECT 1' } };
const hsOptions = { jwt: { secret, issuer: 'https://issuer.test', audience: 'mcpgw' } };

function hsToken(overrides: { exp?: number | string; aud?: string; key?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u-42')
    .setIssuer('https://issuer.test')
    .setAudience(overrides.aud ?? 'mcpgw')
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? '5m')
    .sign(new TextEncoder().encode(overrides.key ?? secret));
}

function unsignedToken(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'u-42', roles: ['admin'], iss: 'https://issuer.test', aud: 'mcpgw', exp: now + 300 })}.`;
}

/** Everything written to stdout/stderr and every process warning while `run` runs. */
async function captureOutput(run: () => Promise<void>): Promise<string> {
  const captured: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const onWarning = (warning: Error) => captured.push(`${warning.name}: ${warning.message}`);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return stdout(chunk, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return stderr(chunk, ...(rest as []));
  }) as typeof process.stderr.write;
  process.on('warning', onWarning);
  try {
    await run();
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    process.off('warning', onWarning);
  }
  return captured.join('\n');
}

describe('user JWTs', () => {
  it('maps a valid HS256 token to the principal', async () => {
    const client = clientWith(hsOptions);
    await client.invokeTool({ ...invoke, user: await hsToken() });
    expect((opa.inputs[0] as { user: unknown }).user).toEqual({
      id: 'u-42',
      roles: ['analyst'],
      teams: ['data'],
      email: 'a@example.com',
    });
    expect(sim.counts.invoke).toBe(1);
  });

  it('maps a valid RS256 token verified with a JWKS served on loopback, with configured claim names', async () => {
    const token = await new SignJWT({ uid: 'u-7', realm: { groups: ['developer'] }, squads: 'eng ops' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://issuer.test')
      .setAudience('mcpgw')
      .setExpirationTime('5m')
      .sign(rsaPrivate);
    const client = clientWith({
      jwt: {
        jwksUrl,
        issuer: 'https://issuer.test',
        audience: 'mcpgw',
        claims: { id: 'uid', roles: 'realm.groups', teams: 'squads' },
      },
    });
    await client.invokeTool({ ...invoke, user: token });
    expect((opa.inputs[0] as { user: unknown }).user).toEqual({
      id: 'u-7',
      roles: ['developer'],
      teams: ['eng', 'ops'],
    });
  });

  const refused: Array<[string, () => Promise<string> | string]> = [
    ['an expired token', () => hsToken({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a wrong-audience token', () => hsToken({ aud: 'someone-else' })],
    ['a wrong-signature token', () => hsToken({ key: 'another-secret-of-at-least-32-bytes!' })],
    ['an alg: none token', () => unsignedToken()],
    ['garbage', () => 'not.a.jwt'],
  ];
  for (const [name, make] of refused) {
    it(`refuses ${name} before OPA is called, and the token appears nowhere`, async () => {
      const token = await make();
      const authzEvents: unknown[] = [];
      const onAuthz = (m: unknown) => authzEvents.push(m);
      channels.authz.subscribe(onAuthz);
      let error: unknown;
      const output = await captureOutput(async () => {
        const client = clientWith(hsOptions);
        error = await client.invokeTool({ ...invoke, user: token }).catch((e: unknown) => e);
      });
      channels.authz.unsubscribe(onAuthz);
      expect(error).toBeInstanceOf(AuthorizationDeniedError);
      expect((error as AuthorizationDeniedError).reason).toBe('invalid user token');
      expect(opa.calls).toBe(0);
      expect(sim.counts.total).toBe(0);
      const signature = token.split('.')[2] ?? token;
      const everything = [
        output,
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify((error as AuthorizationDeniedError).toJSON()),
        JSON.stringify(authzEvents),
      ].join('\n');
      expect(everything).not.toContain(token);
      if (signature.length > 16) expect(everything).not.toContain(signature);
    });
  }

  it('never sends the raw token to OPA nor writes it to any output', async () => {
    const token = await hsToken();
    const output = await captureOutput(async () => {
      const client = clientWith({ ...hsOptions, failOpen: true });
      await client.invokeTool({ ...invoke, user: token });
      opa.script([{ status: 500 }]);
      await client.invokeTool({ ...invoke, user: token }); // fail-open path warns
    });
    expect(JSON.stringify(opa.inputs)).not.toContain(token);
    expect(JSON.stringify(opa.inputs)).not.toContain(token.split('.')[2]);
    expect(output).toContain('failOpen');
    expect(output).not.toContain(token);
    expect(sim.counts.invoke).toBe(2);
  });

  it('refuses a token when no verification is configured', async () => {
    const client = clientWith({});
    const error = await client.invokeTool({ ...invoke, user: await hsToken() }).catch((e: unknown) => e);
    expect((error as AuthorizationDeniedError).reason).toBe('invalid user token');
    expect(opa.calls).toBe(0);
  });

  it('decodes without verification only behind the loud option, and warns', async () => {
    const warnings: string[] = [];
    const client = clientWith({ insecureDecodeJwtWithoutVerification: true, onWarning: (m) => warnings.push(m) });
    await client.invokeTool({ ...invoke, user: unsignedToken() });
    expect(warnings.join()).toMatch(/WITHOUT signature verification/);
    expect((opa.inputs[0] as { user: { id: string } }).user.id).toBe('u-42');
  });

  it('verifies with a PEM public key', async () => {
    const { exportSPKI } = await import('jose');
    const pair = await generateKeyPair('RS256', { extractable: true });
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u-pem')
      .setExpirationTime('5m')
      .sign(pair.privateKey);
    const client = clientWith({ jwt: { publicKey: await exportSPKI(pair.publicKey) } });
    await client.invokeTool({ ...invoke, user: token });
    expect((opa.inputs[0] as { user: { id: string } }).user.id).toBe('u-pem');
  });
});
