import { RegoEngine } from './rego-engine.js';
import {
  composeProfile,
  type EngineOutcome,
  generatedPackage,
  type ParsedPolicy,
  parsePolicy,
  placeholderData,
  readEngineOutput,
  ruleReference,
} from './rego-module.js';

export interface RegoEvaluator {
  /** Evaluates the document at an OPA data path (`mcp/gateway/decision`) for one input. */
  evaluate(path: string, input: unknown): Promise<EngineOutcome>;
  close(): Promise<void>;
}

export interface RegoEvaluatorOptions {
  /** Rego source of one policy module. */
  policy: string;
  /** Base documents under `data.<key>` (top-level keys must be Rego identifiers). */
  data?: Readonly<Record<string, unknown>>;
  /** Share an engine already started (start-up costs seconds). */
  engine?: RegoEngine;
}

let sharedEngine: Promise<RegoEngine> | undefined;

/** One engine per process, started on first use. */
export function sharedRegoEngine(): Promise<RegoEngine> {
  sharedEngine ??= RegoEngine.start().catch((error: unknown) => {
    sharedEngine = undefined;
    throw error;
  });
  return sharedEngine;
}

/** Evaluates a policy on OPA 0.47's WebAssembly evaluator. Compiles the policy once up front to report errors. */
export async function createRegoEvaluator(options: RegoEvaluatorOptions): Promise<RegoEvaluator> {
  const policy: ParsedPolicy = parsePolicy(options.policy);
  const data = options.data ?? {};
  const engine = options.engine ?? (await sharedRegoEngine());

  async function evaluate(path: string, input: unknown): Promise<EngineOutcome> {
    const reference = ruleReference(policy, path);
    if (reference === undefined) return { kind: 'undefined' };
    const output = await engine.run(composeProfile(policy, reference, input, data), placeholderData);
    return readEngineOutput(output);
  }

  // A query that is always undefined still compiles the whole module, so syntax and safety errors surface here.
  const check = await engine.run(
    composeProfile(policy, `data.${generatedPackage}.mcp_compile_check`, {}, data),
    placeholderData,
  );
  const checked = readEngineOutput(check);
  if (checked.kind === 'error') throw new Error(`the policy does not compile: ${checked.message}`);

  return {
    evaluate,
    close: async () => {
      if (options.engine === undefined) return; // the shared engine lives as long as the process
    },
  };
}
