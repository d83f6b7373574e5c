import { test } from 'vitest';
import { useSim } from './support.js';

const { state, client } = useSim();
test('probe', async () => {
  const mcp = client({ protocolVersion: '2025-11-25' });
  state.sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 1 }]);
  try {
    const r = await mcp.invokeTool({
      tool: 'slow',
      parameters: { steps: 3, stepMs: 1 },
      onProgress: (p) => console.log('progress', p),
    });
    console.log(JSON.stringify(r));
  } catch (e) {
    console.log(
      'ERR',
      e?.constructor?.name,
      e?.message,
      e?.code,
      e?.cause?.message,
      e?.stack?.split('\n').slice(0, 6).join('\n'),
    );
  }
  console.log(
    state.sim.mcp.requests
      .map((r) => [r.httpMethod, r.rpcMethod, r.status, r.headers['last-event-id']].join(' '))
      .join('\n'),
  );
  const mcp2 = client({ protocolVersion: '2025-11-25' });
  try {
    const r = await mcp2.invokeTool({ tool: 'ask_sampling' });
    console.log(JSON.stringify(r));
  } catch (e) {
    console.log('ERR2', e?.message);
  }
  console.log(
    state.sim.mcp.requests
      .slice(-3)
      .map((r) => [r.httpMethod, r.rpcMethod, r.status, String(r.body).slice(0, 200)].join(' '))
      .join('\n'),
  );
});
