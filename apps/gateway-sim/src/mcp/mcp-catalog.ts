import { generatedTool, type McpTool, namedTools } from './mcp-tool-definitions.js';

export type ListKind = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

export interface McpResource {
  uri: string;
  name: string;
  mimeType: string;
  description?: string;
}

export interface McpPrompt {
  name: string;
  description: string;
  arguments: { name: string; description?: string; required?: boolean }[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

const staticResources: readonly McpResource[] = [
  { uri: 'sim://docs/readme', name: 'readme', mimeType: 'text/plain', description: 'A text resource.' },
  { uri: 'sim://data/blob', name: 'blob', mimeType: 'application/octet-stream', description: 'A binary resource.' },
];
const resourceTemplates = [
  { uriTemplate: 'sim://items/{id}', name: 'item', mimeType: 'application/json', description: 'Any item by id.' },
];
const namedPrompts: readonly McpPrompt[] = [
  { name: 'greeting', description: 'Greets someone.', arguments: [{ name: 'name', required: true }] },
  { name: 'summarize', description: 'Asks for a summary.', arguments: [{ name: 'text', required: false }] },
];
const itemUri = /^sim:\/\/items\/(\d{1,9})$/;

/**
 * The seeded data of the MCP endpoint. Cursors are opaque to clients (base64url of the kind and offset) and
 * carry the catalog's generation, so a cursor from before a list change is refused, as a real server might.
 */
export class McpCatalog {
  readonly tools: readonly McpTool[];
  readonly resources: readonly McpResource[];
  readonly prompts: readonly McpPrompt[];
  readonly #byName: Map<string, McpTool>;

  constructor(
    readonly generatedTools: number,
    readonly generatedResources: number,
    readonly generatedPrompts: number,
    readonly generation: number,
  ) {
    const width = Math.max(4, String(generatedTools).length);
    const tools: McpTool[] = [...namedTools];
    for (let i = 0; i < generatedTools; i++) tools.push(generatedTool(i, width));
    this.tools = tools;
    this.#byName = new Map(tools.map((tool) => [tool.name, tool]));
    const resources: McpResource[] = [...staticResources];
    for (let i = 1; i <= generatedResources; i++) {
      resources.push({ uri: `sim://items/${i}`, name: `item-${i}`, mimeType: 'application/json' });
    }
    this.resources = resources;
    const prompts: McpPrompt[] = [...namedPrompts];
    for (let i = 1; i <= generatedPrompts; i++) {
      prompts.push({ name: `prompt-${i}`, description: `Generated prompt ${i}.`, arguments: [] });
    }
    this.prompts = prompts;
  }

  tool(name: string): McpTool | undefined {
    return this.#byName.get(name);
  }

  prompt(name: string): McpPrompt | undefined {
    return this.prompts.find((prompt) => prompt.name === name);
  }

  /** The contents of a resource, or undefined when no resource (or template) has that URI. */
  read(uri: string): Record<string, unknown> | undefined {
    if (uri === 'sim://docs/readme') return { uri, mimeType: 'text/plain', text: 'The gateway simulator.\n' };
    if (uri === 'sim://data/blob') {
      return {
        uri,
        mimeType: 'application/octet-stream',
        blob: Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64'),
      };
    }
    const item = itemUri.exec(uri);
    if (item) return { uri, mimeType: 'application/json', text: JSON.stringify({ id: Number(item[1]) }) };
    return undefined;
  }

  /** One page of a listing; `undefined` for a cursor this catalog did not issue. */
  page(kind: ListKind, cursor: unknown, pageSize: number): Page<unknown> | undefined {
    const all: readonly unknown[] =
      kind === 'tools'
        ? this.tools
        : kind === 'resources'
          ? this.resources
          : kind === 'prompts'
            ? this.prompts
            : resourceTemplates;
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = this.#decode(kind, cursor);
      if (decoded === undefined) return undefined;
      offset = decoded;
    }
    const items = all.slice(offset, offset + pageSize);
    const next = offset + pageSize;
    return next < all.length ? { items, nextCursor: this.#encode(kind, next) } : { items };
  }

  #encode(kind: ListKind, offset: number): string {
    return Buffer.from(JSON.stringify({ k: kind, o: offset, g: this.generation })).toString('base64url');
  }

  #decode(kind: ListKind, cursor: unknown): number | undefined {
    if (typeof cursor !== 'string' || cursor.length > 200) return undefined;
    try {
      const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (value.k !== kind || value.g !== this.generation) return undefined;
      return Number.isInteger(value.o) && (value.o as number) > 0 ? (value.o as number) : undefined;
    } catch {
      return undefined;
    }
  }
}
