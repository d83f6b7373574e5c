import type { RecordedRequest } from './recording-proxy.js';

/** What the steps need of an MCP client; one small adapter per client under test (ours, and the SDK's as a baseline). */
export interface EverythingClient {
  listToolNames(): Promise<string[]>;
  /** Calls a tool and returns the text of its content blocks, one per line. */
  callTool(
    name: string,
    args: Record<string, unknown>,
    options?: { signal?: AbortSignal; onProgress?: (progress: ProgressSeen) => void; timeoutMs?: number },
  ): Promise<string>;
  listResourceUris(): Promise<string[]>;
  readResourceText(uri: string): Promise<string>;
  getPromptText(name: string, args?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** Answers to the server's requests, given to the client under test (each one declares its capability). */
export interface EverythingHandlers {
  elicitation?: (params: any) => Promise<Record<string, unknown>>;
  sampling?: (params: any) => Promise<Record<string, unknown>>;
  roots?: (params: any) => Promise<{ roots: Array<{ uri: string; name?: string }> }>;
}

export interface ProgressSeen {
  progress: number;
  total?: number;
}

export interface ErrorSeen {
  name: string;
  code?: string;
  message: string;
}

/** What a session against server-everything saw; printed as JSON by everything-session.ts for the test to check. */
export interface EverythingReport {
  tools: string[];
  echo: string;
  sum: string;
  progress: ProgressSeen[];
  longRunning: string;
  /** Progress seen by the call that was cancelled after its first progress notification. */
  cancelProgress: ProgressSeen[];
  cancelError?: ErrorSeen;
  afterCancel: string;
  requests: RecordedRequest[];
}

export function describeError(error: unknown): ErrorSeen {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : typeof error,
    ...(typeof e?.code === 'string' || typeof e?.code === 'number' ? { code: String(e.code) } : {}),
    message: typeof e?.message === 'string' ? e.message : String(error),
  };
}

/**
 * The session the server-everything tests check: list every tool, call `echo` and `get-sum`, run
 * `trigger-long-running-operation` to its end with progress, run it again and abort it after its first progress
 * notification, then show the client still works and close it. Never calls `gzip-file-as-resource` (it fetches a URL).
 */
export async function runEverythingSteps(
  client: EverythingClient,
  requests: RecordedRequest[],
): Promise<EverythingReport> {
  const tools = await client.listToolNames();
  const echo = await client.callTool('echo', { message: 'hello from mcpgw' });
  const sum = await client.callTool('get-sum', { a: 2, b: 3 });

  const progress: ProgressSeen[] = [];
  const longRunning = await client.callTool(
    'trigger-long-running-operation',
    { duration: 1, steps: 4 },
    { onProgress: (p) => progress.push(p) },
  );

  // 10 steps of 1 s: the abort comes right after the first, long before the operation could end on its own.
  const cancelProgress: ProgressSeen[] = [];
  const controller = new AbortController();
  let cancelError: ErrorSeen | undefined;
  try {
    await client.callTool(
      'trigger-long-running-operation',
      { duration: 10, steps: 10 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          cancelProgress.push(p);
          controller.abort();
        },
      },
    );
  } catch (error) {
    cancelError = describeError(error);
  }

  const afterCancel = await client.callTool('echo', { message: 'still usable' });
  await client.close();
  return {
    tools,
    echo,
    sum,
    progress,
    longRunning,
    cancelProgress,
    ...(cancelError ? { cancelError } : {}),
    afterCancel,
    requests,
  };
}
