import { pathToFileURL } from 'node:url';
import { cache, memoryStore } from '@mcpgw/cache';
import { attemptTimeout, compose, createTransport, deadline, GatewayClient } from '@mcpgw/core';
import { retry } from '@mcpgw/retry';

export interface CustomPipelineOptions {
  baseUrl: string;
  apiKey?: string;
}

/**
 * A pipeline assembled by hand from single packages, without the preset (so no prom-client, OTel, pino or Redis
 * is installed): deadline → cache → retry → attempt timeout → transport. `compose(a, b, c)`: `a` is outermost.
 */
export async function main(options: CustomPipelineOptions) {
  const transport = createTransport({ connections: 8, connectTimeoutMs: 2_000 });
  const responseCache = cache({ ttlMs: 60_000, store: memoryStore({ maxEntries: 1_000 }) });
  const retries = retry({ maxAttempts: 3, baseDelayMs: 25, budget: { ratio: 0.2 } });
  const handler = compose(
    deadline({ totalMs: 10_000 }),
    responseCache,
    retries,
    attemptTimeout({ timeoutMs: 2_000 }),
  )(transport);
  const client = new GatewayClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    name: 'custom-pipeline',
    handler,
  });

  try {
    const first = await client.listServers({ limit: 10 });
    // The same read again: answered by the cache, nothing is sent.
    const second = await client.listServers({ limit: 10 });
    return {
      servers: first.items.map((server) => server.server_name),
      sameAnswer: JSON.stringify(first) === JSON.stringify(second),
      cache: responseCache.stats(),
      retry: retries.stats(),
    };
  } finally {
    await responseCache.close();
    await transport.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baseUrl = process.env.MCPGW_BASE_URL;
  if (baseUrl === undefined) {
    console.error('set MCPGW_BASE_URL (and MCPGW_API_KEY); try `pnpm --filter @mcpgw/gateway-sim start`');
    process.exitCode = 1;
  } else {
    console.log(JSON.stringify(await main({ baseUrl, apiKey: process.env.MCPGW_API_KEY }), null, 2));
  }
}
