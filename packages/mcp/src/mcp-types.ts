/** Shapes of the MCP results this client returns (the fields it checks; servers may send more). */

export interface ClientInfo {
  readonly name: string;
  readonly version: string;
  readonly title?: string;
}

export interface ToolAnnotations {
  readonly title?: string;
  readonly readOnlyHint?: boolean;
  readonly destructiveHint?: boolean;
  readonly idempotentHint?: boolean;
  readonly openWorldHint?: boolean;
}

export interface McpTool {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema?: Record<string, unknown>;
  readonly outputSchema?: Record<string, unknown>;
  readonly annotations?: ToolAnnotations;
  readonly [key: string]: unknown;
}

export interface McpResource {
  readonly uri: string;
  readonly name?: string;
  readonly mimeType?: string;
  readonly [key: string]: unknown;
}

export interface McpResourceTemplate {
  /** An RFC 6570 URI template, e.g. `sim://items/{id}`. */
  readonly uriTemplate: string;
  readonly name?: string;
  readonly mimeType?: string;
  readonly [key: string]: unknown;
}

export interface McpPrompt {
  readonly name: string;
  readonly description?: string;
  readonly arguments?: ReadonlyArray<{
    readonly name: string;
    readonly required?: boolean;
    readonly description?: string;
  }>;
  readonly [key: string]: unknown;
}

export interface ContentBlock {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A `tools/call` answer. `isError: true` is the tool's own failure, returned, never thrown. */
export interface CallToolResult {
  readonly content: readonly ContentBlock[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
  readonly [key: string]: unknown;
}

export interface ReadResourceResult {
  readonly contents: ReadonlyArray<{
    readonly uri: string;
    readonly text?: string;
    readonly blob?: string;
    readonly [key: string]: unknown;
  }>;
  readonly [key: string]: unknown;
}

export interface GetPromptResult {
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: unknown }>;
  readonly description?: string;
  readonly [key: string]: unknown;
}

export interface CursorPage<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** What `notifications/*\/list_changed` named. */
export type ListKind = 'tools' | 'resources' | 'prompts';

export interface ListChangedEvent {
  readonly client: string;
  readonly kind: ListKind;
  /** The endpoint (origin and path) that sent it. */
  readonly endpoint: string;
}

export interface Root {
  readonly uri: string;
  readonly name?: string;
}

/**
 * Answers to the server's requests (elicitation, sampling, roots). Each gets the request's `params` and returns
 * the `result` the spec defines. Without a handler: elicitation is declined, sampling and roots get -32601 (2025
 * era), and the capability is not declared.
 */
export interface McpHandlers {
  elicitation?: (params: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;
  sampling?: (params: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>;
  roots?: (params: Record<string, unknown>) => Promise<{ roots: Root[] }> | { roots: Root[] };
}

/** A pino-compatible logger; `notifications/message` from the server goes to it. */
export interface McpLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}
