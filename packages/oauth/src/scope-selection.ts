/**
 * The scope to ask for, as the MCP spec orders it: the challenge's `scope`, else the resource's `scopes_supported`,
 * else none (the parameter is omitted). On a step-up the scopes asked for before are kept (SEP-2350), so a new token
 * does not lose what the old one could do. `offline_access` is added only when the authorization server lists it and
 * the grant can use a refresh token (SEP-2207).
 */
export function selectScope(input: {
  readonly challenged: string | undefined;
  readonly resourceScopes: readonly string[] | undefined;
  readonly previous: string | undefined;
  readonly serverScopes: readonly string[] | undefined;
  readonly wantsRefresh: boolean;
}): string | undefined {
  const base =
    input.challenged !== undefined
      ? split(input.challenged)
      : input.resourceScopes !== undefined && input.resourceScopes.length > 0
        ? [...input.resourceScopes]
        : [];
  const scopes = new Set([...split(input.previous), ...base]);
  if (scopes.size > 0 && input.wantsRefresh && input.serverScopes?.includes('offline_access') === true) {
    scopes.add('offline_access');
  }
  return scopes.size === 0 ? undefined : [...scopes].join(' ');
}

function split(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(' ').filter((s) => s.length > 0);
}
