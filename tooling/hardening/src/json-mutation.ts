export type Mutation =
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'add'; readonly pick: number; readonly key: string; readonly value: unknown };

/**
 * A copy of a JSON value with one mutation applied at a node chosen by `pick` (modulo the number of nodes): a
 * value replaced, a key deleted or an unknown key added. Near-valid answers find the edge cases of a schema that
 * random JSON rarely reaches.
 */
export function mutateJson(value: unknown, mutation: Mutation): unknown {
  const copy: unknown = structuredClone(value);
  const nodes: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        nodes.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        nodes.push({ parent: node as Record<string, unknown>, key });
        walk(child);
      }
    }
  };
  walk(copy);
  if (nodes.length === 0) return mutation.kind === 'replace' ? mutation.value : copy;
  const { parent, key } = nodes[mutation.pick % nodes.length]!;
  if (mutation.kind === 'replace') {
    (parent as Record<string | number, unknown>)[key] = mutation.value;
  } else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else {
    const target = (parent as Record<string | number, unknown>)[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      (target as Record<string, unknown>)[mutation.key] = mutation.value;
    } else {
      (parent as Record<string | number, unknown>)[key] = { [mutation.key]: mutation.value };
    }
  }
  return copy;
}
