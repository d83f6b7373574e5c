import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegoEvaluator, type RegoEvaluator } from '../src/index.js';

interface PolicyCase {
  name: string;
  input: unknown;
  data?: Record<string, unknown>;
  expect: {
    allow: boolean;
    reason?: string;
    deny?: string[];
    filtered_parameters?: unknown;
    cache_ttl?: number;
  };
}

const policyUrl = new URL('../../../docs/policy/mcp_gateway.rego', import.meta.url);
const casesUrl = new URL('../../../docs/policy/cases.json', import.meta.url);
const policy = readFileSync(policyUrl, 'utf8');
const { cases } = JSON.parse(readFileSync(casesUrl, 'utf8')) as { cases: PolicyCase[] };

// One engine for the whole file (start-up costs seconds); evaluations run one at a time.
describe('docs/policy/mcp_gateway.rego on OPA 0.47 (WebAssembly)', () => {
  const evaluators = new Map<string, RegoEvaluator>();

  async function evaluatorFor(data: Record<string, unknown> | undefined): Promise<RegoEvaluator> {
    const key = JSON.stringify(data ?? {});
    let evaluator = evaluators.get(key);
    if (evaluator === undefined) {
      evaluator = await createRegoEvaluator({ policy, data: data ?? {} });
      evaluators.set(key, evaluator);
    }
    return evaluator;
  }

  beforeAll(async () => {
    await evaluatorFor(undefined);
  }, 120_000);

  afterAll(async () => {
    for (const evaluator of evaluators.values()) await evaluator.close();
  });

  it('has at least 14 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(14);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const outcome = await (await evaluatorFor(c.data)).evaluate('mcp/gateway/decision', c.input);
      expect(outcome.kind).toBe('result');
      const decision = (outcome as { value: Record<string, unknown> }).value;
      expect(decision.allow).toBe(c.expect.allow);
      expect(typeof decision.reason).toBe('string');
      expect(Array.isArray(decision.deny)).toBe(true);
      // deny is authoritative: allowed exactly when no deny reason holds.
      expect((decision.deny as unknown[]).length === 0).toBe(c.expect.allow);
      if (c.expect.reason !== undefined) expect(decision.reason).toBe(c.expect.reason);
      if (c.expect.deny !== undefined) expect(decision.deny).toEqual(c.expect.deny);
      if (c.expect.filtered_parameters !== undefined) {
        expect(decision.filtered_parameters).toEqual(c.expect.filtered_parameters);
      }
      if (c.expect.cache_ttl !== undefined) expect(decision.cache_ttl).toBe(c.expect.cache_ttl);
    });
  }

  it('answers undefined for a rule the policy does not define and for paths outside its package', async () => {
    const evaluator = await evaluatorFor(undefined);
    expect(await evaluator.evaluate('mcp/gateway/no_such_rule', {})).toEqual({ kind: 'undefined' });
    expect(await evaluator.evaluate('other/package/decision', {})).toEqual({ kind: 'undefined' });
  });

  it('evaluates single rules of the policy, e.g. allow', async () => {
    const evaluator = await evaluatorFor(undefined);
    const input = cases[0]?.input;
    expect(await evaluator.evaluate('mcp/gateway/allow', input)).toEqual({ kind: 'result', value: true });
  });

  it('keeps input strings with $, quotes and non-ASCII characters intact', async () => {
    const evaluator = await evaluatorFor(undefined);
    const parameters = { q: 'SELECT "$result" FROM t -- é ✓ \n', $node: 1 };
    const input = { ...(cases[0]?.input as object), parameters, tool: { name: 't', parameters } };
    const outcome = await evaluator.evaluate('mcp/gateway/filtered_parameters', input);
    expect(outcome).toEqual({ kind: 'result', value: parameters });
  });
});
