/** Raw HTTP helpers for the MCP endpoint tests: fetch, a small SSE reader, and request builders for both eras. */
export const accept = 'application/json, text/event-stream';

export interface SseEvent {
  id?: string;
  data: string;
}

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or the JSON of every non-empty SSE data field, in order. */
  messages: any[];
  events: SseEvent[];
}

let nextId = 1;
export function rpc(method: string, params?: Record<string, unknown>, id: string | number = nextId++) {
  return params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
}

export async function post(url: string, message: unknown, headers: Record<string, string> = {}): Promise<Exchange> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: typeof message === 'string' ? message : JSON.stringify(message),
  });
  return read(response);
}

export async function read(response: Response): Promise<Exchange> {
  const text = await response.text();
  const isSse = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const events = isSse ? parseSse(text) : [];
  const messages = isSse
    ? events.filter((e) => e.data !== '').map((e) => JSON.parse(e.data))
    : text === ''
      ? []
      : [JSON.parse(text)];
  return { status: response.status, headers: response.headers, text, messages, events };
}

/** Enough of the SSE grammar for the simulator's own output (LF lines, one data line per event). */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let id: string | undefined;
    const data: string[] = [];
    let hasData = false;
    for (const line of block.split('\n')) {
      if (line.startsWith('id:')) id = line.slice(3).trim();
      if (line.startsWith('data:')) {
        hasData = true;
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    if (hasData) events.push({ ...(id === undefined ? {} : { id }), data: data.join('\n') });
  }
  return events;
}

export interface LegacySession {
  id: string;
  headers: Record<string, string>;
}

/** initialize + notifications/initialized; returns the headers later requests need. */
export async function openSession(
  url: string,
  protocolVersion = '2025-11-25',
  capabilities: Record<string, unknown> = {},
): Promise<LegacySession> {
  const init = await post(
    url,
    rpc('initialize', { protocolVersion, capabilities, clientInfo: { name: 'test', version: '1' } }),
  );
  if (init.status !== 200) throw new Error(`initialize answered ${init.status}: ${init.text}`);
  const id = init.headers.get('mcp-session-id')!;
  const headers: Record<string, string> = { 'mcp-session-id': id };
  if (protocolVersion !== '2025-03-26') headers['mcp-protocol-version'] = protocolVersion;
  const initialized = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  if (initialized.status !== 202) throw new Error(`initialized answered ${initialized.status}`);
  return { id, headers };
}

export const modernVersion = '2026-07-28';

/** A 2026-07-28 request: `_meta` in the body and the mirrored headers, as a conforming client sends them. */
export function modern(
  method: string,
  params: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = {},
  id: string | number = nextId++,
): { body: unknown; headers: Record<string, string> } {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': modernVersion,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    'io.modelcontextprotocol/clientInfo': { name: 'test', version: '1' },
    ...((params._meta as object | undefined) ?? {}),
  };
  const headers: Record<string, string> = { 'mcp-protocol-version': modernVersion, 'mcp-method': method };
  const name =
    method === 'resources/read'
      ? params.uri
      : method === 'tools/call' || method === 'prompts/get'
        ? params.name
        : undefined;
  if (typeof name === 'string') headers['mcp-name'] = headerValue(name);
  return { body: rpc(method, { ...params, _meta: meta }, id), headers };
}

/** The spec's value encoding: plain when header-safe, else the base64 sentinel. */
export function headerValue(value: string): string {
  const plain = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(value) && !/^=\?base64\?.*\?=$/.test(value);
  return plain ? value : `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

export function postModern(
  url: string,
  request: { body: unknown; headers: Record<string, string> },
  extra: Record<string, string> = {},
) {
  return post(url, request.body, { ...request.headers, ...extra });
}

/** Reads an SSE response as it arrives, one parsed message (or `{ priming: id }` for an empty event) at a time. */
export async function* streamMessages(response: Response): AsyncGenerator<any> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const [event] = parseSse(`${buffer.slice(0, end)}\n\n`);
        buffer = buffer.slice(end + 2);
        if (event !== undefined)
          yield event.data === '' ? { priming: event.id } : { ...JSON.parse(event.data), eventId: event.id };
        end = buffer.indexOf('\n\n');
      }
    }
  } finally {
    reader.releaseLock();
  }
}

export function openPost(
  url: string,
  message: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: JSON.stringify(message),
    ...(signal ? { signal } : {}),
  });
}
