import fc from 'fast-check';
import type { Mutation } from '../src/json-mutation.js';

const level = fc.constantFrom('low', 'medium', 'high', 'critical');

export const serverInfo = fc.record(
  {
    server_id: fc.string(),
    server_name: fc.string({ minLength: 1 }),
    server_url: fc.constantFrom('http://a.example/mcp', 'https://b.example', 'http://127.0.0.1:9/x'),
    sensitivity_level: level,
    authorized_teams: fc.array(fc.string(), { maxLength: 3 }),
    access_restrictions: fc.option(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 })),
    health_status: fc.constantFrom('healthy', 'degraded', 'unhealthy'),
    tools_count: fc.nat(50),
    created_at: fc.option(fc.constant('2024-01-01T00:00:00Z')),
  },
  { requiredKeys: ['server_id', 'server_name', 'server_url', 'health_status', 'tools_count'] },
);

export const toolInfo = fc.record(
  {
    tool_name: fc.string({ minLength: 1 }),
    server_name: fc.string({ minLength: 1 }),
    description: fc.string(),
    sensitivity_level: level,
    parameters: fc.array(fc.record({ name: fc.string(), type: fc.string(), required: fc.boolean() }), { maxLength: 2 }),
    sensitive_params: fc.array(fc.string(), { maxLength: 2 }),
  },
  { requiredKeys: ['tool_name', 'server_name', 'description'] },
);

const pageFields = {
  total: fc.option(fc.oneof(fc.nat(1_000), fc.integer({ min: -5, max: 5 })), { nil: undefined }),
  next_offset: fc.option(fc.oneof(fc.nat(1_000), fc.constant(null), fc.integer({ min: -5, max: 5 })), {
    nil: undefined,
  }),
};

export const serverPage = fc.record(
  { servers: fc.array(serverInfo, { maxLength: 4 }), ...pageFields },
  { requiredKeys: ['servers'] },
);
export const toolPage = fc.record(
  { tools: fc.array(toolInfo, { maxLength: 4 }), ...pageFields },
  { requiredKeys: ['tools'] },
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('add' as const),
    pick: fc.nat(),
    key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')),
    value: fc.jsonValue({ maxDepth: 2 }),
  }),
);

/** Text a broken gateway might send: random characters, random JSON, truncated or spliced JSON. */
export const bodyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.tuple(serverPage, fc.nat()).map(([page, cut]) => {
    const text = JSON.stringify(page);
    return text.slice(0, cut % (text.length + 1));
  }),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 5 }), fc.nat()).map(([v, junk, at]) => {
    const text = JSON.stringify(v) ?? '';
    const i = at % (text.length + 1);
    return text.slice(0, i) + junk + text.slice(i);
  }),
);
