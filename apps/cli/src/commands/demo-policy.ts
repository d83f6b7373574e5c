/** The demo's policy, as the scripted test OPA server runs it: analysts may list tables but not run SQL. */
export function demoDecide(input: unknown): unknown {
  const doc = (input ?? {}) as {
    user?: { roles?: string[] };
    tool_name?: string;
    parameters?: Record<string, unknown>;
  };
  const analyst = doc.user?.roles?.includes('analyst') === true;
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
