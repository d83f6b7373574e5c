import type { EverythingClient } from './everything-steps.js';
import type { RecordedRequest } from './recording-proxy.js';

/** What a session that outlived its server saw; printed as JSON by everything-session.ts. */
export interface SessionLostReport {
  before: string;
  after: string;
  afterAgain: string;
  requests: RecordedRequest[];
}

/**
 * server-everything forgets the session (the peer is restarted between two calls): the SDK server answers the next
 * request, which still carries the old Mcp-Session-Id, with 400 "No valid session ID" rather than the spec's 404, and
 * the client must start a new session once and carry on.
 */
export async function runSessionLostSteps(
  client: EverythingClient,
  requests: RecordedRequest[],
  restartPeer: () => Promise<void>,
): Promise<SessionLostReport> {
  const before = await client.callTool('echo', { message: 'before the restart' });
  await restartPeer();
  const after = await client.callTool('echo', { message: 'after the restart' });
  const afterAgain = await client.callTool('echo', { message: 'in the new session' });
  await client.close();
  return { before, after, afterAgain, requests };
}
