/**
 * The demo's policy, as the scripted test OPA server runs it: analysts may list tables but not run SQL; over MCP
 * (where the input carries the tool's annotations) they may run read-only tools, not destructive ones.
 */
export function demoDecide(input: unknown): unknown {
  const doc = (input ?? {}) as {
    user?: { roles?: string[] };
    tool_name?: string;
    tool?: { annotations?: Record<string, unknown> };
    parameters?: Record<string, unknown>;
  };
  const analyst = doc.user?.roles?.includes('analyst') === true;
  const annotations = doc.tool?.annotations;
  if (analyst && annotations?.destructiveHint === true) {
    return { allow: false, reason: 'analysts may not run destructive tools' };
  }
  if (analyst && annotations?.readOnlyHint === true) return { allow: true, reason: 'analysts may run read-only tools' };
  if (analyst && doc.tool_name === 'list_tables') {
    // Only the parameters the policy knows travel on: anything else the caller added is dropped.
    const schema = doc.parameters?.schema;
    return {
      allow: true,
      reason: 'analysts may list tables',
      filtered_parameters: typeof schema === 'string' ? { schema } : {},
    };
  }
  if (analyst && doc.tool_name === 'execute_query') {
    return { allow: false, reason: 'analysts may not run arbitrary SQL (execute_query)' };
  }
  return { allow: false, reason: 'no rule allows this' };
}
