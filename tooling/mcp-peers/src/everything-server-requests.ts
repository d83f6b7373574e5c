import type { EverythingClient, EverythingHandlers } from './everything-steps.js';
import type { RecordedRequest } from './recording-proxy.js';

/** What the client answers when server-everything asks it something. */
export const serverRequestHandlers: EverythingHandlers = {
  elicitation: async () => ({ action: 'accept', content: { name: 'Ada Lovelace', check: true, integer: 7 } }),
  sampling: async () => ({
    role: 'assistant',
    content: { type: 'text', text: 'sampled by mcpgw' },
    model: 'mcpgw-test-model',
    stopReason: 'endTurn',
  }),
  roots: async () => ({ roots: [{ uri: 'file:///srv/mcpgw-root', name: 'mcpgw root' }] }),
};

/** What a session with handlers saw; printed as JSON by everything-session.ts. */
export interface ServerRequestsReport {
  tools: string[];
  elicitation: string;
  sampling: string;
  roots: string;
  resources: string[];
  firstResource: string;
  prompt: string;
  requests: RecordedRequest[];
}

/**
 * server-everything asking the client: it registers `trigger-elicitation-request`, `trigger-sampling-request` and
 * `get-roots-list` only for a client that declared those capabilities, sends elicitation/create and
 * sampling/createMessage on the tool call's own stream, and asks roots/list on its own right after initialization (on
 * the standalone GET stream). Plus resources and prompts, read as a user would.
 */
export async function runServerRequestSteps(
  client: EverythingClient,
  requests: RecordedRequest[],
): Promise<ServerRequestsReport> {
  const tools = await client.listToolNames();
  const elicitation = await client.callTool('trigger-elicitation-request', {});
  const sampling = await client.callTool('trigger-sampling-request', { prompt: 'hello', maxTokens: 20 });
  const roots = await client.callTool('get-roots-list', {});
  const resources = await client.listResourceUris();
  const firstResource = resources[0] === undefined ? '' : await client.readResourceText(resources[0]);
  const prompt = await client.getPromptText('simple-prompt');
  await client.close();
  return { tools, elicitation, sampling, roots, resources, firstResource, prompt, requests };
}
