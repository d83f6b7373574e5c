import { mcpHeaderValue } from './header-values.js';

/** Where one `x-mcp-header` parameter sits in a tool's arguments. */
export interface HeaderParameter {
  /** The `Mcp-Param-{name}` suffix as the server wrote it. */
  readonly name: string;
  /** The chain of `properties` keys from the schema root. */
  readonly path: readonly string[];
  readonly type: 'string' | 'integer' | 'boolean';
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_DEPTH = 16;
const MAX_NODES = 10_000;
const COMPOSITION = [
  'items',
  'prefixItems',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$ref',
  'patternProperties',
  'contains',
  'dependentSchemas',
];

export type HeaderScan =
  | { readonly ok: true; readonly headers: readonly HeaderParameter[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The `x-mcp-header` parameters of a tool's `inputSchema`, or why the tool must be dropped (2026-07-28: a token name,
 * unique ignoring case, on a string/integer/boolean property reached only through `properties`). The walk is
 * bounded in depth and nodes, so a peer's schema cannot make it run long.
 */
export function scanHeaderParameters(inputSchema: unknown): HeaderScan {
  const headers: HeaderParameter[] = [];
  const seen = new Set<string>();
  let nodes = 0;
  let problem: string | undefined;

  function walk(schema: unknown, path: string[], reachable: boolean, depth: number): void {
    if (problem !== undefined || schema === null || typeof schema !== 'object') return;
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
      problem = 'inputSchema is too deep or too large to check';
      return;
    }
    const s = schema as Record<string, unknown>;
    if (Object.hasOwn(s, 'x-mcp-header')) {
      const name = s['x-mcp-header'];
      if (!reachable) problem = 'x-mcp-header sits where it is not statically reachable through properties';
      else if (typeof name !== 'string' || !TOKEN.test(name)) problem = 'x-mcp-header is not an HTTP token';
      else if (seen.has(name.toLowerCase())) problem = `x-mcp-header ${name} is given twice`;
      else if (s.type !== 'string' && s.type !== 'integer' && s.type !== 'boolean') {
        problem = `x-mcp-header ${name} is on a property that is not string, integer or boolean`;
      } else {
        seen.add(name.toLowerCase());
        headers.push({ name, path: [...path], type: s.type });
      }
      if (problem !== undefined) return;
    }
    const properties = s.properties;
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [key, child] of Object.entries(properties)) walk(child, [...path, key], reachable, depth + 1);
    }
    for (const keyword of COMPOSITION) {
      const child = s[keyword];
      if (Array.isArray(child)) for (const c of child) walk(c, path, false, depth + 1);
      else walk(child, path, false, depth + 1);
    }
    for (const keyword of ['$defs', 'definitions']) {
      const defs = s[keyword];
      if (defs !== null && typeof defs === 'object')
        for (const d of Object.values(defs)) walk(d, path, false, depth + 1);
    }
  }

  walk(inputSchema, [], true, 0);
  return problem === undefined ? { ok: true, headers } : { ok: false, reason: problem };
}

/** The `mcp-param-*` headers for one call's arguments; a missing or null value sends no header. */
export function headerParameterValues(
  parameters: readonly HeaderParameter[],
  args: Record<string, unknown>,
): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const p of parameters) {
    let value: unknown = args;
    for (const key of p.path) {
      value =
        value !== null && typeof value === 'object' && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'boolean') text = value ? 'true' : 'false';
    else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
    else continue;
    out ??= {};
    out[`mcp-param-${p.name.toLowerCase()}`] = mcpHeaderValue(text);
  }
  return out;
}
