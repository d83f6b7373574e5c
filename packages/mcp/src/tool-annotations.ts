import type { AttributeValue } from '@mcpgw/core';
import type { McpTool, ToolAnnotations } from './mcp-types.js';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * The annotations of the tools the last listings showed, by name, bounded (oldest first out). A `list_changed` for
 * tools clears it: annotations of a changed listing are not the ones the server now stands behind.
 */
export class ToolAnnotationBook {
  readonly #byName = new Map<string, ToolAnnotations>();
  readonly #maxTools: number;

  constructor(maxTools: number) {
    this.#maxTools = maxTools;
  }

  remember(tools: readonly McpTool[]): void {
    for (const tool of tools) {
      const annotations = hintsOf(tool.annotations);
      this.#byName.delete(tool.name);
      if (this.#byName.size >= this.#maxTools) this.#byName.delete(this.#byName.keys().next().value!);
      this.#byName.set(tool.name, annotations);
    }
  }

  /** Undefined: the tool was in no listing seen since the last change. */
  get(name: string): ToolAnnotations | undefined {
    return this.#byName.get(name);
  }

  clear(): void {
    this.#byName.clear();
  }
}

/** Only the boolean hints, checked: a peer's `annotations` may be anything. */
function hintsOf(value: unknown): ToolAnnotations {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, boolean> = {};
  for (const hint of HINTS) {
    const v = (value as Record<string, unknown>)[hint];
    if (typeof v === 'boolean') out[hint] = v;
  }
  return Object.freeze(out) as ToolAnnotations;
}

/** The hints as request attributes (`mcp.tool.readOnlyHint`), which the OPA layer turns back into `tool.annotations`. */
export function annotationAttributes(annotations: ToolAnnotations | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  if (annotations === undefined) return out;
  for (const hint of HINTS) {
    const v = annotations[hint];
    if (v !== undefined) out[`mcp.tool.${hint}`] = v;
  }
  return out;
}
